using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pairing.Testing;

/// <summary>A real, empty database for one test: a SQLite file, or a fresh database on the PostgreSQL server named
/// by PAIRING_TEST_PG. Disposing removes it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly string? _pgName;
    private readonly string? _file;

    private TestDatabase(string provider, string connectionString, string? pgName, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _pgName = pgName;
        _file = file;
    }

    public string Provider { get; }
    public string ConnectionString { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable("PAIRING_TEST_PG") is { Length: > 0 } s ? s : null;

    /// <summary>Providers to run a theory on: SQLite always; PostgreSQL when configured. CI sets PAIRING_REQUIRE_PG
    /// so that a missing server fails the run instead of silently shrinking it.</summary>
    public static IEnumerable<object[]> Providers()
    {
        yield return [Sqlite];
        if (PostgresServer is not null) yield return [Postgres];
        else if (Environment.GetEnvironmentVariable("PAIRING_REQUIRE_PG") == "1")
            throw new InvalidOperationException("PAIRING_REQUIRE_PG=1 but PAIRING_TEST_PG is not set");
    }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"pairing-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), null, file);
        }
        var server = PostgresServer ?? throw new InvalidOperationException("PAIRING_TEST_PG is not set");
        var name = $"pt_{Guid.NewGuid():N}"[..24];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ConnectionString, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(PostgresServer);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
