using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Funding;
using Pairing.Application.Operations;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Seeding;

public sealed record SeedReport(string City, int Counties, int Institutions, int Accounts, int Agreements, int Actions);

/// <summary>Loads a city's demonstration data and walks its demo agreements through the real workflow, as the
/// schools and bureaus would, so the demo database holds genuine journals, tasks and report cycles.</summary>
public sealed class Seeder(PairingDatabase database, IMediator mediator)
{
    public static readonly string[] Cities = ["qingyuan", "jieyang"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SeedFolder() => WorkflowCatalog.FindUp("seeds") ?? "seeds";

    public async Task<SeedReport> SeedAsync(string city, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var path = Path.Combine(SeedFolder(), $"{city}.json");
        if (!File.Exists(path)) throw new PairingException(ErrorKind.NotFound, $"没有 {city} 的示范数据（{path}）", "city");
        var seed = JsonSerializer.Deserialize<SeedFile>(await File.ReadAllTextAsync(path, ct), Json)
            ?? throw new PairingException(ErrorKind.Invalid, $"{path} 为空", "city");

        var (institutions, accounts) = await LoadRegistryAsync(seed, ct);
        progress?.Report($"{seed.City.Name}：{seed.Counties.Count} 个县（市、区），{institutions} 所机构，{accounts} 个账号");
        await LoadBudgetsAsync(seed, ct);

        int agreements = 0, actions = 0;
        bool hasAgreements;
        await using (var db = database.Create())
            hasAgreements = await db.Agreements.AnyAsync(a => a.CityCode == seed.City.Code, ct);
        if (!hasAgreements)
            foreach (var demo in seed.DemoAgreements ?? [])
            {
                actions += await WalkAsync(seed, demo, ct);
                agreements++;
                progress?.Report($"示范协议 {agreements}/{seed.DemoAgreements!.Count}：{demo.Title}");
            }
        if (agreements > 0)
        {
            // The demo's history is made up: its notifications stay readable in the inbox, but nobody is e-mailed about it.
            var users = seed.Accounts.Select(a => a.User).ToList();
            await using var db = database.Create();
            await db.OutgoingEmails.Where(e => e.SentAt == null && users.Contains(e.UserName)).ExecuteDeleteAsync(ct);
        }
        return new SeedReport(seed.City.Code, seed.Counties.Count, institutions, accounts, agreements, actions);
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

    private async Task<(int Institutions, int Accounts)> LoadRegistryAsync(SeedFile seed, CancellationToken ct)
    {
        await using var db = database.Create();
        if (!await db.Cities.AnyAsync(c => c.Code == seed.City.Code, ct))
            db.Cities.Add(new City { Code = seed.City.Code, Name = seed.City.Name, AdminCode = seed.City.AdminCode });
        var counties = await db.Counties.Select(c => c.Code).ToListAsync(ct);
        foreach (var c in seed.Counties.Where(c => !counties.Contains(c.Code)))
            db.Counties.Add(new County { Code = c.Code, Name = c.Name, AdminCode = c.AdminCode, CityCode = seed.City.Code });
        var existing = await db.Institutions.ToDictionaryAsync(i => i.Code, ct);
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
        var users = await db.Accounts.Select(a => a.UserName).ToListAsync(ct);
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
        foreach (var a in wanted.Where(a => !users.Contains(a.User)))
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
        await db.SaveChangesAsync(ct);
        return (seed.Institutions.Count, wanted.Count);
    }

    /// <summary>Drafts one demo agreement and moves it forward to the state the seed asks for.</summary>
    private async Task<int> WalkAsync(SeedFile seed, SeedAgreement demo, CancellationToken ct)
    {
        List<Account> accounts;
        await using (var db = database.Create())
            accounts = await db.Accounts.AsNoTracking().Where(a => a.CityCode == seed.City.Code).ToListAsync(ct);
        var drafter = DrafterFor(demo, accounts);
        var signatories = demo.Parties.ToDictionary(p => p.Institution,
            p => accounts.First(a => a.InstitutionCode == p.Institution && a.CanSign));
        var budget = demo.Funding is null ? null : await BudgetForAsync(seed, demo, ct);
        var draft = new AgreementDraft(demo.Program, demo.Title, demo.TermStart ?? new DateOnly(2024, 9, 1), demo.TermEnd ?? new DateOnly(2027, 7, 31),
            demo.Parties.Select(p => new PartyInput(p.Institution, p.Role, signatories[p.Institution].UserName)).ToList(),
            demo.Goals ?? "", demo.Measures ?? DemoPlan.Measures(demo.Program), demo.FocusAreas, demo.Funding?.Source, demo.Funding?.BudgetLine,
            demo.Funding?.Amount, null, null, demo.Targets ?? DemoPlan.Targets(demo.TermStart ?? new DateOnly(2024, 9, 1), demo.TermEnd ?? new DateOnly(2027, 7, 31)), budget);
        var summary = await mediator.Send(new DraftAgreement.Command(drafter.UserName, draft), ct);
        var number = summary.Number;
        var actions = 0;
        if (demo.Until == "draft") return actions;

        await Act(drafter.UserName, "submit");
        if (demo.Until == "submitted") return actions;
        for (var guard = 0; guard < 10; guard++)
        {
            var current = await mediator.Send(new SummarizeAgreement.Query(drafter.UserName, number), ct);
            if (current.State == "signing")
            {
                if (demo.Until == "approved") return actions;
                foreach (var party in demo.Parties) await Act(signatories[party.Institution].UserName, "sign");
                continue;
            }
            if (current.State == "active")
            {
                await ReportAsync(current, demo, drafter.UserName, accounts, Act, ct);
                return actions;
            }
            if (current.State.StartsWith("city", StringComparison.Ordinal))
                await Act(accounts.First(a => a.Role == AccountRole.CityBureau).UserName, "approve");
            else
                // Every county a party sits in approves.
                foreach (var county in current.Parties.Select(p => p.County).Distinct())
                    if (accounts.FirstOrDefault(a => a.Role == AccountRole.CountyBureau && a.CountyCode == county) is { } bureau)
                        await Act(bureau.UserName, "approve");
        }
        throw new InvalidOperationException($"示范协议 {number} 未能推进到 {demo.Until}");

        async Task Act(string user, string action, string? cycle = null, Dictionary<string, string>? inputs = null)
        {
            await mediator.Send(new ActOnAgreement.Command(user, new AgreementAction(number, action, $"seed:{number}:{action}:{cycle}:{user}",
                Cycle: cycle, Inputs: inputs)), ct);
            actions++;
        }
    }

    /// <summary>The demo reports and evaluations: the periods that have begun are opened first (their timers are due),
    /// then the school reports with its indicators and the county accepts, or the county evaluates the school year.</summary>
    private async Task ReportAsync(AgreementSummary agreement, SeedAgreement demo, string drafter, List<Account> accounts,
        Func<string, string, string?, Dictionary<string, string>?, Task> act, CancellationToken ct)
    {
        if (demo.Reports is not { Count: > 0 } reports) return;
        await mediator.Send(new RunTimers.Command("seed"), ct);
        var county = agreement.Parties.Select(p => p.County).First(c => c is not null);
        var bureau = accounts.First(a => a.Role == AccountRole.CountyBureau && a.CountyCode == county).UserName;
        foreach (var report in reports)
        {
            var values = new Dictionary<string, string>(report.Values);
            if (report.Cycle.Count(c => c == '-') == 1)
            {
                values["rating"] = report.Rating ?? "良好";
                await act(bureau, "evaluate", report.Cycle, values);
                continue;
            }
            values["summary"] = "本学期按计划开展帮扶活动，具体数据见指标。";
            await act(drafter, "submit", report.Cycle, values);
            if (report.Accepted) await act(bureau, "accept", report.Cycle, null);
        }
    }

    /// <summary>The budget record of the first party's county for the program and the year the term starts, if any.</summary>
    private async Task<Guid?> BudgetForAsync(SeedFile seed, SeedAgreement demo, CancellationToken ct)
    {
        await using var db = database.Create();
        var year = (demo.TermStart ?? new DateOnly(2024, 9, 1)).Year;
        var county = seed.Institutions.First(i => i.Code == demo.Parties[0].Institution).County;
        return await db.CountyBudgets.Where(b => b.CountyCode == county && b.Program == demo.Program && b.Year == year).Select(b => (Guid?)b.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The supported or partner side usually drafts; fall back to the first party with a staff account.</summary>
    private static Account DrafterFor(SeedAgreement demo, List<Account> accounts)
    {
        var order = demo.Parties.OrderBy(p => p.Role is "supported" or "lead" or "school" ? 0 : 1);
        foreach (var party in order)
            if (accounts.FirstOrDefault(a => a.InstitutionCode == party.Institution && !a.CanSign) is { } staff) return staff;
        return accounts.First(a => a.InstitutionCode == demo.Parties[0].Institution);
    }
}
