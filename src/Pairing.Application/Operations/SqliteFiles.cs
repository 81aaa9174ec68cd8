using Microsoft.Data.Sqlite;

namespace Pairing.Application.Operations;

/// <summary>What backup and restore need from a SQLite file: its path, a consistent copy through the online backup
/// API, and whether a file is an intact Pairing database (integrity check, then EF Core's migration history).</summary>
public static class SqliteFiles
{
    public sealed record Inspection(string? Problem, IReadOnlyList<string> Migrations);

    public static string PathOf(string connectionString) => Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    /// <summary>Copies the open database into a file as one committed snapshot, kept as a single file (rollback
    /// journal, no -wal beside it).</summary>
    public static async Task CopyAsync(SqliteConnection from, string file, CancellationToken ct)
    {
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await to.OpenAsync(ct);
        from.BackupDatabase(to);
        await using var single = to.CreateCommand();
        single.CommandText = "PRAGMA journal_mode=DELETE;";
        await single.ExecuteScalarAsync(ct);
    }

    /// <summary>Opens the file read-only and says what is wrong with it as a Pairing database, or nothing.</summary>
    public static async Task<Inspection> InspectAsync(string file, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            var integrity = await ScalarAsync(connection, "PRAGMA integrity_check;", ct);
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal)) return new($"文件已损坏（{integrity}）", []);
            if (await ScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';", ct) is null)
                return new("不是 Pairing 数据库（没有迁移记录）", []);
            var migrations = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) migrations.Add(reader.GetString(0));
            return migrations.Count == 0 ? new("不是 Pairing 数据库（迁移记录为空）", []) : new(null, migrations);
        }
        catch (SqliteException ex)
        {
            // SQLITE_NOTADB (26) and SQLITE_CORRUPT (11): bytes that are not, or no longer, a database.
            return new(ex.SqliteErrorCode is 26 or 11 ? "不是 SQLite 数据库文件，或文件已损坏" : $"无法读取（{ex.Message}）", []);
        }
    }

    /// <summary>Whether the file holds any table (an empty or missing file holds nothing to lose).</summary>
    public static async Task<bool> HasTablesAsync(SqliteConnection connection, CancellationToken ct) =>
        await ScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 1;", ct) is not null;

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }
}
