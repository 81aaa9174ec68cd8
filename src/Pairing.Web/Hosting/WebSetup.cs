using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Pairing.Application;
using Pairing.Application.Documents;
using Pairing.Data;
using Pairing.Web.Api;

namespace Pairing.Web.Hosting;

/// <summary>Services and pipeline: the application layer (AddPairing: use cases behind MediatR), Identity sign-in over the same database,
/// Razor Pages that require sign-in except the sign-in and verification pages, the /api/v1 endpoints, the timer
/// worker, and the operations surface: logs, telemetry, health endpoints and rate limits (see the README's
/// Operations section).</summary>
public static class WebSetup
{
    public const string DemoPassword = "Pairing@2024";

    /// <summary>Builds the application; <paramref name="configure"/> runs last before building (tests replace or add
    /// services there, e.g. a log capture or an in-memory exporter).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name fixes where pages are discovered, also when a test process hosts the app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(WebSetup).Assembly.GetName().Name });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:5080");
        builder.AddPairingLogging();
        builder.AddPairingTelemetry();
        var connection = builder.Configuration["PAIRING_DB"] ?? builder.Configuration.GetConnectionString("Pairing") ?? DefaultConnection();
        builder.Services.AddPairing(new PairingOptions(connection, DocumentSettingsOf(builder.Configuration, connection)));
        // Identity's user store works on the same database; the use cases open their own DbContexts.
        builder.Services.AddScoped<PairingDbContext>(provider => provider.GetRequiredService<PairingDatabase>().Create());

        builder.Services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<PairingDbContext>()
            .AddSignInManager();
        builder.Services.AddSingleton<UnknownUserLockout>();
        // Cookie and form keys live in the database, so any web process behind a load balancer reads any other's cookies.
        builder.Services.AddDataProtection().SetApplicationName("Pairing").PersistKeysToDbContext<PairingDbContext>();
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.Cookie.Name = "pairing";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API clients get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = c => Api(c.Request) ? Status(c.Response, 401) : Redirect(c.Response, c.RedirectUri);
            // A signed-in user without the right gets 403 (pages show it through the error page), not the sign-in form.
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, 403);
        });
        builder.Services.AddAuthorization();
        // Pages are Chinese: emit the characters, not numeric entities.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToFolder("/Verify");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "pairing-af");
        builder.Services.AddPairingHealth();
        var rateLimits = RateLimits.From(builder.Configuration);
        rateLimits.AddTo(builder.Services);
        if (builder.Configuration["PAIRING_TIMERS"] != "off") builder.Services.AddHostedService<TimerWorker>();
        // E-mail delivery is background work too; PAIRING_MAIL=off turns the channel off altogether.
        if (builder.Configuration["PAIRING_TIMERS"] != "off" && builder.Configuration["PAIRING_MAIL"] != "off") builder.Services.AddHostedService<MailWorker>();

        configure?.Invoke(builder);
        var proxies = TrustedProxies.Options(builder.Configuration);
        var app = builder.Build();
        if (proxies is not null) app.UseForwardedHeaders(proxies);
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseMiddleware<RequestErrors>();
        app.UseStaticFiles();
        app.UseRouting();
        rateLimits.Use(app);
        app.UseAuthentication();
        app.UseMiddleware<AccountLogScope>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi("/api/v1/openapi.json");
        app.MapPairingHealth();
        app.MapRazorPages();
        ApiEndpoints.Map(app);
        return app;
    }

    /// <summary>The address printed in every document's QR code: PAIRING_PUBLIC_URL (environment or command line), else
    /// the first address this server listens on. DemoStartup warns when it can only be reached on this machine.</summary>
    private static DocumentSettings DocumentSettingsOf(IConfiguration configuration, string? connection)
    {
        var settings = DocumentSettings.FromEnvironment(new PairingDatabase(connection).ConnectionString);
        // Like the address, the key folder may come from the command line too (several nodes share one folder).
        if (configuration["PAIRING_PKI"] is { Length: > 0 } pki) settings = settings with { PkiFolder = pki };
        if (configuration["PAIRING_PUBLIC_URL"] is { Length: > 0 } configured) return settings with { PublicUrl = configured.TrimEnd('/') };
        var listening = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DocumentSettings.DefaultPublicUrl).Split(';')[0];
        return settings with { PublicUrl = listening.TrimEnd('/') };
    }

    /// <summary>`dotnet run` starts a web project in its own folder; keep the demo database in the repository's data/
    /// folder, where the command line keeps it too.</summary>
    private static string? DefaultConnection()
    {
        var workflows = Pairing.Application.Catalog.WorkflowCatalog.FindUp("workflows");
        return workflows is null ? null : $"Data Source={Path.Combine(Path.GetDirectoryName(Path.GetFullPath(workflows))!, "data", "pairing.db")}";
    }

    private static bool Api(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(HttpResponse response, string uri)
    {
        response.Redirect(uri);
        return Task.CompletedTask;
    }
}
