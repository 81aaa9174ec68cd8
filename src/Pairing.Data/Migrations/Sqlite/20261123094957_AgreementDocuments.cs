using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Targets",
                table: "agreements",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "agreement_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UnsignedSha256 = table.Column<string>(type: "TEXT", nullable: false),
                    UnsignedLength = table.Column<long>(type: "INTEGER", nullable: false),
                    Pdf = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SignedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Sealed = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_documents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_AgreementId_Revision",
                table: "agreement_documents",
                columns: new[] { "AgreementId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_Reference",
                table: "agreement_documents",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_documents");

            migrationBuilder.DropColumn(
                name: "Targets",
                table: "agreements");
        }
    }
}
