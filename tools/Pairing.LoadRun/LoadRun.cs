using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MediatR;
using Pairing.Application.Accounts;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
using Pairing.Web.Hosting;

namespace Pairing.LoadRun;

/// <summary>`dotnet run -c Release --project tools/Pairing.LoadRun -- [--users 50] [--seconds 20] [--agreements 150]
/// [--db CONNECTION]`: the web application on loopback over a scratch database seeded with both demo cities plus
/// agreements waiting for signature; simulated users sign in and browse the inbox, agreement pages and the
/// dashboard, then signatories sign concurrently. Prints p50/p95/p99 latency per page.</summary>
public static partial class LoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var users = int.Parse(Option("--users", "50"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option("--seconds", "20"), CultureInfo.InvariantCulture);
        var pending = int.Parse(Option("--agreements", "150"), CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("pairing-load").FullName;
        var db = Option("--db", $"Data Source={Path.Combine(folder, "load.db")}");
        try
        {
            // The pages' static files live in the web project's folder.
            var contentRoot = Path.Combine(WorkflowCatalog.FindUp("src") ?? "src", "Pairing.Web");
            // Every simulated user signs in from loopback within seconds: the sign-in limits would measure themselves.
            var web = WebSetup.Build(["--urls", "http://127.0.0.1:0", "--contentRoot", contentRoot, "--PAIRING_DB", db, "--PAIRING_TIMERS", "off",
                "--PAIRING_RATE_LIMITS", "off", "--Logging:LogLevel:Default", "Warning"]);
            var app = web.Services.GetRequiredService<IMediator>();
            Console.Error.WriteLine("… 准备数据：两市示范数据");
            await app.Send(new MigrateDatabase.Command());
            await app.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]));
            foreach (var city in Seeder.Cities) await app.Send(new SeedDemoCity.Command(city));
            await app.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword));
            Console.Error.WriteLine($"… 准备数据：{pending} 份待签署的高校帮扶协议");
            var signing = await PrepareSigningAsync(app, pending);
            await web.StartAsync();
            var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            var readers = new[] { "qy.city", "qy.qingcheng", "qy.lianshan", "qy.yingde", "qy.g01", "qy.g02", "qy.c01", "qy.c02", "qy.c03", "qy.u01" };
            var agreementsOf = new ConcurrentDictionary<string, string[]>();
            var timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            var errors = new ConcurrentDictionary<string, int>();
            void Record(string page, double ms, bool ok)
            {
                timings.GetOrAdd(page, _ => []).Add(ms);
                if (!ok) errors.AddOrUpdate(page, 1, (_, n) => n + 1);
            }

            Console.Error.WriteLine($"… {users} 个用户浏览 {seconds} 秒");
            var clients = await Task.WhenAll(Enumerable.Range(0, users).Select(i => SignInAsync(address, readers[i % readers.Length])));
            var stop = DateTime.UtcNow.AddSeconds(seconds);
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var user = readers[i % readers.Length];
                var visible = agreementsOf.GetOrAdd(user, _ => app.Send(new ListAgreements.Query(user, new AgreementFilter())).Result.Select(a => a.Number).ToArray());
                var random = new Random(i);
                while (DateTime.UtcNow < stop)
                {
                    await TimeAsync(client, "待办 /", "/", Record);
                    if (visible.Length > 0) await TimeAsync(client, "协议页 /agreements/{n}", $"/agreements/{visible[random.Next(visible.Length)]}", Record);
                    if (user is "qy.city" or "qy.qingcheng" or "qy.lianshan" or "qy.yingde") await TimeAsync(client, "看板 /dashboard", "/dashboard", Record);
                }
            }));

            Console.Error.WriteLine($"… {users} 个并发签署（共 {signing.Count} 次）");
            var queue = new ConcurrentQueue<(string Number, string Signatory)>(signing);
            // One signed-in session per signatory, as each school's principal would have; password hashing stays out of the figures.
            var signers = new ConcurrentDictionary<string, Lazy<Task<HttpClient>>>();
            await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
            {
                while (queue.TryDequeue(out var job))
                {
                    var client = await signers.GetOrAdd(job.Signatory, s => new(() => SignInAsync(address, s))).Value;
                    var page = await client.GetStringAsync($"/agreements/{job.Number}");
                    var form = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["action"] = "sign", ["key"] = Guid.NewGuid().ToString("N"), ["version"] = Field(page, "version"),
                        ["__RequestVerificationToken"] = Field(page, "__RequestVerificationToken"),
                    });
                    var watch = Stopwatch.StartNew();
                    var response = await client.PostAsync($"/agreements/{job.Number}?handler=Act", form);
                    // A signature that took redirects back to the page (post/redirect/get); a refusal renders the page with its reason.
                    Record("签署 POST /agreements/{n}?handler=Act", watch.Elapsed.TotalMilliseconds, response.StatusCode == HttpStatusCode.Redirect);
                }
            }));
            foreach (var c in clients) c.Dispose();
            foreach (var s in signers.Values) (await s.Value).Dispose();
            await web.StopAsync();
            await web.DisposeAsync();

            Console.WriteLine($"负载测试：{users} 个并发用户，浏览 {seconds} 秒，{Environment.ProcessorCount} 核，{(db.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite")}");
            Console.WriteLine($"{"页面",-36}{"请求",8}{"p50 ms",10}{"p95 ms",10}{"p99 ms",10}{"最大 ms",10}{"错误",6}");
            foreach (var (page, bag) in timings.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var sorted = bag.Order().ToArray();
                double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{page,-36}{sorted.Length,8}{P(0.50),10:0.0}{P(0.95),10:0.0}{P(0.99),10:0.0}{sorted[^1],10:0.0}{errors.GetValueOrDefault(page),6}"));
            }
            return errors.IsEmpty ? 0 : 1;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>University partnerships between 华南师范大学 and the county high schools, approved and waiting for the
    /// schools' signatures (the university signs first, so each remaining signature is one school's).</summary>
    private static async Task<List<(string Number, string Signatory)>> PrepareSigningAsync(IMediator app, int count)
    {
        var jobs = new List<(string, string)>();
        var counties = new Dictionary<string, string> { ["QY-C01"] = "qy.lianshan", ["QY-C02"] = "qy.liannan", ["QY-C03"] = "qy.yangshan", ["QY-C04"] = "qy.yingde" };
        for (var i = 0; i < count; i++)
        {
            var school = $"QY-C0{i % 4 + 1}";
            var staff = school.ToLowerInvariant().Replace("qy-", "qy.");
            var draft = await app.Send(new DraftAgreement.Command(staff, new AgreementDraft("university-partnership", $"华南师范大学帮扶协议（负载 {i + 1}）",
                new DateOnly(2026, 9, 1), new DateOnly(2029, 7, 31), [new PartyInput("QY-U01", "university"), new PartyInput(school, "school")],
                "提升课程建设水平", ["课程建设：共建校本课程"], ["课程建设"])));
            Task Act(string user, string action) =>
                app.Send(new ActOnAgreement.Command(user, new AgreementAction(draft.Number, action, Guid.NewGuid().ToString("N"))));
            await Act(staff, "submit");
            await Act(counties[school], "approve");
            var city = await app.Send(new SummarizeAgreement.Query("qy.city", draft.Number));
            if (city.State == "city_review") await Act("qy.city", "approve");
            await Act("qy.u01.sign", "sign");
            jobs.Add((draft.Number, $"{staff}.sign"));
        }
        return jobs;
    }

    private static async Task TimeAsync(HttpClient client, string page, string url, Action<string, double, bool> record)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        record(page, watch.Elapsed.TotalMilliseconds, response.StatusCode == HttpStatusCode.OK);
    }

    private static async Task<HttpClient> SignInAsync(string address, string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = WebSetup.DemoPassword, ["__RequestVerificationToken"] = Field(page, "__RequestVerificationToken"),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"{user} could not sign in ({response.StatusCode})");
        return client;
    }

    private static string Field(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\"(?: type=\"hidden\")? value=\"([^\"]*)\"").Groups[1].Value;
}
