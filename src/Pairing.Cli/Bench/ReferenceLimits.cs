using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pairing.Cli.Bench;

/// <summary>What the database alone allows on this machine, measured in the same run as the engine so that the ratio
/// stays meaningful on a noisy machine: one-row INSERT transactions. SQLite: a scratch file with the engine's settings
/// (WAL, synchronous FULL, busy_timeout, one writer at a time). PostgreSQL: `pgbench -N` (its simple-update script
/// without the contended branch/teller updates) when pgbench is on PATH, else the same one-row loop over Npgsql.</summary>
public static partial class ReferenceLimits
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    public static async Task<(double One, double Many, string How)> SqliteAsync(int clients)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pairing-ref-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        try
        {
            await using (var setup = new SqliteConnection(connection))
            {
                await setup.OpenAsync();
                await Execute(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
            }
            // One writer at a time, as the engine's in-process gate does it.
            var gate = new SemaphoreSlim(1, 1);
            async Task<double> Run(int threads) => await LoopAsync(threads, async () =>
            {
                var conn = new SqliteConnection(connection);
                await conn.OpenAsync();
                await Execute(conn, "PRAGMA busy_timeout = 10000;");
                return (conn, async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await using var tx = conn.BeginTransaction();
                        await using var insert = conn.CreateCommand();
                        insert.CommandText = "INSERT INTO t (v) VALUES ('x')";
                        await insert.ExecuteNonQueryAsync();
                        await tx.CommitAsync();
                    }
                    finally { gate.Release(); }
                }
                );
            });
            return (await Run(1), await Run(clients), "SQLite 单行插入事务（WAL，synchronous=FULL）");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }

    public static async Task<(double One, double Many, string How)> PostgresAsync(string connection, int clients)
    {
        if (await PgbenchAsync(connection, clients) is { } measured) return measured;
        await using (var setup = new NpgsqlConnection(connection))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_ref (id bigserial PRIMARY KEY, v text NOT NULL)", setup);
            await create.ExecuteNonQueryAsync();
        }
        async Task<double> Run(int threads) => await LoopAsync(threads, async () =>
        {
            var conn = new NpgsqlConnection(connection);
            await conn.OpenAsync();
            return (conn, async () =>
            {
                await using var tx = await conn.BeginTransactionAsync();
                await using var insert = new NpgsqlCommand("INSERT INTO bench_ref (v) VALUES ('x')", conn, tx);
                await insert.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }
            );
        });
        return (await Run(1), await Run(clients), "PostgreSQL 单行插入事务（未找到 pgbench）");
    }

    private static async Task<(double, double, string)?> PgbenchAsync(string connection, int clients)
    {
        var c = new NpgsqlConnectionStringBuilder(connection);
        async Task<string?> Pgbench(params string[] args)
        {
            var info = new ProcessStartInfo("pgbench") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-h", c.Host ?? "localhost", "-p", c.Port.ToString(CultureInfo.InvariantCulture), "-U", c.Username ?? "postgres" }.Concat(args).Append(c.Database ?? "postgres"))
                info.ArgumentList.Add(a);
            if (c.Password is { } password) info.Environment["PGPASSWORD"] = password;
            try
            {
                using var process = Process.Start(info)!;
                var output = await process.StandardOutput.ReadToEndAsync();
                await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return process.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
        if (await Pgbench("-i", "-q", "-s", "1") is null) return null;
        var seconds = ((int)Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var one = Tps(await Pgbench("-N", "-c", "1", "-T", seconds));
        var n = clients.ToString(CultureInfo.InvariantCulture);
        var many = Tps(await Pgbench("-N", "-c", n, "-j", n, "-T", seconds));
        return one is null || many is null ? null : (one.Value, many.Value, "pgbench -N");
    }

    private static double? Tps(string? output) =>
        output is not null && TpsLine().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsLine();

    /// <summary>Runs the operation from <paramref name="threads"/> clients for a fixed time and returns operations per second.</summary>
    private static async Task<double> LoopAsync(int threads, Func<Task<(IAsyncDisposable Connection, Func<Task> Run)>> client)
    {
        var operations = 0L;
        var stop = DateTime.UtcNow + Duration;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            var (connection, run) = await client();
            await using (connection)
                while (DateTime.UtcNow < stop)
                {
                    await run();
                    Interlocked.Increment(ref operations);
                }
        })));
        return operations / clock.Elapsed.TotalSeconds;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
