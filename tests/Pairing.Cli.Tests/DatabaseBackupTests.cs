using Microsoft.Data.Sqlite;
using Pairing.Testing;

namespace Pairing.Cli.Tests;

/// <summary>`pairing db backup` and `db restore`: a backup taken while timers fire restores into a fresh database whose
/// journal verifies with the original keys; anything that is not an intact Pairing database is refused, and data is
/// replaced only on --force, after being copied aside.</summary>
public sealed class DatabaseBackupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-backup").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_the_journal_is_written_restores_into_a_fresh_file_that_passes_audit_verify()
    {
        using var live = new CliRunner();
        await live.SeedAsync("qingyuan");
        var backup = Path.Combine(_folder, "pairing-backup.db");

        // Another process keeps writing keyed journal checkpoints before, during and after the backup. Both runs share
        // the process's working folder: pin it so that neither moves it under the other.
        Directory.SetCurrentDirectory(RepoPaths.Root);
        var backupDone = new TaskCompletionSource();
        var writing = new TaskCompletionSource();
        var writer = Task.Run(async () =>
        {
            var written = 0;
            while (!backupDone.Task.IsCompleted || written < 3)
            {
                var checkpoint = await live.RunAsync("audit", "checkpoint");
                Assert.True(checkpoint.Exit == 0, checkpoint.Err);
                written++;
                writing.TrySetResult();
            }
            return written;
        });
        await writing.Task;
        var backedUp = await live.RunAsync("db", "backup", backup);
        backupDone.SetResult();
        Assert.True(await writer >= 3);
        Assert.True(backedUp.Exit == 0, backedUp.Err);
        Assert.Contains("已备份到", backedUp.Out);
        Assert.Contains("不在备份文件中", backedUp.Out);
        Assert.False(File.Exists(backup + "-wal"), "a backup is one self-contained file");

        using var fresh = new CliRunner();
        var restored = await fresh.RunAsync("db", "restore", backup);
        Assert.True(restored.Exit == 0, restored.Err);
        Assert.Contains("已恢复到", restored.Out);
        Assert.Contains(fresh.Pki, restored.Out);

        // Without the original journal key the seals cannot be checked: the key folder is backed up apart.
        var withoutKeys = await fresh.RunAsync("audit", "verify");
        Assert.Equal(1, withoutKeys.Exit);
        fresh.CopyKeysFrom(live);
        var verified = await fresh.RunAsync("audit", "verify");
        Assert.True(verified.Exit == 0, verified.Out + verified.Err);
        Assert.Contains("日志完整", verified.Out);

        // The restored database is the demo: its agreements are there for their users.
        var agreements = await fresh.RunAsync("agreements", "list", "--as", "qy.city");
        Assert.True(agreements.Exit == 0, agreements.Err);
        Assert.Contains("441800-TG-2024-001", agreements.Out);
    }

    [Fact]
    public async Task Restore_refuses_what_is_not_an_intact_Pairing_database_and_replaces_data_only_on_force()
    {
        using var empty = new CliRunner();
        var noise = Path.Combine(_folder, "noise.db");
        await File.WriteAllBytesAsync(noise, Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var refused = await empty.RunAsync("db", "restore", noise);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("不是 SQLite 数据库文件", refused.Err);

        var foreign = Path.Combine(_folder, "foreign.db");
        await using (var other = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');";
            await create.ExecuteNonQueryAsync();
        }
        var notPairing = await empty.RunAsync("db", "restore", foreign);
        Assert.Equal(1, notPairing.Exit);
        Assert.Contains("不是 Pairing 数据库", notPairing.Err);

        using var live = new CliRunner();
        await live.SeedAsync("qingyuan");
        var backup = Path.Combine(_folder, "good.db");
        Assert.Equal(0, (await live.RunAsync("db", "backup", backup)).Exit);
        var again = await live.RunAsync("db", "backup", backup);
        Assert.Equal(1, again.Exit);
        Assert.Contains("--force", again.Err);

        // A copy cut short (a full disk, an interrupted transfer) is damaged, not a database to restore.
        var truncated = Path.Combine(_folder, "truncated.db");
        var bytes = await File.ReadAllBytesAsync(backup);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var damaged = await empty.RunAsync("db", "restore", truncated);
        Assert.Equal(1, damaged.Exit);
        Assert.Matches("损坏|不是 SQLite", damaged.Err);
        await using (var untouched = new SqliteConnection($"Data Source={empty.DatabaseFile};Pooling=False"))
        {
            await untouched.OpenAsync();
            await using var tables = untouched.CreateCommand();
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'";
            Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
        }

        // A database with data is replaced only when asked to, and its data is kept aside first.
        var unconfirmed = await live.RunAsync("db", "restore", backup);
        Assert.Equal(1, unconfirmed.Exit);
        Assert.Contains("--force", unconfirmed.Err);
        var confirmed = await live.RunAsync("db", "restore", backup, "--force");
        Assert.True(confirmed.Exit == 0, confirmed.Err);
        var aside = Directory.GetFiles(Path.GetDirectoryName(live.DatabaseFile)!, Path.GetFileNameWithoutExtension(live.DatabaseFile) + ".before-restore-*");
        try
        {
            Assert.Single(aside);
            Assert.Contains(aside[0], confirmed.Out);
            Assert.Equal(0, (await live.RunAsync("audit", "verify")).Exit);
        }
        finally
        {
            foreach (var file in aside) File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_PostgreSQL_backup_runs_pg_dump_and_restore_gives_the_pg_restore_recipe(string provider)
    {
        if (provider != TestDatabase.Postgres) return;
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.Equal(0, (await RunAsync(database.ConnectionString, "db", "migrate")).Exit);
        var dump = Path.Combine(_folder, "pairing.dump");

        var backup = await RunAsync(database.ConnectionString, "db", "backup", dump);
        if (File.Exists("/usr/bin/pg_dump") || Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(p => File.Exists(Path.Combine(p, "pg_dump"))))
        {
            Assert.True(backup.Exit == 0, backup.Err);
            Assert.Equal("PGDMP"u8.ToArray(), (await File.ReadAllBytesAsync(dump))[..5]);
        }
        else
        {
            Assert.Equal(1, backup.Exit);
            Assert.Contains("pg_dump --format=custom", backup.Err);
        }

        var restore = await RunAsync(database.ConnectionString, "db", "restore", dump);
        Assert.Equal(1, restore.Exit);
        Assert.Contains("pg_restore", restore.Err);
        Assert.Contains("createdb", restore.Err);
        var password = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
        if (!string.IsNullOrEmpty(password)) Assert.DoesNotContain($"Password={password}", restore.Err + backup.Out + backup.Err);
    }

    private static async Task<CliResult> RunAsync(string db, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--db", db], output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
