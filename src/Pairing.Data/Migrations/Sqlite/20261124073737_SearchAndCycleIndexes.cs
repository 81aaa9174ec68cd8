using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
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

            // Agreement search: a trigram full-text index over number and title (substring matches, case as typed, as
            // instr compares). Its own rows with a map from agreement id to FTS row: an agreement's rowid is not
            // stable (VACUUM may renumber a table without an INTEGER PRIMARY KEY), the FTS table's is.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE agreements_fts USING fts5(Number, Title, tokenize = 'trigram case_sensitive 1');
                CREATE TABLE agreements_fts_rows ("Id" TEXT NOT NULL PRIMARY KEY, "FtsRowid" INTEGER NOT NULL);
                INSERT INTO agreements_fts (rowid, Number, Title) SELECT rowid, "Number", "Title" FROM agreements;
                INSERT INTO agreements_fts_rows ("Id", "FtsRowid") SELECT "Id", rowid FROM agreements;
                CREATE TRIGGER agreements_fts_insert AFTER INSERT ON agreements BEGIN
                    INSERT INTO agreements_fts (Number, Title) VALUES (NEW."Number", NEW."Title");
                    INSERT INTO agreements_fts_rows ("Id", "FtsRowid") VALUES (NEW."Id", last_insert_rowid());
                END;
                CREATE TRIGGER agreements_fts_update AFTER UPDATE OF "Number", "Title" ON agreements BEGIN
                    UPDATE agreements_fts SET Number = NEW."Number", Title = NEW."Title"
                    WHERE rowid = (SELECT "FtsRowid" FROM agreements_fts_rows WHERE "Id" = OLD."Id");
                END;
                CREATE TRIGGER agreements_fts_delete AFTER DELETE ON agreements BEGIN
                    DELETE FROM agreements_fts WHERE rowid = (SELECT "FtsRowid" FROM agreements_fts_rows WHERE "Id" = OLD."Id");
                    DELETE FROM agreements_fts_rows WHERE "Id" = OLD."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS agreements_fts_insert;
                DROP TRIGGER IF EXISTS agreements_fts_update;
                DROP TRIGGER IF EXISTS agreements_fts_delete;
                DROP TABLE IF EXISTS agreements_fts_rows;
                DROP TABLE IF EXISTS agreements_fts;
                """);

            migrationBuilder.DropIndex(
                name: "IX_wf_instances_State_Status_ParentId",
                table: "wf_instances");
        }
    }
}
