using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Journal;

namespace Pairing.Workflows.Tests;

public sealed class JournalTests
{
    public static IEnumerable<object[]> Cases() =>
        TestDatabase.Providers().SelectMany(p => new[] { "edit", "delete-newest", "delete-middle" }.Select(c => new[] { p[0], c }));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Any_edited_or_deleted_entry_is_detected(string provider, string tampering)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.ToSigningAsync();
        await f.ActAsync(id, "sign", f.SignerA);
        await using var db = f.Db();
        Assert.True((await f.VerifyJournalAsync()).Intact);

        var entries = await db.Journal.Where(j => j.InstanceId == id).OrderBy(j => j.Seq).ToListAsync();
        var target = tampering == "delete-newest" ? entries[^1] : entries[1];
        var sql = tampering == "edit"
            ? $"UPDATE wf_journal SET \"Comment\" = 'approved by nobody' WHERE \"Id\" = {target.Id}"
            : $"DELETE FROM wf_journal WHERE \"Id\" = {target.Id}";

        // The database itself refuses: the journal is append-only.
        var refused = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync(sql));
        Assert.Contains("append-only", refused?.Message);

        // Someone with administrator rights removes the protection first; the hash chain still gives them away.
        await db.Database.ExecuteSqlRawAsync(provider == TestDatabase.Postgres
            ? "ALTER TABLE wf_journal DISABLE TRIGGER wf_journal_no_change"
            : "DROP TRIGGER wf_journal_no_update; DROP TRIGGER wf_journal_no_delete;");
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));

        var report = await f.VerifyJournalAsync();
        Assert.False(report.Intact);
        Assert.All(report.Problems, p => Assert.Equal(id, p.InstanceId));
        Assert.Contains(report.Problems, p => p.Seq == target.Seq || tampering == "delete-newest");
    }
}
