using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>What SQLite plans for the access checks of the lists: a school's and a county's agreements are found from
/// their parties by index — the agreements table is searched by key, never scanned row by row — so a school's list
/// costs the same at five thousand agreements as at fifty.</summary>
public sealed class QueryPlanTests
{
    private static async Task<List<string>> PlanAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // EF writes the parameters as ".param set" lines; left unbound (NULL) here: the plan depends on the query's
        // shape, not on the values.
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith('.') && !l.StartsWith("--", StringComparison.Ordinal)));
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return steps;
    }

    [Theory]
    [InlineData("g1", "IX_agreement_parties_InstitutionCode")]
    [InlineData("lz", "IX_institutions_CityCode_CountyCode")]
    public async Task A_school_or_county_list_starts_from_its_parties_by_index(string user, string searched)
    {
        await using var w = await ProgramWorld.CreateAsync(TestDatabase.Sqlite);
        await using var db = w.App.Db();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user);
        var plan = await PlanAsync(db, AgreementPolicy.Visible(db, account).Select(a => a.Id).ToQueryString());
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN a", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH a ", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains(searched, StringComparison.Ordinal));
    }
}
