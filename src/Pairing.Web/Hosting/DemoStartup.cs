using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pairing.Application;
using Pairing.Application.Catalog;
using Pairing.Application.Seeding;
using Pairing.Domain.Accounts;

namespace Pairing.Web.Hosting;

/// <summary>First start on an empty database: migrate, publish the workflows, seed both demo cities, and give every
/// demo account a sign-in with the demo password. Always: migrate, then print the address and some accounts.</summary>
public static class DemoStartup
{
    public static async Task PrepareAsync(WebApplication web, CancellationToken ct = default)
    {
        var app = web.Services.GetRequiredService<PairingApp>();
        await app.Database.MigrateAsync(ct);
        bool empty, noSignIns;
        await using (var db = app.Db())
        {
            empty = !await db.Cities.AnyAsync(ct);
            noSignIns = !await db.Users.AnyAsync(ct);
        }
        if (empty)
        {
            Console.WriteLine("首次启动：载入清远、揭阳示范数据（约半分钟）…");
            await app.PublishAsync([WorkflowCatalog.DefaultFolder()], ct);
            foreach (var city in Seeder.Cities) await app.Seeder.SeedAsync(city, ct: ct);
            await app.Timers.RunDueAsync("startup", ct: ct);
        }
        // A database without any sign-in is a fresh demo (ours, or one `pairing demo` made): give its accounts the demo password.
        if (noSignIns) await ProvisionAsync(app, WebSetup.DemoPassword, ct);
        web.Lifetime.ApplicationStarted.Register(() => Announce(web, noSignIns));
    }

    /// <summary>Creates a sign-in for each account that has none, all with the same password hash (hashing is
    /// deliberately slow; one hash serves every demo account).</summary>
    public static async Task<int> ProvisionAsync(PairingApp app, string password, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var existing = await db.Users.Select(u => u.UserName).ToListAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => !existing.Contains(a.UserName)).ToListAsync(ct);
        if (accounts.Count == 0) return 0;
        var hash = new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), password);
        foreach (var account in accounts)
            db.Users.Add(new IdentityUser(account.UserName)
            {
                NormalizedUserName = account.UserName.ToUpperInvariant(),
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
            });
        await db.SaveChangesAsync(ct);
        return accounts.Count;
    }

    /// <summary>Said at every start while documents would print an address nobody else can open.</summary>
    public static string? PublicUrlWarning(Application.Documents.DocumentSettings settings) => settings.PublicUrlIsLocal
        ? $"警告：公开核验地址是 {settings.PublicUrl}，只能在本机打开；此后定稿的协议会把它印在二维码和核验说明里。" +
          "正式使用前请设置 PAIRING_PUBLIC_URL（例如 https://pairing.example.gov.cn）后重新启动。"
        : null;

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
        if (PublicUrlWarning(web.Services.GetRequiredService<PairingApp>().Documents.Settings) is { } warning)
        {
            Console.WriteLine();
            Console.WriteLine(warning);
        }
        Console.WriteLine("按 Ctrl+C 停止。");
    }
}
