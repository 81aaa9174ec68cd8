using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;

namespace Pairing.Application.Operations;

/// <summary>What refreshing the query planner's statistics did: which database, how many tables now have statistics,
/// and how long it took.</summary>
public sealed record OptimizeReport(string Description, int TablesWithStatistics, TimeSpan Took);

/// <summary>Keeps the query planner's statistics current, so lists and counts keep choosing their indexes as the tables
/// grow. <see cref="Command.Full"/> measures every table (after a bulk load or a restore: `pairing db optimize`); the
/// periodic run lets SQLite's <c>PRAGMA optimize</c> re-measure only tables that changed a lot, which is cheap.
/// PostgreSQL's autovacuum analyzes on its own; the full run calls <c>ANALYZE</c> at once instead of waiting for it.</summary>
public static class OptimizeDatabase
{
    public sealed record Command(bool Full) : IRequest<OptimizeReport>;

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Command, OptimizeReport>
    {
        public async Task<OptimizeReport> Handle(Command request, CancellationToken ct)
        {
            var started = clock.GetTimestamp();
            await using var db = database.Create();
            int tables;
            if (database.Provider == DatabaseProvider.Postgres)
            {
                if (request.Full) await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
                tables = await db.Database.SqlQueryRaw<int>(
                    "SELECT count(*)::int AS \"Value\" FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL").SingleAsync(ct);
            }
            else
            {
                // analysis_limit bounds the rows sampled per index, so even a province-sized file is measured in seconds.
                // 0x10002: consider every table, not only those this connection happened to query.
                await db.Database.ExecuteSqlRawAsync(request.Full
                    ? "PRAGMA analysis_limit=1000; ANALYZE;"
                    : "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct);
                tables = await db.Database.SqlQueryRaw<int>("SELECT count(DISTINCT tbl) AS \"Value\" FROM sqlite_stat1").SingleAsync(ct);
            }
            return new OptimizeReport(database.Describe(), tables, clock.GetElapsedTime(started));
        }
    }
}
