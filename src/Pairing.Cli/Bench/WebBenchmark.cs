using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Pairing.Cli.Bench;

/// <summary>One address measured one way: how many requests in how long, how many failed (any status but 200), and
/// the latency percentiles.</summary>
public sealed record WebTiming(string Path, int Connections, int Requests, int Failed, double PerSecond, double P50Ms, double P95Ms);

/// <summary>Load on a running Pairing server, as browsers make it: signs in through the login form (antiforgery token,
/// cookie), then for each address measures one user clicking (one connection, one request after another) and many at
/// once (N connections, each sending its next request as soon as the last answered). The reference limit is the
/// server's own static stylesheet measured the same way in the same run: what the machine, the network stack and
/// ASP.NET Core manage with no page work at all.</summary>
public static partial class WebBenchmark
{
    public const string Reference = "/site.css";

    public static async Task<IReadOnlyList<WebTiming>> RunAsync(Uri server, string user, string password, int connections, TimeSpan duration,
        IReadOnlyList<string> paths, IProgress<string> progress)
    {
        using var client = await SignInAsync(server, user, password, connections);
        var results = new List<WebTiming>();
        foreach (var path in new[] { Reference }.Concat(paths))
        {
            progress.Report($"{path}：1 个连接");
            await MeasureAsync(client, path, 1, TimeSpan.FromSeconds(1)); // warm-up
            results.Add(await MeasureAsync(client, path, 1, duration / 2));
            progress.Report($"{path}：{connections} 个连接");
            results.Add(await MeasureAsync(client, path, connections, duration));
        }
        return results;
    }

    private static async Task<HttpClient> SignInAsync(Uri server, string user, string password, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var form = await client.GetStringAsync("/Account/Login");
        var token = TokenField().Match(form) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException($"{server} 的登录页没有表单令牌：这是 Pairing 吗？");
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"无法以 {user} 登录（{(int)response.StatusCode}）：请检查账号和 --password");
        }
        return client;
    }

    private static async Task<WebTiming> MeasureAsync(HttpClient client, string path, int connections, TimeSpan duration)
    {
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var times = new List<double>();
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return times;
        })).ToList();
        var all = (await Task.WhenAll(loops)).SelectMany(t => t).Order().ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        return new WebTiming(path, connections, all.Length, failed, all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.95));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
