using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AgreementDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "Targets",
                table: "agreements",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.CreateTable(
                name: "agreement_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UnsignedSha256 = table.Column<string>(type: "text", nullable: false),
                    UnsignedLength = table.Column<long>(type: "bigint", nullable: false),
                    Pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    SignedBy = table.Column<List<string>>(type: "text[]", nullable: false),
                    Sealed = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
