using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Funding;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Notifications;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Application.Seeding;

/// <summary>What seeding a city left: its registry, and its demo agreements (all of them where the seed wants them);
/// Drafted and Actions count what this run did, which is less when it finished an earlier, interrupted run.</summary>
public sealed record SeedReport(string City, string Name, int Counties, int Institutions, int Accounts, int Agreements, int Drafted, int Actions);

/// <summary>Loads cities' demonstration data and walks their demo agreements through the real workflow, as the schools
/// and bureaus would, so the demo database holds genuine journals, tasks and report cycles. Seeding may be interrupted
/// anywhere and run again: each part is written once (the registry in one transaction, each budget and each step in
/// its own) and found again on the next run, so the second run finishes exactly the demo an uninterrupted run makes.</summary>
public sealed class Seeder(PairingDatabase database, IMediator mediator, IWorkflowStore store)
{
    public static readonly string[] Cities = ["qingyuan", "jieyang"];

    /// <summary>The name the seed fires the demo's due timers under.</summary>
    public const string TimerWorker = "seed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SeedFolder() => WorkflowCatalog.FindUp("seeds") ?? "seeds";

    public static async Task<SeedFile> LoadAsync(string city, CancellationToken ct = default)
    {
        var path = Path.Combine(SeedFolder(), $"{city}.json");
        if (!File.Exists(path)) throw new PairingException(ErrorKind.NotFound, $"没有 {city} 的示范数据（{path}）", "city");
        return JsonSerializer.Deserialize<SeedFile>(await File.ReadAllTextAsync(path, ct), Json)
            ?? throw new PairingException(ErrorKind.Invalid, $"{path} 为空", "city");
    }

    /// <summary>Seeds the cities: every city's registry first, in one transaction (so a database holds either all the
    /// cities a run meant to seed or none of them), then each city's budgets and demo agreements.</summary>
    public async Task<IReadOnlyList<SeedReport>> SeedAsync(IReadOnlyList<SeedFile> seeds, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var registry = await LoadRegistryAsync(seeds, ct);
        await ReleaseTimersAsync(ct);
        var reports = new List<SeedReport>();
        foreach (var seed in seeds)
        {
            var (institutions, accounts) = registry[seed.City.Code];
            progress?.Report($"{seed.City.Name}：{seed.Counties.Count} 个县（市、区），{institutions} 所机构，{accounts} 个账号");
            await LoadBudgetsAsync(seed, ct);

            var plan = seed.DemoAgreements ?? [];
            var walks = await WalksAsync(seed, ct);
            int drafted = 0, actions = 0;
            for (var i = 0; i < plan.Count; i++)
            {
                var walk = walks[i];
                if (await walk.FindAsync(ct) is { } found && await walk.IsCompleteAsync(found, ct)) continue;
                await walk.WalkAsync(seed, ct);
                if (walk.Drafted) drafted++;
                actions += walk.Actions;
                progress?.Report($"示范协议 {i + 1}/{plan.Count}：{plan[i].Title}{(walk.Drafted ? "" : "（续上次）")}");
            }
            await DropDemoEmailsAsync(seed, ct);
            reports.Add(new SeedReport(seed.City.Code, seed.City.Name, seed.Counties.Count, institutions, accounts, plan.Count, drafted, actions));
        }
        return reports;
    }

    /// <summary>The demo cities whose seeding began but did not finish (a budget, an agreement or the e-mail clean-up
    /// missing), for a start that finds an interrupted first start.</summary>
    public async Task<IReadOnlyList<string>> UnfinishedAsync(IReadOnlyList<SeedFile> seeds, CancellationToken ct = default)
    {
        var unfinished = new List<string>();
        foreach (var seed in seeds)
        {
            await using (var db = database.Create())
                if (!await db.Cities.AnyAsync(c => c.Code == seed.City.Code, ct)) continue;
            if (!await IsFinishedAsync(seed, ct)) unfinished.Add(seed.City.Code);
        }
        return unfinished;
    }

    private async Task<bool> IsFinishedAsync(SeedFile seed, CancellationToken ct)
    {
        await using (var db = database.Create())
            foreach (var b in seed.Budgets ?? [])
                if (!await db.CountyBudgets.AnyAsync(x => x.CountyCode == b.County && x.Year == b.Year && x.Document == b.Document, ct)) return false;
        foreach (var walk in await WalksAsync(seed, ct))
            if (await walk.FindAsync(ct) is not { } found || !await walk.IsCompleteAsync(found, ct)) return false;
        await using var check = database.Create();
        return !await (await DemoEmailsAsync(check, seed, ct)).AnyAsync(ct);
    }

    private async Task<List<DemoWalk>> WalksAsync(SeedFile seed, CancellationToken ct)
    {
        List<Account> accounts;
        await using (var db = database.Create())
            accounts = await db.Accounts.AsNoTracking().Where(a => a.CityCode == seed.City.Code).ToListAsync(ct);
        return (seed.DemoAgreements ?? []).Select(demo => new DemoWalk(database, mediator, demo, accounts)).ToList();
    }

    /// <summary>A timer the seed claimed in a run that was killed stays claimed until its lease ends; the seed is the
    /// only worker of its name, so it takes its own claims back at once instead of waiting.</summary>
    private async Task ReleaseTimersAsync(CancellationToken ct)
    {
        List<Guid> claimed;
        await using (var db = database.Create())
            claimed = await db.Timers.Where(t => t.Status == TimerStatus.Pending && t.ClaimedBy == TimerWorker).Select(t => t.Id).ToListAsync(ct);
        foreach (var id in claimed) await store.ReleaseTimerAsync(id, TimerWorker, ct);
    }

    /// <summary>The demo's history is made up: its notifications stay readable in the inbox, but nobody is e-mailed
    /// about it. Only what was queued up to the seed's last step goes, so e-mails about what users did since stay.</summary>
    private async Task DropDemoEmailsAsync(SeedFile seed, CancellationToken ct)
    {
        await using var db = database.Create();
        await (await DemoEmailsAsync(db, seed, ct)).ExecuteDeleteAsync(ct);
    }

    /// <summary>The unsent e-mails to the city's accounts queued up to the seed's last step on its demo agreements (the
    /// steps' keys name the agreements' numbers, which begin with the city's code). Drafting e-mails nobody, and
    /// the timers the seed fires are followed by a step, so nothing of the demo's history is queued later.</summary>
    private static async Task<IQueryable<OutgoingEmail>> DemoEmailsAsync(PairingDbContext db, SeedFile seed, CancellationToken ct)
    {
        var prefix = $"seed:{seed.City.AdminCode}-";
        var end = await db.Set<IdempotencyRecord>().Where(r => r.Key.StartsWith(prefix)).MaxAsync(r => (DateTime?)r.CreatedAt, ct);
        var users = db.Accounts.Where(a => a.CityCode == seed.City.Code).Select(a => a.UserName);
        return db.OutgoingEmails.Where(e => end != null && e.SentAt == null && e.CreatedAt <= end && users.Contains(e.UserName));
    }

    /// <summary>Each county bureau records its budget through the real use case, once.</summary>
    private async Task LoadBudgetsAsync(SeedFile seed, CancellationToken ct)
    {
        foreach (var b in seed.Budgets ?? [])
        {
            string bureau;
            await using (var db = database.Create())
            {
                if (await db.CountyBudgets.AnyAsync(x => x.CountyCode == b.County && x.Year == b.Year && x.Document == b.Document, ct)) continue;
                bureau = await db.Accounts.Where(a => a.Role == AccountRole.CountyBureau && a.CountyCode == b.County).Select(a => a.UserName).FirstAsync(ct);
            }
            await mediator.Send(new CountyBudgets.Record(bureau, b.County, b.Program, b.Year, b.Line, b.Amount, b.Document), ct);
        }
    }

    /// <summary>Adds what is missing of every city's registry in one transaction: cities, counties, institutions and
    /// accounts (with a signatory and a staff account for every party of a demo agreement that has none).</summary>
    private async Task<Dictionary<string, (int Institutions, int Accounts)>> LoadRegistryAsync(IReadOnlyList<SeedFile> seeds, CancellationToken ct)
    {
        await using var db = database.Create();
        var cities = await db.Cities.Select(c => c.Code).ToListAsync(ct);
        var counties = await db.Counties.Select(c => c.Code).ToListAsync(ct);
        var existing = await db.Institutions.ToDictionaryAsync(i => i.Code, ct);
        var users = await db.Accounts.Select(a => a.UserName).ToHashSetAsync(ct);
        var result = new Dictionary<string, (int, int)>();
        foreach (var seed in seeds)
        {
            if (!cities.Contains(seed.City.Code))
                db.Cities.Add(new City { Code = seed.City.Code, Name = seed.City.Name, AdminCode = seed.City.AdminCode });
            foreach (var c in seed.Counties.Where(c => !counties.Contains(c.Code)))
                db.Counties.Add(new County { Code = c.Code, Name = c.Name, AdminCode = c.AdminCode, CityCode = seed.City.Code });
            foreach (var i in seed.Institutions.Where(i => !existing.ContainsKey(i.Code)))
            {
                var institution = new Institution
                {
                    Id = Guid.NewGuid(), Code = i.Code, Name = i.Name, CityCode = seed.City.Code, CountyCode = i.County,
                    Stages = i.Stages, Tags = i.Tags, Source = i.Source,
                };
                db.Institutions.Add(institution);
                existing[i.Code] = institution;
            }
            var wanted = seed.Accounts.ToList();
            // Every party of a demo agreement needs someone who may sign for it.
            foreach (var code in (seed.DemoAgreements ?? []).SelectMany(d => d.Parties).Select(p => p.Institution).Distinct())
            {
                if (!wanted.Any(a => a.Institution == code && a.CanSign))
                    wanted.Add(new SeedAccount($"{code.ToLowerInvariant()}.sign", $"{existing[code].Name} 授权签署人", AccountRole.Staff, null, code, true,
                        "授权签署人", ""));
                if (!wanted.Any(a => a.Institution == code && !a.CanSign))
                    wanted.Add(new SeedAccount(code.ToLowerInvariant(), $"{existing[code].Name} 经办人", AccountRole.Staff, null, code, false));
            }
            // Only accounts nobody has yet (Add is false for a name already taken).
            foreach (var a in wanted.Where(a => users.Add(a.User)))
            {
                var institution = a.Institution is null ? null : existing[a.Institution];
                db.Accounts.Add(new Account
                {
                    Id = Guid.NewGuid(), UserName = a.User, DisplayName = a.Name, Role = a.Role, CityCode = seed.City.Code,
                    PersonName = a.Person ?? a.Name.Split(' ').Last(), Position = a.Position ?? "",
                    CountyCode = a.County ?? (a.Role == AccountRole.Staff ? institution?.CountyCode : null),
                    InstitutionId = institution?.Id, InstitutionCode = institution?.Code, CanSign = a.CanSign,
                    Email = a.Email ?? $"{a.User}@example.org",
                });
            }
            result[seed.City.Code] = (seed.Institutions.Count, wanted.Count);
        }
        await db.SaveChangesAsync(ct);
        return result;
    }
}
