using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustAndAnchors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_agreement_documents_AgreementId_Revision",
                table: "agreement_documents");

            migrationBuilder.AddColumn<long>(
                name: "CheckpointSeq",
                table: "wf_instances",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "JournalSeal",
                table: "wf_instances",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SignatoryAccount",
                table: "agreement_parties",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "agreement_documents",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "agreement");

            migrationBuilder.AddColumn<string>(
                name: "Signatures",
                table: "agreement_documents",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Slots",
                table: "agreement_documents",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PersonName",
                table: "accounts",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Position",
                table: "accounts",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "wf_checkpoints",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Instances = table.Column<int>(type: "INTEGER", nullable: false),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false),
                    SetDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PrevMac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Mac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_checkpoints", x => x.Seq);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_AgreementId_Revision_Kind",
                table: "agreement_documents",
                columns: new[] { "AgreementId", "Revision", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_UnsignedSha256",
                table: "agreement_documents",
                column: "UnsignedSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wf_checkpoints");

            migrationBuilder.DropIndex(
                name: "IX_agreement_documents_AgreementId_Revision_Kind",
                table: "agreement_documents");

            migrationBuilder.DropIndex(
                name: "IX_agreement_documents_UnsignedSha256",
                table: "agreement_documents");

            migrationBuilder.DropColumn(
                name: "CheckpointSeq",
                table: "wf_instances");

            migrationBuilder.DropColumn(
                name: "JournalSeal",
                table: "wf_instances");

            migrationBuilder.DropColumn(
                name: "SignatoryAccount",
                table: "agreement_parties");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "agreement_documents");

            migrationBuilder.DropColumn(
                name: "Signatures",
                table: "agreement_documents");

            migrationBuilder.DropColumn(
                name: "Slots",
                table: "agreement_documents");

            migrationBuilder.DropColumn(
                name: "PersonName",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "Position",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_AgreementId_Revision",
                table: "agreement_documents",
                columns: new[] { "AgreementId", "Revision" },
                unique: true);
        }
    }
}
