using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Testing;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Journal;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;
using Pairing.Workflows.Timers;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Workflows.Tests;

/// <summary>The engine alone on a real database (SQLite or PostgreSQL through Pairing.Data's store), with test
/// plug-ins, a review definition and actors for each role. No application layer is involved.</summary>
public sealed class EngineFixture : IAsyncDisposable
{
    public const string Review = """
        { "id": "review", "version": 1, "title": "审核流程", "scopes": ["owner", "party", "county"], "dateFields": ["dueDate", "from", "to"],
          "initialState": "draft",
          "states": [
            { "id": "draft", "title": "草稿", "task": { "title": "提交", "roles": ["staff"], "scope": "owner" },
              "actions": [ { "id": "submit", "title": "提交", "to": "review", "roles": ["staff"], "scope": "owner",
                             "guards": [ { "name": "test-guard" } ], "effects": [ { "name": "test-effect" } ] } ] },
            { "id": "review", "title": "审核", "task": { "title": "审核", "roles": ["bureau"], "scope": "county" },
              "timers": [ { "id": "remind", "at": { "field": "dueDate", "offsetDays": -14 }, "effect": { "name": "test-notify" } },
                          { "id": "late", "at": { "field": "dueDate", "offsetDays": 1 }, "action": "expire" } ],
              "actions": [ { "id": "approve", "title": "通过", "to": "signing", "roles": ["bureau"], "scope": "county", "effects": [ { "name": "test-notify" } ] },
                           { "id": "return", "title": "退回", "to": "draft", "roles": ["bureau"], "scope": "county", "commentRequired": true },
                           { "id": "rate", "title": "评级", "roles": ["bureau"], "inputs": [ { "name": "rating", "title": "等级", "required": true, "choices": ["优秀", "合格"] } ] },
                           { "id": "expire", "title": "逾期", "to": "late", "roles": ["system"] } ] },
            { "id": "late", "title": "逾期", "actions": [ { "id": "approve", "to": "signing", "roles": ["bureau"], "scope": "county" } ] },
            { "id": "signing", "title": "签署", "signoff": { "action": "sign", "then": "running" },
              "actions": [ { "id": "sign", "title": "签署", "roles": ["signatory"], "scope": "party" } ] },
            { "id": "running", "title": "履行",
              "children": [ { "workflow": "cycle", "calendar": "semester", "fromField": "from", "toField": "to", "dueOffsetDays": 15 } ],
              "actions": [ { "id": "pause", "to": "paused", "roles": ["bureau"] }, { "id": "finish", "to": "done", "roles": ["bureau"] } ] },
            { "id": "paused", "title": "暂停", "actions": [ { "id": "resume", "to": "running", "roles": ["bureau"] } ] },
            { "id": "done", "title": "完成", "final": true } ] }
        """;

    public const string Cycle = """
        { "id": "cycle", "version": 1, "title": "学期报告", "scopes": ["owner", "party", "county"], "dateFields": ["periodStart", "periodEnd", "dueDate"],
          "initialState": "due",
          "states": [
            { "id": "due", "task": { "title": "提交报告", "roles": ["staff"], "scope": "party" },
              "actions": [ { "id": "submit", "to": "closed", "roles": ["staff"], "scope": "party" } ] },
            { "id": "closed", "final": true } ] }
        """;

    private readonly TestDatabase _database;
    private readonly PairingDatabase _db;

    private EngineFixture(TestDatabase database, PairingDatabase db, EngineParts parts, TestClock clock, TestPlugins plugins)
    {
        _database = database;
        _db = db;
        Parts = parts;
        Engine = new WorkflowEngine(parts);
        Timers = new TimerDispatcher(parts, Engine);
        Incidents = new IncidentService(parts);
        Outbox = new EffectOutbox(parts);
        Clock = clock;
        Plugins = plugins;
    }

    public EngineParts Parts { get; }
    public WorkflowEngine Engine { get; }
    public TimerDispatcher Timers { get; }
    public IncidentService Incidents { get; }
    public EffectOutbox Outbox { get; }
    public TestClock Clock { get; }
    public TestPlugins Plugins { get; }
    public DefinitionLoader Loader => new(Parts.Plugins);

    /// <summary>The database itself, for assertions and for tampering as an attacker with write access would.</summary>
    public PairingDbContext Db() => _db.Create();

    public Actor Owner { get; } = Make("staff", "inst:A");
    public Actor Bureau { get; } = Make("bureau", "county:X");
    public Actor OtherBureau { get; } = Make("bureau", "county:Y");
    public Actor SignerA { get; } = Make("signatory", "inst:A");
    public Actor SignerB { get; } = Make("signatory", "inst:B");

    public static Actor Make(string role, string scope) => new($"{role}@{scope}", $"{role}@{scope}", new HashSet<string> { role }, new HashSet<string> { scope });

    public static PluginRegistry Registry(TestPlugins plugins) =>
        new PluginRegistry().Add(plugins.Guard).Add(plugins.Transactional).Add(plugins.Notify).Add(new TestPlugins.SemesterCalendar());

    public static async Task<EngineFixture> CreateAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.AtLocal(2024, 9, 2);
        var plugins = new TestPlugins();
        var db = new PairingDatabase(database.ConnectionString);
        await db.MigrateAsync();
        var store = db.WorkflowStore();
        var registry = Registry(plugins);
        var parts = new EngineParts(store, new DefinitionStore(new DefinitionLoader(registry), store), registry, clock,
            new EngineOptions { JournalKey = RandomNumberGenerator.GetBytes(32) });
        var fixture = new EngineFixture(database, db, parts, clock, plugins);
        await fixture.PublishAsync(Cycle);
        await fixture.PublishAsync(Review);
        return fixture;
    }

    public Task<PublishOutcome> PublishAsync(string json) =>
        Parts.Definitions.PublishAsync(Loader.LoadOrThrow("test.json", json), Parts.UtcNow);

    public Task<JournalReport> VerifyJournalAsync() => JournalVerifier.VerifyAsync(Parts);

    public Task<JournalCheckpoint> CheckpointAsync() => JournalCheckpoints.TakeAsync(Parts);

    /// <summary>The open tasks an actor may act on: scope and role match.</summary>
    public async Task<List<WorkflowTask>> InboxAsync(Actor actor)
    {
        await using var db = Db();
        var scopes = actor.Scopes.ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open && scopes.Contains(t.Scope)).ToListAsync();
        return tasks.Where(t => t.Roles.Split(',').Any(actor.Roles.Contains)).ToList();
    }

    public static Dictionary<string, List<string>> Scopes() => new()
    {
        ["owner"] = ["inst:A"], ["party"] = ["inst:A", "inst:B"], ["county"] = ["county:X"],
    };

    public async Task<Guid> StartAsync(string dueDate = "2024-10-31", string definition = "review") =>
        (await Engine.StartAsync(definition, "test", Guid.NewGuid().ToString(), new JsonObject
        {
            ["dueDate"] = dueDate, ["from"] = "2024-09-01", ["to"] = "2025-07-31",
        }, Scopes(), Owner)).Id;

    public Task<ActionOutcome> ActAsync(Guid id, string action, Actor actor, string? comment = null, string? key = null,
        Dictionary<string, string>? inputs = null, int? expectedVersion = null) =>
        Engine.ExecuteAsync(id, action, actor, new ActionRequest(key ?? Guid.NewGuid().ToString("N"), comment, inputs, expectedVersion));

    /// <summary>Walks an instance to the signing state.</summary>
    public async Task<Guid> ToSigningAsync()
    {
        var id = await StartAsync();
        await ActAsync(id, "submit", Owner);
        await ActAsync(id, "approve", Bureau);
        return id;
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
