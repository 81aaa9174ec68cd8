using System.Text.Json.Nodes;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Funding;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>An institution as a candidate for a role: whether it may take it, and if not, why; and who may sign for it.</summary>
public sealed record Candidate(string Code, string Name, string? County, bool Eligible, string? Reason, IReadOnlyList<SignatoryChoice> Signatories);

/// <summary>An account with signing authority: its user name and how it is printed (黄国（校长）).</summary>
public sealed record SignatoryChoice(string UserName, string Text);

/// <summary>One role of a program as the wizard offers it. Qualification says in words who may take it (优质普通高中);
/// Candidates holds the institutions of the city, eligible ones first, each ineligible one with its reason. The
/// drafter's own institution is listed only in the role it drafts in.</summary>
public sealed record RoleChoice(string Role, string Title, int Min, int Max, bool OneToOne, string Qualification, IReadOnlyList<Candidate> Candidates)
{
    public IReadOnlyList<Candidate> Eligible => Candidates.Where(c => c.Eligible).ToList();

    public IReadOnlyList<Candidate> Ineligible => Candidates.Where(c => !c.Eligible).ToList();

    /// <summary>More than one institution may take the role (max 0 means no upper limit).</summary>
    public bool Multiple => Max != 1;

    /// <summary>How many the role takes, in words: 1 个, 可选，至多 1 个, 至少 1 个，可多选.</summary>
    public string Count => Max == 1 ? (Min == 0 ? "可选，至多 1 个" : "1 个") : Max == 0 ? $"至少 {Min} 个，可多选" : $"{Min}～{Max} 个";
}

/// <summary>What the wizard offers the drafter for one program. DrafterRole is the role the drafter's institution takes
/// (it must be a party), null when it qualifies for none; OtherDrafterRoles the other roles it could draft in.
/// Blockers say why nothing can be drafted now (empty when it can). Budgets: the county budget records to choose from
/// when the program is funded from county budgets (null when not). The suggested term runs three school years from the
/// next 1 September.</summary>
public sealed record ProgramChoices(string Program, string Title, string Description, string DrafterInstitution, string DrafterName,
    string? DrafterRole, IReadOnlyList<string> OtherDrafterRoles, IReadOnlyList<RoleChoice> Roles, IReadOnlyList<string> Blockers,
    IReadOnlyList<string> FocusAreas, IReadOnlyList<string> Required, IReadOnlyList<BudgetView>? Budgets, DateOnly SuggestedStart, DateOnly SuggestedEnd)
{
    public bool CanDraft => Blockers.Count == 0;

    public RoleChoice? Role(string role) => Roles.FirstOrDefault(r => r.Role == role);

    public Candidate? Find(string role, string code) => Role(role)?.Candidates.FirstOrDefault(c => c.Code == code);
}

/// <summary>起草向导（参与方）: what the wizard offers a school for a program — the school itself in the role it drafts in,
/// and for every other role the institutions of its own city that may take it (by the role's tags or stages, its
/// county where the program ties parties to one county, and one-to-one pairings live today), the others with their
/// reasons, and who may sign for each. Institutions of other cities are never offered: each city's registry holds the
/// universities it works with.</summary>
public static class ChooseParties
{
    /// <summary>DrafterRole asks for the drafter's institution in that role, where it qualifies for several.</summary>
    public sealed record Query(string User, string Program, string? DrafterRole = null) : IRequest<ProgramChoices>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs, EngineOptions engine, TimeProvider clock) : IRequestHandler<Query, ProgramChoices>
    {
        public async Task<ProgramChoices> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureMayDraft(account);
            var info = await programs.ProgramAsync(request.Program, account.CityCode, ct);
            var registry = await PartyRegistry.LoadAsync(db, account, programs, engine.LocalDate(clock.GetUtcNow().UtcDateTime), ct);
            return await registry.ChoicesAsync(db, info, request.DrafterRole, ct);
        }
    }
}

/// <summary>The drafter's city as the wizard sees it: its institutions, counties and signatories, loaded once and used
/// for each program.</summary>
internal sealed class PartyRegistry
{
    private enum Why { Tag, Stage, County, Taken }

    private readonly Account _account;
    private readonly Institution _drafter;
    private readonly List<Institution> _institutions;
    private readonly Dictionary<string, string> _counties;
    private readonly ILookup<string, SignatoryChoice> _signatories;
    private readonly TagVocabulary _tags;
    private readonly DateOnly _today;

    private PartyRegistry(Account account, Institution drafter, List<Institution> institutions, Dictionary<string, string> counties,
        ILookup<string, SignatoryChoice> signatories, TagVocabulary tags, DateOnly today)
    {
        _account = account;
        _drafter = drafter;
        _institutions = institutions;
        _counties = counties;
        _signatories = signatories;
        _tags = tags;
        _today = today;
    }

    public static async Task<PartyRegistry> LoadAsync(PairingDbContext db, Account account, ProgramDirectory programs, DateOnly today, CancellationToken ct)
    {
        var institutions = await db.Institutions.AsNoTracking().Where(i => i.CityCode == account.CityCode).ToListAsync(ct);
        var drafter = institutions.FirstOrDefault(i => i.Code == account.InstitutionCode)
            ?? await db.Institutions.AsNoTracking().FirstAsync(i => i.Code == account.InstitutionCode, ct);
        var counties = await db.Counties.AsNoTracking().Where(c => c.CityCode == account.CityCode).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var signatories = (await db.Accounts.AsNoTracking().Where(a => a.CanSign && a.InstitutionCode != null && a.CityCode == account.CityCode)
                .OrderBy(a => a.UserName).ToListAsync(ct))
            .ToLookup(a => a.InstitutionCode!, a => new SignatoryChoice(a.UserName, a.SignatoryText));
        return new PartyRegistry(account, drafter, institutions, counties, signatories, await programs.TagsAsync(ct), today);
    }

    public async Task<ProgramChoices> ChoicesAsync(PairingDbContext db, ProgramInfo info, string? requestedRole, CancellationToken ct)
    {
        var definition = info.Definition;
        var rules = JsonParams.PartyRules(definition.Parameters["roles"]);
        var exclusive = JsonParams.Strings(definition.Parameters, "exclusiveRoles");
        var exclusiveTitle = JsonParams.ExclusiveTitle(definition.Parameters);
        // The wizard offers today's picture: a school paired today is marked with the day its pairing ends.
        var commitments = exclusive.Count == 0 ? []
            : await LiveCommitments.OfAsync(db, definition, info.Program, _account.CityCode, null, null, _today, _today, ct);

        (bool Eligible, Why? Why, string? Reason) Check(Institution i, PartyRule rule, bool sameCountyAsDrafter)
        {
            if (rule.Tags.Count > 0 && !rule.Tags.Any(i.Tags.Contains)) return (false, Why.Tag, $"不是{string.Join("或", rule.Tags.Select(_tags.Title))}");
            if (rule.Stages.Count > 0 && !rule.Stages.Any(i.Stages.Contains))
                return (false, Why.Stage, $"学段不是{string.Join("、", rule.Stages.Select(Stage.Title))}之一");
            if (sameCountyAsDrafter && i.CountyCode != _drafter.CountyCode) return (false, Why.County, $"与本校不在同一县（市、区）");
            if (exclusive.Contains(rule.Role) && commitments.FirstOrDefault(x => x.InstitutionCode == i.Code && x.Role == rule.Role) is { } taken)
                return (false, Why.Taken,
                    $"已在协议 {taken.AgreementNumber}《{taken.AgreementTitle}》中结对（{rule.Title}，{exclusiveTitle}，至 {ChineseDates.Date(taken.TermEnd)}；续签请在原协议页面办理）");
            return (true, null, null);
        }

        // The drafter's role: the one asked for, else the first it may take now, else the first it qualifies for.
        var qualifying = rules.Where(r => Check(_drafter, r, false).Why is null or Why.Taken).ToList();
        var drafterRule = qualifying.FirstOrDefault(r => r.Role == requestedRole)
            ?? qualifying.FirstOrDefault(r => Check(_drafter, r, false).Eligible) ?? qualifying.FirstOrDefault();
        var blockers = new List<string>();
        if (drafterRule is null)
            blockers.Add($"本校不是本项目的{string.Join("或", rules.Select(r => r.Title))}（{string.Join("；", rules.Select(r => $"{r.Title}须是{Qualification(r)}"))}）");
        else if (Check(_drafter, drafterRule, false) is { Eligible: false, Reason: { } reason })
            blockers.Add($"本校{reason}");

        var roles = new List<RoleChoice>();
        foreach (var rule in rules)
        {
            var own = rule == drafterRule;
            // Parties tied to one county follow the drafter's county, unless the drafter's role is not tied to any.
            var sameCounty = drafterRule is { AnyCity: false } && _drafter.CountyCode is not null
                && (rule.SameCountyAs || (drafterRule.SameCountyAs && !rule.AnyCity));
            // The drafter appears only in its own role; a role of one then offers nobody else.
            var checks = _institutions.Where(i => i.Code == _drafter.Code ? own : !(own && rule.Max == 1))
                .Select(i => (Institution: i, Result: Check(i, rule, sameCounty && i.Code != _drafter.Code))).ToList();
            var candidates = checks
                .Select(x => new Candidate(x.Institution.Code, x.Institution.Name, CountyName(x.Institution), x.Result.Eligible, x.Result.Reason,
                    _signatories[x.Institution.Code].ToList()))
                .OrderByDescending(c => c.Eligible).ThenBy(c => c.County ?? "", StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
            roles.Add(new RoleChoice(rule.Role, rule.Title, rule.Min, rule.Max, exclusive.Contains(rule.Role), Qualification(rule), candidates));
            if (!own && rule.Min > 0 && drafterRule is not null && checks.All(x => !x.Result.Eligible))
                blockers.Add($"没有符合条件的{rule.Title}：{NoneBecause(rule, checks.Select(x => x.Result.Why).ToList(), exclusiveTitle)}");
        }

        var budgets = CountyFundingRule.Of(definition.Parameters) is null ? null
            : await CountyBudgets.ViewsAsync(db, _account.CityCode, b => b.Program == info.Program, ct);
        var start = new DateOnly(_today.Month < 9 ? _today.Year : _today.Year + 1, 9, 1);
        return new ProgramChoices(info.Program, info.Title, Description(info), _drafter.Code, _drafter.Name, drafterRule?.Role,
            qualifying.Where(r => r != drafterRule).Select(r => r.Role).ToList(), roles, blockers,
            JsonParams.Strings(definition.Parameters, "focusAreas"), JsonParams.Strings(definition.Parameters, "required"), budgets,
            start, new DateOnly(start.Year + 3, 7, 31));
    }

    /// <summary>Why a role has nobody to offer: everyone qualifying is paired already, or sits in another county, or
    /// the city's registry has no such institution.</summary>
    private string NoneBecause(PartyRule rule, IReadOnlyList<Why?> reasons, string exclusiveTitle)
    {
        var taken = reasons.Count(r => r == Why.Taken);
        if (taken > 0) return $"本市 {taken} 所{Qualification(rule)}都已在其他协议中结对（{exclusiveTitle}）";
        if (reasons.Contains(Why.County)) return $"本校所在的{CountyName(_drafter) ?? "县（市、区）"}没有{Qualification(rule)}";
        return $"本市名录中没有{Qualification(rule)}";
    }

    /// <summary>Who may take a role, in words: its tags (优质普通高中或…) or its stages (小学、初中学段的学校).</summary>
    private string Qualification(PartyRule rule) =>
        rule.Tags.Count > 0 ? string.Join("或", rule.Tags.Select(_tags.Title))
        : rule.Stages.Count > 0 ? $"{string.Join("、", rule.Stages.Select(Stage.Title))}学段的学校"
        : "名录中的单位";

    private string? CountyName(Institution i) => i.CountyCode is { } c && _counties.TryGetValue(c, out var name) ? name : null;

    /// <summary>One line about the program: the first plan task it quotes, else its title.</summary>
    public static string Description(ProgramInfo info) =>
        info.Definition.Metadata["tasks"] is JsonArray { Count: > 0 } tasks && tasks[0]?["quote"]?.ToString() is { Length: > 0 } quote
            ? quote : info.Title;
}
