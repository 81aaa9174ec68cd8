using System.Net;
using System.Text.Json;

namespace Pairing.Web.Tests;

/// <summary>Sign-in and the public verification are limited per minute: per client address, and for sign-in also per
/// user name tried. Past a limit the API answers a 429 problem with Retry-After and pages show the Chinese error page;
/// PAIRING_RATE_LIMITS=off (the load run, the shared web test host) lifts every limit.</summary>
public sealed class RateLimitTests
{
    private static readonly Dictionary<string, string> Low = new()
    {
        ["PAIRING_SIGNIN_LIMIT_PER_USER"] = "3", ["PAIRING_SIGNIN_LIMIT_PER_IP"] = "5", ["PAIRING_VERIFY_LIMIT_PER_IP"] = "4",
    };

    private static HttpContent NotAPdf() => new ByteArrayContent("%PDF-1.7 nothing else"u8.ToArray())
    {
        Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf") },
    };

    [Fact]
    public async Task Verification_past_the_limit_gets_a_429_problem_with_retry_after_and_the_page_a_Chinese_one()
    {
        await using var host = await OpsHost.StartAsync(Low);
        var client = host.Browser();
        for (var i = 0; i < 4; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/v1/verify", NotAPdf())).StatusCode);

        var refused = await client.PostAsync("/api/v1/verify", NotAPdf());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
        Assert.Contains("秒后再试", problem.GetProperty("detail").GetString());

        // The verification page shares the address's allowance, and says so in Chinese.
        var page = await client.GetAsync("/verify");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(page.Headers.RetryAfter);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("请求过于频繁", html);
        Assert.Contains("请稍等一分钟后再试", html);

        // Nothing else is limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_is_limited_per_user_name_tried_and_per_address()
    {
        await using var host = await OpsHost.StartAsync(Low);
        var client = host.Browser();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await OpsHost.SignInAsync(client, "qy.nobody", "Wrong@password1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("账号或密码不正确", await wrong.Content.ReadAsStringAsync());
        }
        // The same name however it is typed: the fourth try within the minute is refused before any password check.
        var fourth = await OpsHost.SignInAsync(client, " QY.Nobody", "Wrong@password1");
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.NotNull(fourth.Headers.RetryAfter);
        Assert.Contains("请求过于频繁", await fourth.Content.ReadAsStringAsync());

        // Other names still get their answer (a refused name does not spend the address's tries), until the address
        // has used its five.
        Assert.Equal(HttpStatusCode.OK, (await OpsHost.SignInAsync(client, "qy.someone", "Wrong@password1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OpsHost.SignInAsync(client, "qy.another", "Wrong@password1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await OpsHost.SignInAsync(client, "qy.third", "Wrong@password1")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_address_has_its_own_allowance_and_nobody_else_can_claim_one()
    {
        static async Task<HttpStatusCode> VerifyAsync(HttpClient client, string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = NotAPdf() };
            request.Headers.Add("X-Forwarded-For", from);
            return (await client.SendAsync(request)).StatusCode;
        }

        await using (var behindProxy = await OpsHost.StartAsync(new Dictionary<string, string>(Low) { ["PAIRING_TRUSTED_PROXIES"] = "127.0.0.1" }))
        {
            var proxy = behindProxy.Browser();
            for (var i = 0; i < 4; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, await VerifyAsync(proxy, "203.0.113.7"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await VerifyAsync(proxy, "203.0.113.7"));
            // Another school behind the same proxy is not held up by the first.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await VerifyAsync(proxy, "198.51.100.20"));
        }

        // Without the setting the header is not believed: a client cannot escape its limit by inventing addresses.
        await using var direct = await OpsHost.StartAsync(Low);
        var client = direct.Browser();
        for (var i = 0; i < 4; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, await VerifyAsync(client, $"192.0.2.{i + 1}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await VerifyAsync(client, "192.0.2.99"));
    }

    [Fact]
    public async Task Limits_can_be_turned_off_for_a_load_run()
    {
        await using var host = await OpsHost.StartAsync(new Dictionary<string, string>(Low) { ["PAIRING_RATE_LIMITS"] = "off" });
        var client = host.Browser();
        for (var i = 0; i < 12; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/v1/verify", NotAPdf())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await OpsHost.SignInAsync(client, "qy.nobody", "Wrong@password1")).StatusCode);
        }
    }
}
