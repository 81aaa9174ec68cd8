using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "JournalSeal",
                table: "wf_instances",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SignatoryAccount",
                table: "agreement_parties",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "UnsignedSha256",
                table: "agreement_documents",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "agreement_documents",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "agreement");

            migrationBuilder.AddColumn<string>(
                name: "Signatures",
                table: "agreement_documents",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Slots",
                table: "agreement_documents",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PersonName",
                table: "accounts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Position",
                table: "accounts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "wf_checkpoints",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Instances = table.Column<int>(type: "integer", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    SetDigest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PrevMac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Mac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "UnsignedSha256",
                table: "agreement_documents",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_AgreementId_Revision",
                table: "agreement_documents",
                columns: new[] { "AgreementId", "Revision" },
                unique: true);
        }
    }
}
