using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pairing.Data.Dialects;
using Pairing.Data.Workflows;
using Pairing.Workflows.Storage;

namespace Pairing.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Opens the database a connection string names: PostgreSQL when it has a Host, otherwise a SQLite file.</summary>
public sealed class PairingDatabase
{
    public const string DefaultConnection = "Data Source=data/pairing.db";

    public PairingDatabase(string? connectionString)
    {
        ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultConnection : connectionString;
        Provider = ConnectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        Dialect = Provider == DatabaseProvider.Postgres ? new PostgresDialect() : new SqliteDialect(Create);
        if (Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
            ConnectionString = builder.ToString();
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (directory is not null && builder.Mode != SqliteOpenMode.Memory) Directory.CreateDirectory(directory);
            _sqlite = new DbContextOptionsBuilder<SqlitePairingDbContext>().UseSqlite(ConnectionString).AddInterceptors(SqliteBusyTimeout.Instance).Options;
        }
        else
        {
            // Nothing is left on a connection between uses (advisory locks are transaction-scoped), so the pool need not
            // send DISCARD ALL each time one is handed back.
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            if (!ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
            ConnectionString = builder.ConnectionString;
            _postgres = new DbContextOptionsBuilder<PostgresPairingDbContext>().UseNpgsql(ConnectionString).Options;
        }
    }

    // Built once: a context's options are immutable and building them per context costs a measurable share of a step.
    private readonly DbContextOptions<SqlitePairingDbContext>? _sqlite;
    private readonly DbContextOptions<PostgresPairingDbContext>? _postgres;

    public string ConnectionString { get; }
    public DatabaseProvider Provider { get; }
    public IDatabaseDialect Dialect { get; }

    /// <summary>The workflow engine's store over this database.</summary>
    public IWorkflowStore WorkflowStore() => new EfWorkflowStore(Create, Dialect);

    public PairingDbContext Create() => _postgres is not null ? new PostgresPairingDbContext(_postgres) : new SqlitePairingDbContext(_sqlite!);

    /// <summary>Applies migrations. SQLite also switches to WAL so readers never block the single writer.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = Create();
        await db.Database.MigrateAsync(ct);
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>Which database this is, independent of credentials: the SQLite file's full path, or PostgreSQL host,
    /// port and database name.</summary>
    public string Identity => Provider == DatabaseProvider.Postgres
        ? $"postgres://{new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Host}:{new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Port}/{new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database}"
        : $"sqlite://{Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource)}";

    public string Describe() => Provider == DatabaseProvider.Postgres
        ? $"PostgreSQL（{new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Host}/{new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database}）"
        : $"SQLite（{new SqliteConnectionStringBuilder(ConnectionString).DataSource}）";
}
