using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Accounts;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
using Pairing.Testing;
using Pairing.Web.Hosting;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Tests;

/// <summary>The documented deployment: two web processes on one PostgreSQL database, each with its timer worker. A
/// sign-in on one is honoured by the other, both serve traffic, and thousands of due timers fire exactly once and in
/// due order between them — also when one node is killed with SIGKILL half-way.</summary>
public sealed class TwoNodesTests
{
    public static IEnumerable<object[]> Postgres() =>
        TestDatabase.Providers().Where(p => (string)p[0] == TestDatabase.Postgres);

    [Theory]
    [MemberData(nameof(Postgres))]
    public async Task Two_web_processes_share_sign_ins_and_fire_every_timer_once_even_when_one_is_killed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Directory.CreateTempSubdirectory("pairing-nodes").FullName;
        var pki = Path.Combine(folder, "pki");
        try
        {
            var cycles = await PrepareAsync(database.ConnectionString, pki, count: 800);

            using var a = Node.Start(database.ConnectionString, pki, folder, "a");
            using var b = Node.Start(database.ConnectionString, pki, folder, "b");
            await Task.WhenAll(a.ReadyAsync(), b.ReadyAsync());

            // A cookie and a form token issued by one node are accepted by the other: the keys are in the database.
            // Cookies do not tell ports apart, so one jar serves both, as one behind a load balancer would.
            var jar = new CookieContainer();
            using var onA = a.Client(jar);
            using var onB = b.Client(jar);
            var token = WebWorld.Token(await onA.GetStringAsync("/Account/Login"));
            var signIn = await onA.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "qy.city", ["Password"] = WebSetup.DemoPassword, ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var inboxOnB = await onB.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, inboxOnB.StatusCode);
            Assert.Contains("清远市教育局", await inboxOnB.Content.ReadAsStringAsync());

            // Traffic at both nodes while their workers fire; node a is killed part-way.
            var failures = 0;
            var served = 0;
            for (var i = 0; i < 60; i++)
            {
                var client = i % 2 == 0 ? onB : (a.Alive ? onA : onB);
                var page = (i % 3) switch { 0 => "/", 1 => "/agreements", _ => "/dashboard" };
                var response = await client.GetAsync(page);
                if (response.StatusCode == HttpStatusCode.OK) served++; else failures++;
                if (i == 20) await WaitUntilAsync(database.ConnectionString, fired => fired > 300, TimeSpan.FromSeconds(60));
                if (i == 21) a.Kill();
            }
            Assert.Equal((60, 0), (served, failures));

            // Node b finishes alone, taking over what node a held once its claims lapse.
            await WaitUntilAsync(database.ConnectionString, _ => DueLeft(database.ConnectionString) == 0, TimeSpan.FromSeconds(150));
            await using var db = new Pairing.Data.PairingDatabase(database.ConnectionString).Create();
            var timers = await db.Timers.AsNoTracking().Where(t => cycles.Contains(t.InstanceId)).ToListAsync();
            Assert.Equal(cycles.Count * 3, timers.Count);
            Assert.All(timers, t => Assert.Equal(TimerStatus.Fired, t.Status));
            var workers = timers.Select(t => t.ClaimedBy).Distinct().ToList();
            Assert.True(workers.Count >= 2, $"both nodes fired timers: {string.Join(", ", workers)}");

            // In due order and once each: open, remind, overdue — one journal entry apiece.
            var journal = await db.Journal.AsNoTracking().Where(j => cycles.Contains(j.InstanceId) && j.Kind != "started")
                .Select(j => new { j.InstanceId, j.Seq, j.Action }).ToListAsync();
            foreach (var cycle in journal.GroupBy(j => j.InstanceId))
                Assert.Equal(["open", "remind", "mark-overdue"], cycle.OrderBy(j => j.Seq).Select(j => j.Action));
            Assert.Equal(cycles.Count, journal.Select(j => j.InstanceId).Distinct().Count());
            var instances = await db.Instances.AsNoTracking().Where(i => cycles.Contains(i.Id)).ToListAsync();
            Assert.All(instances, i => Assert.Equal("overdue", i.State));
            // Every notice once: a reminder to each school, then the overdue notice to each school and each county.
            var expected = instances.Sum(i =>
            {
                var scopes = InstanceScopes.Parse(i.ScopesJson);
                return 2 * InstanceScopes.Slot(scopes, "party").Count + InstanceScopes.Slot(scopes, "county").Count;
            });
            Assert.Equal(expected, await db.Notifications.CountAsync(n => n.Text.Contains("两节点")));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Qingyuan's demo, then report cycles of its agreements whose period and due date have passed: each will
    /// fire its opening, its reminder and its overdue timer, created one from the other.</summary>
    private static async Task<List<Guid>> PrepareAsync(string connection, string pki, int count)
    {
        var web = WebSetup.Build(["--PAIRING_DB", connection, "--PAIRING_PKI", pki, "--PAIRING_TIMERS", "off", "--PAIRING_MAIL", "off",
            "--Logging:LogLevel:Default", "Warning"]);
        await using var _ = web;
        var app = web.Services.GetRequiredService<IMediator>();
        await app.Send(new MigrateDatabase.Command());
        await app.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]));
        await app.Send(new SeedDemoCity.Command("qingyuan"));
        await app.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword));
        var engine = web.Services.GetRequiredService<WorkflowEngine>();
        List<WorkflowInstance> agreements;
        await using (var db = new Pairing.Data.PairingDatabase(connection).Create())
            agreements = await db.Instances.AsNoTracking().Where(i => i.ParentId == null && i.Status == InstanceStatus.Open).ToListAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, ct) =>
        {
            var parent = agreements[n % agreements.Count];
            var due = today.AddDays(-1 - n % 30);
            var context = new JsonObject
            {
                ["periodStart"] = due.AddDays(-120).ToString("yyyy-MM-dd"), ["periodEnd"] = due.AddDays(-15).ToString("yyyy-MM-dd"),
                ["dueDate"] = due.ToString("yyyy-MM-dd"), ["periodLabel"] = $"两节点测试第{n}期",
            };
            var started = await engine.StartAsync("semester-report", parent.SubjectType, parent.SubjectId, context,
                InstanceScopes.Parse(parent.ScopesJson), Actor.System, ct: ct);
            ids.Add(started.Id);
        });
        return [.. ids];
    }

    private static int DueLeft(string connection)
    {
        using var db = new Pairing.Data.PairingDatabase(connection).Create();
        var now = DateTime.UtcNow;
        return db.Timers.Count(t => t.Status == TimerStatus.Pending && t.DueAt <= now);
    }

    private static async Task WaitUntilAsync(string connection, Func<int, bool> done, TimeSpan limit)
    {
        var stop = DateTime.UtcNow + limit;
        while (true)
        {
            int fired;
            await using (var db = new Pairing.Data.PairingDatabase(connection).Create())
                fired = await db.Timers.CountAsync(t => t.Status == TimerStatus.Fired);
            if (done(fired)) return;
            Assert.True(DateTime.UtcNow < stop, $"not done after {limit.TotalSeconds} s ({fired} timers fired)");
            await Task.Delay(500);
        }
    }

    /// <summary>One `dotnet Pairing.Web.dll` process on a free loopback port, with its timer worker ticking every second.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Process _process;
        private readonly int _port;

        private Node(Process process, int port)
        {
            _process = process;
            _port = port;
        }

        public bool Alive => !_process.HasExited;

        public static Node Start(string connection, string pki, string folder, string name)
        {
            var port = FreePort();
            var dll = Path.Combine(Path.GetDirectoryName(typeof(WebSetup).Assembly.Location)!, "Pairing.Web.dll");
            var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(RepoPaths.Root, "src", "Pairing.Web")])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["PAIRING_DB"] = connection;
            info.Environment["PAIRING_PKI"] = pki;
            info.Environment["PAIRING_MAIL_DIR"] = Path.Combine(folder, $"mail-{name}");
            info.Environment["PAIRING_TIMER_SECONDS"] = "1";
            info.Environment["PAIRING_TEMPLATES"] = Path.Combine(RepoPaths.Root, "templates");
            info.Environment["PAIRING_PUBLIC_URL"] = "https://pairing.qingyuan.example";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Node(process, port);
        }

        public HttpClient Client(CookieContainer? jar = null) => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar ?? new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_port}"),
        };

        public async Task ReadyAsync()
        {
            using var client = Client();
            var stop = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < stop)
            {
                Assert.False(_process.HasExited, "the web process exited");
                try
                {
                    if ((await client.GetAsync("/Account/Login")).StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException) { }
                await Task.Delay(300);
            }
            Assert.Fail("the web process did not start within 60 s");
        }

        public void Kill()
        {
            // SIGKILL: no shutdown, claims and leases are left as they were.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
