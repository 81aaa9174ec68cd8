using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Application.Operations;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Seeding;

/// <summary>One demo agreement of a seed, walked through the real use cases to where the seed wants it. The walk can
/// be cut short anywhere (the process killed) and run again: the agreement the item drafted is found again by its
/// city, program, title and drafter; every later step carries a fixed idempotency key (seed:{number}:{action}:{cycle}:{user})
/// and is skipped when that key is on record, so a committed step never runs twice and the walk carries on from the
/// agreement's current state.</summary>
public sealed class DemoWalk
{
    private const string Signing = "signing";
    private const string Active = "active";

    private readonly PairingDatabase _database;
    private readonly IMediator _mediator;
    private readonly SeedAgreement _demo;
    private readonly IReadOnlyList<Account> _accounts;
    private readonly Account _drafter;
    private readonly Dictionary<string, Account> _signatories;

    public DemoWalk(PairingDatabase database, IMediator mediator, SeedAgreement demo, IReadOnlyList<Account> accounts)
    {
        _database = database;
        _mediator = mediator;
        _demo = demo;
        _accounts = accounts;
        _drafter = DrafterFor(demo, accounts);
        _signatories = demo.Parties.ToDictionary(p => p.Institution, p => accounts.First(a => a.InstitutionCode == p.Institution && a.CanSign));
    }

    /// <summary>Whether this run drafted the agreement (rather than finding it from an earlier run).</summary>
    public bool Drafted { get; private set; }

    /// <summary>Workflow actions this run took.</summary>
    public int Actions { get; private set; }

    /// <summary>The agreement this item drafted in an earlier run, if any. Titles are unique within a seed, and the
    /// seed drafts nothing twice, so there is at most one.</summary>
    public async Task<Agreement?> FindAsync(CancellationToken ct)
    {
        await using var db = _database.Create();
        var title = _demo.Title.Trim();
        return await db.Agreements.AsNoTracking()
            .Where(a => a.CityCode == _drafter.CityCode && a.Program == _demo.Program && a.Title == title && a.CreatedBy == _drafter.UserName && a.RenewalOf == null)
            .OrderBy(a => a.CreatedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>Whether the agreement has been where the seed wants it: its last planned step is on record. What users
    /// did with it afterwards does not matter; the seed leaves it alone.</summary>
    public async Task<bool> IsCompleteAsync(Agreement agreement, CancellationToken ct)
    {
        await using var db = _database.Create();
        return _demo.Until switch
        {
            "draft" => true,
            "submitted" => await RecordedAsync(db, Key(agreement.Number, "submit", null, _drafter.UserName), ct),
            "approved" => await ReachedAsync(Signing),
            _ when _demo.Reports is { Count: > 0 } reports => await KeyOnRecordAsync(KeyPrefix(agreement.Number, LastActionOf(reports[^1]), reports[^1].Cycle)),
            _ => await ReachedAsync(Active),
        };

        Task<bool> KeyOnRecordAsync(string prefix) => db.Set<IdempotencyRecord>().AnyAsync(r => r.Key.StartsWith(prefix), ct);
        Task<bool> ReachedAsync(string state) => db.Journal.AnyAsync(j => j.InstanceId == agreement.InstanceId && j.ToState == state, ct);
    }

    /// <summary>Drafts the agreement unless an earlier run did, and moves it on from where it stands to the state the
    /// seed asks for, with its reports. Returns the agreement.</summary>
    public async Task<Agreement> WalkAsync(SeedFile seed, CancellationToken ct)
    {
        var agreement = await FindAsync(ct) ?? await DraftAsync(seed, ct);
        var number = agreement.Number;
        if (_demo.Until == "draft") return agreement;

        await ActAsync(number, _drafter.UserName, "submit", null, null, ct);
        if (_demo.Until == "submitted") return agreement;
        for (var guard = 0; guard < 10; guard++)
        {
            var current = await _mediator.Send(new SummarizeAgreement.Query(_drafter.UserName, number), ct);
            if (current.State == Signing)
            {
                if (_demo.Until == "approved") return agreement;
                foreach (var party in _demo.Parties) await ActAsync(number, _signatories[party.Institution].UserName, "sign", null, null, ct);
                continue;
            }
            if (current.State == Active)
            {
                await ReportAsync(current, ct);
                return agreement;
            }
            if (current.State.StartsWith("city", StringComparison.Ordinal))
                await ActAsync(number, _accounts.First(a => a.Role == AccountRole.CityBureau).UserName, "approve", null, null, ct);
            else
                // Every county a party sits in approves.
                foreach (var county in current.Parties.Select(p => p.County).Distinct())
                    if (_accounts.FirstOrDefault(a => a.Role == AccountRole.CountyBureau && a.CountyCode == county) is { } bureau)
                        await ActAsync(number, bureau.UserName, "approve", null, null, ct);
        }
        throw new InvalidOperationException($"示范协议 {number} 未能推进到 {_demo.Until}");
    }

    private async Task<Agreement> DraftAsync(SeedFile seed, CancellationToken ct)
    {
        var start = _demo.TermStart ?? new DateOnly(2024, 9, 1);
        var end = _demo.TermEnd ?? new DateOnly(2027, 7, 31);
        var budget = _demo.Funding is null ? null : await BudgetForAsync(seed, ct);
        var draft = new AgreementDraft(_demo.Program, _demo.Title, start, end,
            _demo.Parties.Select(p => new PartyInput(p.Institution, p.Role, _signatories[p.Institution].UserName)).ToList(),
            _demo.Goals ?? "", _demo.Measures ?? DemoPlan.Measures(_demo.Program), _demo.FocusAreas, _demo.Funding?.Source, _demo.Funding?.BudgetLine,
            _demo.Funding?.Amount, null, null, _demo.Targets ?? DemoPlan.Targets(start, end), budget);
        await _mediator.Send(new DraftAgreement.Command(_drafter.UserName, draft), ct);
        Drafted = true;
        return await FindAsync(ct) ?? throw new InvalidOperationException($"示范协议「{_demo.Title}」起草后未找到");
    }

    /// <summary>The demo reports and evaluations: the periods that have begun are opened first (their timers are due),
    /// then the school reports with its indicators and the county accepts, or the county evaluates the school year.
    /// Timers are fired only before the first report step: once one is on record, the earlier run fired them.</summary>
    private async Task ReportAsync(AgreementSummary agreement, CancellationToken ct)
    {
        if (_demo.Reports is not { Count: > 0 } reports) return;
        var county = agreement.Parties.Select(p => p.County).First(c => c is not null);
        var bureau = _accounts.First(a => a.Role == AccountRole.CountyBureau && a.CountyCode == county).UserName;
        var steps = new List<(string User, string Action, string Cycle, Dictionary<string, string>? Inputs)>();
        foreach (var report in reports)
        {
            var values = new Dictionary<string, string>(report.Values);
            if (IsEvaluation(report))
            {
                values["rating"] = report.Rating ?? "良好";
                steps.Add((bureau, "evaluate", report.Cycle, values));
                continue;
            }
            values["summary"] = "本学期按计划开展帮扶活动，具体数据见指标。";
            steps.Add((_drafter.UserName, "submit", report.Cycle, values));
            if (report.Accepted) steps.Add((bureau, "accept", report.Cycle, null));
        }
        bool firstDone;
        await using (var db = _database.Create())
            firstDone = await RecordedAsync(db, Key(agreement.Number, steps[0].Action, steps[0].Cycle, steps[0].User), ct);
        if (!firstDone) await _mediator.Send(new RunTimers.Command(Seeder.TimerWorker), ct);
        foreach (var (user, action, cycle, inputs) in steps) await ActAsync(agreement.Number, user, action, cycle, inputs, ct);
    }

    /// <summary>One step, unless its key is on record: then an earlier run took it. A repeated key would be answered
    /// by the engine too, but a signature would be prepared again before the engine saw the key.</summary>
    private async Task ActAsync(string number, string user, string action, string? cycle, Dictionary<string, string>? inputs, CancellationToken ct)
    {
        var key = Key(number, action, cycle, user);
        await using (var db = _database.Create())
            if (await RecordedAsync(db, key, ct)) return;
        await _mediator.Send(new ActOnAgreement.Command(user, new AgreementAction(number, action, key, Cycle: cycle, Inputs: inputs)), ct);
        Actions++;
    }

    private static string KeyPrefix(string number, string action, string? cycle) => $"seed:{number}:{action}:{cycle}:";

    private static string Key(string number, string action, string? cycle, string user) => KeyPrefix(number, action, cycle) + user;

    private static Task<bool> RecordedAsync(PairingDbContext db, string key, CancellationToken ct) =>
        db.Set<IdempotencyRecord>().AnyAsync(r => r.Key == key, ct);

    /// <summary>A school year (2024-2025) is evaluated; a semester (2024-2025-1) is reported.</summary>
    private static bool IsEvaluation(SeedCycleReport report) => report.Cycle.Count(c => c == '-') == 1;

    private static string LastActionOf(SeedCycleReport report) => IsEvaluation(report) ? "evaluate" : report.Accepted ? "accept" : "submit";

    /// <summary>The budget record of the first party's county for the program and the year the term starts, if any.</summary>
    private async Task<Guid?> BudgetForAsync(SeedFile seed, CancellationToken ct)
    {
        await using var db = _database.Create();
        var year = (_demo.TermStart ?? new DateOnly(2024, 9, 1)).Year;
        var county = seed.Institutions.First(i => i.Code == _demo.Parties[0].Institution).County;
        return await db.CountyBudgets.Where(b => b.CountyCode == county && b.Program == _demo.Program && b.Year == year).Select(b => (Guid?)b.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The supported or partner side usually drafts; fall back to the first party with a staff account.</summary>
    private static Account DrafterFor(SeedAgreement demo, IReadOnlyList<Account> accounts)
    {
        var order = demo.Parties.OrderBy(p => p.Role is "supported" or "lead" or "school" ? 0 : 1);
        foreach (var party in order)
            if (accounts.FirstOrDefault(a => a.InstitutionCode == party.Institution && !a.CanSign) is { } staff) return staff;
        return accounts.First(a => a.InstitutionCode == demo.Parties[0].Institution);
    }
}
