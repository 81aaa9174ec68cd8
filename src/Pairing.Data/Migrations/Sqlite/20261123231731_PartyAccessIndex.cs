using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartyAccessIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_agreement_parties_AgreementId",
                table: "agreement_parties");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_parties_AgreementId_InstitutionCode",
                table: "agreement_parties",
                columns: new[] { "AgreementId", "InstitutionCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_agreement_parties_AgreementId_InstitutionCode",
                table: "agreement_parties");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_parties_AgreementId",
                table: "agreement_parties",
                column: "AgreementId");
        }
    }
}
