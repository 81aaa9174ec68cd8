using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Audit;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Funding;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
using Pairing.Domain.Notifications;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;
using Xunit.Abstractions;

namespace Pairing.Application.Tests;

/// <summary>Seeding killed again and again, each time at a different step, and run again each time, ends with exactly
/// the database an uninterrupted seeding makes: same agreements and numbers, states and versions, journals, report
/// cycles, timers, signatures, notifications and keys, no e-mail left, and a journal that passes the audit.</summary>
public sealed class SeedingResumeTests(ITestOutputHelper output)
{
    /// <summary>A cut of Qingyuan's plan with every kind of walk: a pair signed, a labour lead funded from a county
    /// budget, one left submitted, a three-party partnership through the city's review, one left approved, and a
    /// teaching-research agreement with semester reports (one not accepted) and an evaluation after the timers fired.</summary>
    private static readonly string[] Titles =
    [
        "清远市第一中学托管帮扶连山壮族瑶族自治县连山中学协议",
        "清城区东城街中心小学劳动教育结对共建协议（第二批）",
        "连州市实验小学劳动教育结对共建协议",
        "广东第二师范学院、连南瑶族自治县人民政府、连南民族高级中学三方帮扶协议",
        "广州大学帮扶阳山中学协议",
        "英德市教研室乡村学校教研帮扶协议",
    ];

    /// <summary>The uninterrupted run, made once: both databases make the same demo, line for line.</summary>
    private static readonly Lazy<Task<List<string>>> Uninterrupted = new(async () =>
    {
        await using var world = await World.CreateAsync(TestDatabase.Sqlite);
        await using (var run = world.Start())
        {
            var report = Assert.Single(await run.Seeder.SeedAsync([await PlanAsync()]));
            Assert.Equal((Titles.Length, Titles.Length), (report.Agreements, report.Drafted));
        }
        return await world.FingerprintAsync();
    });

    public static IEnumerable<object[]> Cases()
    {
        foreach (var provider in TestDatabase.Providers())
        {
            // Processes die at their third, fourth or fifth write on SQLite, so the kills fall on every kind of point
            // (a claim is always followed by a step, so no run is all claims); on PostgreSQL, slower to start on, at
            // their seventh to ninth.
            var least = (string)provider[0] == TestDatabase.Sqlite ? 3 : 7;
            yield return [provider[0], least];
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Seeding_killed_at_many_points_and_rerun_ends_as_an_uninterrupted_run(string provider, int least)
    {
        var plan = await PlanAsync();
        var expected = await Uninterrupted.Value;
        Assert.Contains(expected, l => l.StartsWith("instance 441800-TG-2024-001 ", StringComparison.Ordinal) && l.Contains(" active ", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("document ", StringComparison.Ordinal) && l.Contains("sealed True", StringComparison.Ordinal));
        Assert.DoesNotContain(expected, l => l.StartsWith("email ", StringComparison.Ordinal));

        await using var world = await World.CreateAsync(provider);
        var kills = 0;
        for (var done = false; !done;)
        {
            await using var run = world.Start(dieAt: least + kills % 3);
            try
            {
                await run.Seeder.SeedAsync([plan]);
                done = true;
            }
            catch (KillSwitch.KilledException)
            {
                kills++;
                Assert.True(kills < 500, "seeding makes no progress between kills");
                // Between kills the database holds a demo begun and not finished, which a start carries on.
                await using var look = world.Start();
                Assert.Equal(["qingyuan"], await look.Seeder.UnfinishedAsync([plan]));
            }
        }
        output.WriteLine($"killed {kills} times");
        Assert.True(kills > 15, $"only {kills} kills");
        Assert.Equal(expected, await world.FingerprintAsync());
        await using var check = world.Start();
        Assert.True((await check.App.Send(new VerifyJournal.Query())).Intact);
        Assert.Empty(await check.Seeder.UnfinishedAsync([plan]));
        var again = Assert.Single(await check.Seeder.SeedAsync([plan]));
        Assert.Equal((0, 0), (again.Drafted, again.Actions));
        Assert.Equal(expected, await world.FingerprintAsync());

        // A run killed after its last step and before its e-mail clean-up leaves what the steps queued: the next run
        // drops it (and a start finds the seeding unfinished until then).
        await using (var db = check.App.Db())
        {
            db.OutgoingEmails.Add(Email("qy.city", world.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        Assert.Equal(["qingyuan"], await check.Seeder.UnfinishedAsync([plan]));
        await check.Seeder.SeedAsync([plan]);
        Assert.Equal(expected, await world.FingerprintAsync());

        // An e-mail about something a user did after the seed is not the seed's to drop.
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = check.App.Db())
        {
            db.OutgoingEmails.Add(Email("qy.city", world.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        Assert.Empty(await check.Seeder.UnfinishedAsync([plan]));
        await check.Seeder.SeedAsync([plan]);
        Assert.Single(await world.FingerprintAsync(), l => l.StartsWith("email ", StringComparison.Ordinal));
    }

    private static OutgoingEmail Email(string user, DateTime at) => new()
    {
        Id = Guid.NewGuid(), NotificationId = Guid.NewGuid(), UserName = user, To = $"{user}@example.org", Subject = "【结对帮扶】测试",
        Body = "测试", CreatedAt = at, NextAttemptAt = at,
    };

    private static async Task<SeedFile> PlanAsync()
    {
        var qingyuan = await Seeder.LoadAsync("qingyuan");
        var plan = qingyuan with { DemoAgreements = qingyuan.DemoAgreements!.Where(d => Titles.Contains(d.Title)).ToList() };
        Assert.Equal(Titles.Length, plan.DemoAgreements!.Count);
        return plan;
    }

    /// <summary>One database with its keys, on a clock that stands still (so a timer claimed by a killed run would stay
    /// claimed until its lease ends), and any number of processes run on it one after another.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly string _files;

        private World(TestDatabase database, string files)
        {
            _database = database;
            _files = files;
        }

        public TestClock Clock { get; } = TestClock.AtLocal(2026, 11, 20);

        public static async Task<World> CreateAsync(string provider)
        {
            var world = new World(await TestDatabase.CreateAsync(provider), Directory.CreateTempSubdirectory("pairing-seed").FullName);
            await using var run = world.Start();
            await run.App.Send(new MigrateDatabase.Command());
            await run.App.Send(new PublishDefinitions.Command([RepoPaths.Workflows]));
            return world;
        }

        /// <summary>A process on this database; with dieAt, one that dies (as with kill -9) at its dieAt-th write: before
        /// a step or a budget record, or just after a claim of timers.</summary>
        public Run Start(int? dieAt = null)
        {
            var settings = new DocumentSettings(Path.Combine(RepoPaths.Root, "templates"), Path.Combine(_files, "pki"), "https://pairing.test");
            var services = new ServiceCollection().AddPairing(new PairingOptions(_database.ConnectionString, settings, Clock));
            if (dieAt is int n)
            {
                var kill = new KillSwitch(n);
                services.AddSingleton(kill);
                services.AddSingleton<IWorkflowStore>(sp => new DyingStore(sp.GetRequiredService<Data.PairingDatabase>().WorkflowStore(), kill));
                services.AddTransient<IPipelineBehavior<CountyBudgets.Record, BudgetView>, DieBeforeBudget>();
            }
            return new Run(services.BuildServiceProvider());
        }

        public async Task<List<string>> FingerprintAsync()
        {
            await using var run = Start();
            await using var db = run.App.Db();
            return await DemoFingerprint.OfAsync(db);
        }

        public async ValueTask DisposeAsync()
        {
            await _database.DisposeAsync();
            Directory.Delete(_files, recursive: true);
        }
    }

    private sealed class Run(ServiceProvider services) : IAsyncDisposable
    {
        public AppServices App { get; } = new(services);
        public Seeder Seeder { get; } = services.GetRequiredService<Seeder>();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    /// <summary>Counts a process's writes down and kills it at zero; a dead process writes nothing more.</summary>
    private sealed class KillSwitch(int writes)
    {
        public sealed class KilledException() : Exception("kill -9");

        private int _left = writes;

        public void Tick()
        {
            if (--_left <= 0) throw new KilledException();
        }
    }

    private sealed class DyingStore(IWorkflowStore inner, KillSwitch kill) : IWorkflowStore
    {
        public Task<IWorkflowSession> BeginStepAsync(CancellationToken ct)
        {
            kill.Tick();
            return inner.BeginStepAsync(ct);
        }

        // A claim counts once it holds something, and kills just after it: the claimed timers stay claimed.
        public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
        {
            var claimed = await inner.ClaimTimersAsync(now, leaseUntil, worker, batch, ct);
            if (claimed.Count > 0) kill.Tick();
            return claimed;
        }

        // Giving a claim back is not counted: a kill between two of them leaves some claims given back, which the next
        // run does not tell from a kill before them, and counting them would spend the kills on the same claims.
        public Task ReleaseTimerAsync(Guid timerId, string worker, CancellationToken ct) => inner.ReleaseTimerAsync(timerId, worker, ct);

        public async Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
        {
            var claimed = await inner.ClaimEffectsAsync(now, leaseUntil, worker, batch, ct);
            if (claimed.Count > 0) kill.Tick();
            return claimed;
        }

        public async Task<bool> ClaimEffectAsync(Guid id, DateTime now, DateTime leaseUntil, string worker, CancellationToken ct)
        {
            var claimed = await inner.ClaimEffectAsync(id, now, leaseUntil, worker, ct);
            if (claimed) kill.Tick();
            return claimed;
        }

        public Task<IJournalSnapshot> OpenSnapshotAsync(CancellationToken ct) => inner.OpenSnapshotAsync(ct);
        public Task<DefinitionRecord?> FindDefinitionAsync(string id, int version, CancellationToken ct) => inner.FindDefinitionAsync(id, version, ct);
        public Task<int?> LatestVersionAsync(string id, CancellationToken ct) => inner.LatestVersionAsync(id, ct);
        public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct) => inner.FindIdempotencyAsync(key, ct);
        public Task<bool> IsClaimedByAsync(Guid timerId, string worker, CancellationToken ct) => inner.IsClaimedByAsync(timerId, worker, ct);
        public bool IsRaceLost(Exception ex) => inner.IsRaceLost(ex);
    }

    private sealed class DieBeforeBudget(KillSwitch kill) : IPipelineBehavior<CountyBudgets.Record, BudgetView>
    {
        public Task<BudgetView> Handle(CountyBudgets.Record request, CancellationToken ct, RequestHandlerDelegate<BudgetView> next)
        {
            kill.Tick();
            return next();
        }
    }
}
