using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;

namespace Pairing.Application.Agreements;

/// <summary>A party as requested, with its institution and the account that will sign for it.</summary>
internal sealed record ResolvedParty(PartyInput Input, Institution Institution, Account? Signatory);

/// <summary>What drafting and editing share: resolving parties against the registry and the program's role rules,
/// the party rows, the scopes an agreement's instance is seen and acted in, and the basic term checks.</summary>
internal static class AgreementParties
{
    /// <summary>Resolves party codes and checks the parties against the program's role rules right away, so a
    /// school learns at drafting time that a partner is ineligible.</summary>
    public static async Task<List<ResolvedParty>> ResolveAsync(PairingDbContext db, string city, IReadOnlyList<PartyInput> inputs,
        WorkflowDefinition definition, TagVocabulary tags, CancellationToken ct)
    {
        var rules = JsonParams.PartyRules(definition.Parameters["roles"]);
        if (inputs.Count < 2) throw new PairingException(ErrorKind.Invalid, "协议至少需要两方", "parties");
        var codes = inputs.Select(p => p.InstitutionCode).ToList();
        var found = await db.Institutions.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        var signatories = (await db.Accounts.AsNoTracking().Where(a => a.CanSign && a.InstitutionCode != null && codes.Contains(a.InstitutionCode)).ToListAsync(ct))
            .ToLookup(a => a.InstitutionCode!);
        var resolved = new List<ResolvedParty>();
        for (var n = 0; n < inputs.Count; n++)
        {
            var input = inputs[n];
            if (!found.TryGetValue(input.InstitutionCode, out var institution))
                throw new PairingException(ErrorKind.Invalid, $"名录中没有机构 {input.InstitutionCode}", $"parties[{n}].institution");
            resolved.Add(new(input, institution, SignatoryOf(input, institution, signatories[institution.Code].ToList(), n)));
        }
        var violations = PartyRules.Check(rules, resolved.Select(r => new PartyFacts(r.Input.Role, r.Institution.Code, r.Institution.Name,
            r.Institution.CountyCode, r.Institution.Tags, r.Institution.Stages, r.Institution.CityCode)).ToList(), tags.Title, city);
        if (violations.Count > 0)
            throw new PairingException(ErrorKind.Refused, string.Join("；", violations.Select(v => v.Message)), "parties", violations[0].Rule);
        return resolved;
    }

    /// <summary>The signatory is an account with signing authority at that institution: the person printed on the
    /// document is the only one who can sign it. With one such account it is chosen by default.</summary>
    private static Account? SignatoryOf(PartyInput input, Institution institution, List<Account> candidates, int n)
    {
        if (string.IsNullOrWhiteSpace(input.Signatory)) return candidates.Count == 1 ? candidates[0] : null;
        return candidates.FirstOrDefault(a => a.UserName == input.Signatory.Trim())
            ?? throw new PairingException(ErrorKind.Invalid, candidates.Count == 0
                ? $"{institution.Name}没有具有签署权的账号，请先由管理员开通"
                : $"签署人「{input.Signatory}」不是{institution.Name}具有签署权的账号（可选：{string.Join("、", candidates.Select(a => $"{a.UserName} {a.SignatoryText}"))}）",
                $"parties[{n}].signatory");
    }

    public static List<AgreementParty> Rows(Guid agreementId, IEnumerable<ResolvedParty> parties) =>
        parties.Select(p => new AgreementParty
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, InstitutionId = p.Institution.Id, InstitutionCode = p.Institution.Code,
            Role = p.Input.Role, SignatoryAccount = p.Signatory?.UserName, Signatory = p.Signatory?.SignatoryText,
        }).ToList();

    /// <summary>owner: the drafting school; party: every party; county: each party's county in the city; city.</summary>
    public static Dictionary<string, List<string>> Scopes(string owner, string city, IEnumerable<Institution> parties)
    {
        var list = parties.ToList();
        var scopes = new Dictionary<string, List<string>>
        {
            ["owner"] = [Scope.Institution(owner)],
            ["party"] = list.Select(i => Scope.Institution(i.Code)).ToList(),
            ["county"] = list.Where(i => i.CountyCode is not null && i.CityCode == city).Select(i => Scope.County(i.CountyCode!)).Distinct().ToList(),
            ["city"] = [Scope.City(city)],
        };
        // Each party's own county, so work a party submits (a semester report) goes to that county alone.
        foreach (var i in list.Where(i => i.CountyCode is not null && i.CityCode == city))
            scopes[$"county@{Scope.Institution(i.Code)}"] = [Scope.County(i.CountyCode!)];
        return scopes;
    }

    /// <summary>The county budget record an agreement names, in the agreement's city and program; its county, year and
    /// document become the agreement's funding source, its line the budget line.</summary>
    public static async Task<(Guid Id, string Source, string Line)?> BudgetAsync(PairingDbContext db, string city, string program, Guid? id,
        CancellationToken ct)
    {
        if (id is not { } budgetId) return null;
        var budget = await db.CountyBudgets.AsNoTracking().FirstOrDefaultAsync(b => b.Id == budgetId && b.CityCode == city, ct)
            ?? throw new PairingException(ErrorKind.Invalid, $"本市没有编号为 {budgetId} 的县级预算", "budgetId");
        if (budget.Program != program) throw new PairingException(ErrorKind.Invalid, "所选县级预算不是本项目的预算", "budgetId");
        var county = await db.Counties.AsNoTracking().Where(c => c.Code == budget.CountyCode).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? budget.CountyCode;
        return (budget.Id, $"{county}{budget.Year}年度财政预算（{budget.Document}）", budget.Line);
    }

    public static JsonObject DateContext(DateOnly start, DateOnly end) => new()
    {
        ["termStart"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["termEnd"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static void ValidateBasics(string title, DateOnly start, DateOnly end)
    {
        if (DraftChecks.Title(title) is { } titleProblem) throw new PairingException(ErrorKind.Invalid, titleProblem, "title");
        if (DraftChecks.Term(start, end) is { } termProblem) throw new PairingException(ErrorKind.Invalid, termProblem, "termEnd");
    }
}
