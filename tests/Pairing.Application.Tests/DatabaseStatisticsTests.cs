using Microsoft.EntityFrameworkCore;
using Pairing.Application.Operations;
using Pairing.Data;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>`pairing db optimize` leaves the planner statistics that make lists choose their indexes: after it, the
/// registry's tables are measured on both databases; the periodic run is cheap and safe to repeat.</summary>
public sealed class DatabaseStatisticsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_full_run_measures_the_tables_and_the_periodic_run_can_repeat(string provider)
    {
        await using var world = await ProgramWorld.CreateAsync(provider);
        var report = await world.App.Send(new OptimizeDatabase.Command(Full: true));
        Assert.True(report.TablesWithStatistics >= 2, $"{report.TablesWithStatistics} tables measured");

        await using (var db = world.App.Db())
        {
            var measured = provider == TestDatabase.Postgres
                ? await db.Database.SqlQueryRaw<string>("SELECT relname AS \"Value\" FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL").ToListAsync()
                : await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tbl AS \"Value\" FROM sqlite_stat1").ToListAsync();
            Assert.Contains("institutions", measured);
            Assert.Contains("accounts", measured);
        }

        var again = await world.App.Send(new OptimizeDatabase.Command(Full: false));
        Assert.Equal(report.TablesWithStatistics, again.TablesWithStatistics);
    }
}
