using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrdinalNumberIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Lists order numbers ordinally (COLLATE "C", as SQLite's BINARY); an index in that collation lets the
            // first page of a long list be read in order instead of sorting every agreement.
            migrationBuilder.Sql("""CREATE INDEX IF NOT EXISTS "IX_agreements_Number_C" ON agreements ("Number" COLLATE "C");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_agreements_Number_C";""");
        }
    }
}
