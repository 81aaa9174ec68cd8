using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchAndCycleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_State_Status_ParentId",
                table: "wf_instances",
                columns: new[] { "State", "Status", "ParentId" });

            // Agreement search: trigram indexes let LIKE '%…%' on number and title use an index.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_agreements_Number_trgm" ON agreements USING gin ("Number" gin_trgm_ops);
                CREATE INDEX "IX_agreements_Title_trgm" ON agreements USING gin ("Title" gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_agreements_Number_trgm";
                DROP INDEX IF EXISTS "IX_agreements_Title_trgm";
                """);

            migrationBuilder.DropIndex(
                name: "IX_wf_instances_State_Status_ParentId",
                table: "wf_instances");
        }
    }
}
