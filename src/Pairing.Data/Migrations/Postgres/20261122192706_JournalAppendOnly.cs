using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JournalAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The journal is append-only: the database refuses edits and deletions. The hash chain still detects tampering by anyone who removes these triggers.
            migrationBuilder.Sql("""
                CREATE FUNCTION wf_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'wf_journal is append-only'; END $$;
                CREATE TRIGGER wf_journal_no_change BEFORE UPDATE OR DELETE ON wf_journal
                FOR EACH ROW EXECUTE FUNCTION wf_journal_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS wf_journal_no_change ON wf_journal;
                DROP FUNCTION IF EXISTS wf_journal_append_only();
                """);
        }
    }
}
