using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Data.Search;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>What SQLite and PostgreSQL plan for the lists' access checks and search: a school's and a county's
/// agreements are found from their parties by index — the agreements table is searched by key, never scanned row by
/// row — so a school's list costs the same at five thousand agreements as at fifty; search goes through the trigram
/// index. PostgreSQL is asked with sequential scans discouraged, as its planner would choose at scale: the test fails
/// if the index the query needs is missing or the query is shaped so that it cannot use it.</summary>
public sealed partial class QueryPlanTests
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

    [Fact]
    public async Task Search_of_three_characters_or_more_goes_through_the_trigram_table_on_sqlite()
    {
        await using var w = await ProgramWorld.CreateAsync(TestDatabase.Sqlite);
        await using var db = w.App.Db();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "qy");
        var query = AgreementTextSearch.Containing(AgreementPolicy.Visible(db, account), db, DatabaseProvider.Sqlite, "托管帮扶").Select(a => a.Id);
        var plan = await PlanAsync(db, query.ToQueryString());
        Assert.Contains(plan, step => step.Contains("VIRTUAL TABLE INDEX", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN a", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("g1", "IX_agreement_parties_InstitutionCode", null)]
    [InlineData("lz", "IX_institutions_CityCode_CountyCode", null)]
    // The province sees every city: nothing narrows the agreements before the search does.
    [InlineData(ProgramWorld.Viewer, "IX_agreements_Title_trgm", "托管帮扶")]
    [InlineData(ProgramWorld.Viewer, "IX_agreements_Number_trgm", "TG-20")]
    public async Task PostgreSQL_plans_use_the_access_and_search_indexes(string user, string index, string? search)
    {
        if (TestDatabase.PostgresServer is null) return;
        await using var w = await ProgramWorld.CreateAsync(TestDatabase.Postgres);
        await using var db = w.App.Db();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user);
        var visible = AgreementPolicy.Visible(db, account);
        if (search is not null) visible = AgreementTextSearch.Containing(visible, db, DatabaseProvider.Postgres, search);
        var plan = await PostgresPlanAsync(db, visible.Select(a => a.Id).ToQueryString());
        Assert.Contains(index, plan, StringComparison.Ordinal);
    }

    /// <summary>EXPLAIN of EF's SQL with its parameters written in as literals (EF prints them as comment lines).</summary>
    private static async Task<string> PostgresPlanAsync(DbContext db, string sql)
    {
        var lines = sql.Split('\n');
        var body = string.Join('\n', lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var match in lines.Select(l => Parameter().Match(l)).Where(m => m.Success).OrderByDescending(m => m.Groups[1].Length))
            body = body.Replace(match.Groups[1].Value, match.Groups[2].Value, StringComparison.Ordinal);
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = "EXPLAIN " + body;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join('\n', plan);
    }

    [GeneratedRegex("^-- (@\\w+)=(.*?)( \\(DbType = \\w+\\))?$")]
    private static partial Regex Parameter();
}
