using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JournalAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The journal is append-only: the database refuses edits and deletions. The hash chain still detects tampering by anyone who removes these triggers.
            migrationBuilder.Sql("""
                CREATE TRIGGER wf_journal_no_update BEFORE UPDATE ON wf_journal
                BEGIN SELECT RAISE(ABORT, 'wf_journal is append-only'); END;
                CREATE TRIGGER wf_journal_no_delete BEFORE DELETE ON wf_journal
                BEGIN SELECT RAISE(ABORT, 'wf_journal is append-only'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS wf_journal_no_update;
                DROP TRIGGER IF EXISTS wf_journal_no_delete;
                """);
        }
    }
}
