using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using Npgsql;
using Pairing.Data;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Cli.Bench;

/// <summary>One phase: how many operations in how long, each operation's latency (p50, p99), and what the database
/// alone allowed in the same run for the same number of clients (one-row transactions per second), if measured.</summary>
public sealed record BenchResult(string Database, string Phase, int Operations, double Seconds, double P50Ms, double P99Ms, double? Reference = null)
{
    public double PerSecond => Operations / Seconds;

    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}

/// <summary>Measures the engine on a fresh database: instance starts, then actions (submit, approve and two
/// sign-offs per instance, each one transaction with tasks, journal and idempotency record), first from one client,
/// then from several clients on different instances at once.</summary>
public static class EngineBenchmark
{
    private const string Definition = """
        {
          "id": "bench", "version": 1, "title": "基准流程", "scopes": ["owner", "party", "reviewer"],
          "initialState": "draft",
          "states": [
            { "id": "draft", "task": { "roles": ["staff"], "scope": "owner" },
              "actions": [ { "id": "submit", "to": "review", "roles": ["staff"], "scope": "owner" } ] },
            { "id": "review", "task": { "roles": ["bureau"], "scope": "reviewer", "dueInDays": 10 },
              "actions": [ { "id": "approve", "to": "signing", "roles": ["bureau"], "scope": "reviewer" },
                           { "id": "return", "to": "draft", "roles": ["bureau"], "scope": "reviewer", "commentRequired": true } ] },
            { "id": "signing", "signoff": { "action": "sign", "then": "done" },
              "actions": [ { "id": "sign", "roles": ["signatory"], "scope": "party" } ] },
            { "id": "done", "final": true }
          ]
        }
        """;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string label, string connection, int instances, int clients, IProgress<string> progress)
    {
        // The engine alone over Pairing's store: no program plug-ins, so the figures are the engine's own cost.
        var database = new PairingDatabase(connection);
        await database.MigrateAsync();
        var store = database.WorkflowStore();
        var plugins = new PluginRegistry();
        var parts = new EngineParts(store, new DefinitionStore(new DefinitionLoader(plugins), store), plugins, TimeProvider.System,
            new EngineOptions { JournalKey = RandomNumberGenerator.GetBytes(32) });
        var engine = new WorkflowEngine(parts);
        await parts.Definitions.PublishAsync(new DefinitionLoader(plugins).LoadOrThrow("bench.json", Definition), parts.UtcNow);

        var owner = Actor("staff", "inst:a");
        var reviewer = Actor("bureau", "county:x");
        var signerA = Actor("signatory", "inst:a");
        var signerB = Actor("signatory", "inst:b");
        var scopes = new Dictionary<string, List<string>> { ["owner"] = ["inst:a"], ["party"] = ["inst:a", "inst:b"], ["reviewer"] = ["county:x"] };
        var results = new List<BenchResult>();

        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        async Task Timed(Func<Task> operation)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        BenchResult Phase(string phase, int operations, TimeSpan elapsed)
        {
            var result = new BenchResult(label, phase, operations, elapsed.TotalSeconds, BenchResult.Percentile(latencies, 0.5), BenchResult.Percentile(latencies, 0.99));
            latencies.Clear();
            return result;
        }

        async Task<List<Guid>> StartAll(int count)
        {
            var ids = new List<Guid>();
            for (var i = 0; i < count; i++)
                await Timed(async () => ids.Add((await engine.StartAsync("bench", "bench", i.ToString(CultureInfo.InvariantCulture), new JsonObject(), scopes, owner)).Id));
            return ids;
        }

        async Task Walk(Guid id)
        {
            await Timed(() => engine.ExecuteAsync(id, "submit", owner, new ActionRequest($"{id}:submit")));
            await Timed(() => engine.ExecuteAsync(id, "approve", reviewer, new ActionRequest($"{id}:approve")));
            await Timed(() => engine.ExecuteAsync(id, "sign", signerA, new ActionRequest($"{id}:sign-a")));
            await Timed(() => engine.ExecuteAsync(id, "sign", signerB, new ActionRequest($"{id}:sign-b")));
        }

        // Warm up the model, the connection pool and the JIT before measuring.
        foreach (var id in await StartAll(5)) await Walk(id);
        latencies.Clear();

        var clock = Stopwatch.StartNew();
        var sequential = await StartAll(instances);
        results.Add(Phase("启动实例（单客户端）", instances, clock.Elapsed));
        progress.Report($"{label}：已启动 {instances} 个实例");

        clock.Restart();
        foreach (var id in sequential) await Walk(id);
        results.Add(Phase("动作（单客户端）", instances * 4, clock.Elapsed));
        progress.Report($"{label}：单客户端动作完成");

        var parallel = await StartAll(instances);
        latencies.Clear();
        clock.Restart();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Guid>(parallel);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var id)) await Walk(id);
        })));
        results.Add(Phase($"动作（{clients} 个并发客户端）", instances * 4, clock.Elapsed));
        return results;
    }

    /// <summary>A scratch database for the run: a temporary SQLite file, or a new database on the given PostgreSQL
    /// server that is dropped afterwards.</summary>
    public static async Task<IReadOnlyList<BenchResult>> RunOnScratchAsync(string provider, string? server, int instances, int clients, IProgress<string> progress)
    {
        if (provider == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"pairing-bench-{Guid.NewGuid():N}.db");
            try
            {
                var engine = await RunAsync("SQLite", $"Data Source={file}", instances, clients, progress);
                progress.Report("SQLite：测量参考上限");
                return WithReference(engine, await ReferenceLimits.SqliteAsync(clients));
            }
            finally { foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f); }
        }
        var admin = new NpgsqlConnectionStringBuilder(server ?? throw new ArgumentException("--db：PostgreSQL 基准需要连接串（Host=…;Username=…;Password=…）"));
        var name = $"pairing_bench_{Guid.NewGuid():N}"[..30];
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var scratch = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString;
            var engine = await RunAsync("PostgreSQL", scratch, instances, clients, progress);
            progress.Report("PostgreSQL：测量参考上限");
            return WithReference(engine, await ReferenceLimits.PostgresAsync(scratch, clients));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(admin.ConnectionString);
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The reference for each action phase: one client's limit for the single-client phase, the many clients'
    /// limit for the concurrent one.</summary>
    private static List<BenchResult> WithReference(IReadOnlyList<BenchResult> results, (double One, double Many, string How) limit)
    {
        ReferenceName = limit.How;
        return [results[0], results[1] with { Reference = limit.One }, results[2] with { Reference = limit.Many }];
    }

    /// <summary>How the last reference was measured, for the table's caption.</summary>
    public static string ReferenceName { get; private set; } = "";

    private static Actor Actor(string role, string scope) => new($"{role}@{scope}", role, new HashSet<string> { role }, new HashSet<string> { scope });
}
