using MediatR;
using Pairing.Application.Accounts;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;

namespace Pairing.Web.Hosting;

/// <summary>First start on an empty database: migrate, publish the workflows, seed both demo cities, and give every
/// demo account a sign-in with the demo password (a start after one stopped while seeding finishes the seeding first).
/// Always: migrate, then print the address and some accounts.</summary>
public static class DemoStartup
{
    public static async Task PrepareAsync(WebApplication web, CancellationToken ct = default)
    {
        var mediator = web.Services.GetRequiredService<IMediator>();
        var state = await mediator.Send(new MigrateDatabase.Command(), ct);
        // A first start stopped while seeding left part of the demo and no sign-ins yet: this start finishes it.
        IReadOnlyList<string> cities = state.Empty ? Seeder.Cities
            : !state.HasSignIns ? await mediator.Send(new FindUnfinishedDemo.Query(), ct)
            : [];
        if (cities.Count > 0)
        {
            if (!LoggingSetup.Json(web.Configuration))
                Console.WriteLine(state.Empty ? "首次启动：载入清远、揭阳示范数据（约半分钟）…" : "上次启动时示范数据未载入完毕，继续载入…");
            await mediator.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]), ct);
            await mediator.Send(new SeedDemo.Command(cities), ct);
            await mediator.Send(new RunTimers.Command("startup"), ct);
        }
        // A database without any sign-in is a fresh demo (ours, or one `pairing demo` made): give its accounts the demo password.
        if (!state.HasSignIns) await mediator.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword), ct);
        web.Lifetime.ApplicationStarted.Register(() =>
        {
            if (LoggingSetup.Json(web.Configuration)) AnnounceInLog(web);
            else Announce(web, !state.HasSignIns);
        });
    }

    /// <summary>Said at every start while documents would print an address nobody else can open.</summary>
    public static string? PublicUrlWarning(DocumentSettings settings) => settings.PublicUrlIsLocal
        ? $"警告：公开核验地址是 {settings.PublicUrl}，只能在本机打开；此后定稿的协议会把它印在二维码和核验说明里。" +
          "正式使用前请设置 PAIRING_PUBLIC_URL（例如 https://pairing.example.gov.cn）后重新启动。"
        : null;

    /// <summary>With JSON logs every line on the console is JSON: the start is one log entry, the accounts are not listed.</summary>
    private static void AnnounceInLog(WebApplication web)
    {
        var log = web.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoStartup));
        var urls = string.Join(" ", web.Urls);
        StartupLog.Started(log, urls);
        if (PublicUrlWarning(web.Services.GetRequiredService<DocumentSettings>()) is { } warning) StartupLog.Warning(log, warning);
    }

    private static void Announce(WebApplication web, bool seeded)
    {
        Console.WriteLine();
        Console.WriteLine($"Pairing 已启动：{string.Join("、", web.Urls)}");
        if (seeded) Console.WriteLine($"示范账号（密码均为 {WebSetup.DemoPassword}）：");
        else Console.WriteLine("示范账号：");
        foreach (var (user, who) in new[]
                 {
                     ("qy.city", "清远市教育局"), ("qy.lianshan", "连山县教育局"), ("qy.g01", "清远市第一中学经办人"),
                     ("qy.g01.sign", "清远市第一中学签署人"), ("qy.c01", "连山中学经办人"), ("qy.c01.sign", "连山中学签署人"),
                     ("qy.admin", "清远市管理员"), ("gd.admin", "省级管理员"), ("jy.city", "揭阳市教育局"),
                 })
            Console.WriteLine($"  {user,-14} {who}");
        if (PublicUrlWarning(web.Services.GetRequiredService<DocumentSettings>()) is { } warning)
        {
            Console.WriteLine();
            Console.WriteLine(warning);
        }
        Console.WriteLine("按 Ctrl+C 停止。");
    }
}

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pairing started on {Urls}")]
    public static partial void Started(ILogger log, string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void Warning(ILogger log, string warning);
}
