using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pairing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxAndSharedKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_wf_timers_InstanceId",
                table: "wf_timers");

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Effect = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParamsJson = table.Column<string>(type: "TEXT", nullable: false),
                    EffectKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ActorJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_wf_timers_InstanceId_Status_DueAt",
                table: "wf_timers",
                columns: new[] { "InstanceId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_InstanceId",
                table: "wf_outbox",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_Status_NextAttemptAt",
                table: "wf_outbox",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "wf_outbox");

            migrationBuilder.DropIndex(
                name: "IX_wf_timers_InstanceId_Status_DueAt",
                table: "wf_timers");

            migrationBuilder.CreateIndex(
                name: "IX_wf_timers_InstanceId",
                table: "wf_timers",
                column: "InstanceId");
        }
    }
}
