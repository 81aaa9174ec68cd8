using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Pairing.Web.Hosting;

/// <summary>Per-minute limits (ASP.NET Core rate limiting, fixed one-minute windows) on what an outsider can hammer:
/// sign-in posts per client address and per user name tried, and the public verification pages and POST
/// /api/v1/verify per client address. Configured by PAIRING_SIGNIN_LIMIT_PER_USER (10), PAIRING_SIGNIN_LIMIT_PER_IP
/// (60: a school's staff often share one address), PAIRING_VERIFY_LIMIT_PER_IP (30); 0 turns one limit off and
/// PAIRING_RATE_LIMITS=off all of them. A refused request gets 429 with Retry-After: problem details under /api,
/// the Chinese error page elsewhere. IPv6 clients are counted per /64, the block one subscriber usually holds.</summary>
public sealed record RateLimits(bool Enabled, int SignInPerUser, int SignInPerAddress, int VerifyPerAddress)
{
    private const string SignInName = "pairing.signin-name";

    public static RateLimits From(IConfiguration configuration) => new(
        !string.Equals(configuration["PAIRING_RATE_LIMITS"], "off", StringComparison.OrdinalIgnoreCase),
        Limit(configuration, "PAIRING_SIGNIN_LIMIT_PER_USER", 10),
        Limit(configuration, "PAIRING_SIGNIN_LIMIT_PER_IP", 60),
        Limit(configuration, "PAIRING_VERIFY_LIMIT_PER_IP", 30));

    public void AddTo(IServiceCollection services)
    {
        if (!Enabled) return;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The per-name limit comes first: a chain stops at the first refusal, and the middleware asks twice before
            // refusing, so a name's refusal must not spend the address's allowance (trying a locked name again would
            // lock out the whole office behind that address).
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    Partition(IsSignIn(c) && c.Items[SignInName] is string ? SignInPerUser : 0, $"signin-user:{c.Items[SignInName]}")),
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    Partition(IsSignIn(c) ? SignInPerAddress : 0, $"signin-ip:{ClientBlock(c)}")),
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    Partition(IsVerify(c) ? VerifyPerAddress : 0, $"verify-ip:{ClientBlock(c)}")));
            o.OnRejected = RejectAsync;
        });
    }

    /// <summary>Before the limiter: the user name a sign-in post tries (the form is buffered, so the page still reads it).</summary>
    public void Use(WebApplication app)
    {
        if (!Enabled) return;
        app.Use(async (context, next) =>
        {
            if (SignInPerUser > 0 && IsSignIn(context) && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var name = form["UserName"].ToString().Trim().ToLowerInvariant();
                if (name.Length > 0) context.Items[SignInName] = name.Length > 64 ? name[..64] : name;
            }
            await next(context);
        });
        app.UseRateLimiter();
    }

    private static RateLimitPartition<string> Partition(int perMinute, string key) => perMinute > 0
        ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        })
        : RateLimitPartition.GetNoLimiter("");

    private static bool IsSignIn(HttpContext c) =>
        HttpMethods.IsPost(c.Request.Method) && string.Equals(c.Request.Path.Value?.TrimEnd('/'), "/Account/Login", StringComparison.OrdinalIgnoreCase);

    private static bool IsVerify(HttpContext c) => c.Request.Path.StartsWithSegments("/verify") ||
        (HttpMethods.IsPost(c.Request.Method) && c.Request.Path.StartsWithSegments("/api/v1/verify"));

    private static string ClientBlock(HttpContext c)
    {
        if (c.Connection.RemoteIpAddress is not { } address) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var log = http.RequestServices.GetRequiredService<ILogger<RateLimits>>();
        RateLimitLog.Refused(log, http.Request.Method, http.Request.Path.Value ?? "/", seconds);
        if (http.Request.Path.StartsWithSegments("/api"))
            await Results.Problem($"请求过于频繁，请 {seconds} 秒后再试", statusCode: StatusCodes.Status429TooManyRequests, title: "请求过于频繁",
                extensions: new Dictionary<string, object?> { ["retryAfter"] = seconds }).ExecuteAsync(http);
        // Pages: nothing is written, so the status code page shows the Chinese error page for 429.
    }

    private static int Limit(IConfiguration configuration, string key, int fallback) => configuration[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidOperationException($"{key} 必须是非负整数（每分钟次数，0 表示不限），现为「{text}」");
}

internal static partial class RateLimitLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit: {Method} {Path} refused, retry after {Seconds} s")]
    public static partial void Refused(ILogger log, string method, string path, int seconds);
}
