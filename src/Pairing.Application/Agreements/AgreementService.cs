using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>Drafting, editing, acting on and reading agreements, with every check of who may do what.</summary>
public sealed class AgreementService(PairingApp app)
{
    public async Task<AgreementSummary> DraftAsync(string userName, AgreementDraft draft, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        if (account.Role != AccountRole.Staff)
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "只有学校（高校）经办人可以起草协议", "as");
        if (!ProgramCatalog.Names.ContainsKey(draft.Program))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"未知项目 {draft.Program}（可选：{string.Join("、", ProgramCatalog.Names.Keys)}）", "program");
        var definition = await app.Definitions.LatestAsync(ProgramCatalog.DefinitionId(draft.Program, account.CityCode), ct);
        ValidateBasics(draft.Title, draft.TermStart, draft.TermEnd);
        var parties = await ResolvePartiesAsync(db, account.CityCode, draft.Parties, definition, ct);
        if (parties.All(p => p.Institution.Code != account.InstitutionCode))
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");

        var agreement = new Agreement
        {
            Id = Guid.NewGuid(),
            Program = draft.Program,
            CityCode = account.CityCode,
            DefinitionId = definition.Id,
            Title = draft.Title.Trim(),
            TermStart = draft.TermStart,
            TermEnd = draft.TermEnd,
            Goals = draft.Goals,
            Measures = draft.Measures?.ToList() ?? [],
            FocusAreas = draft.FocusAreas?.ToList() ?? [],
            Targets = draft.Targets?.ToList() ?? [],
            FundingSource = draft.FundingSource,
            BudgetLine = draft.BudgetLine,
            FundingAmount = draft.FundingAmount,
            ContactName = draft.ContactName,
            ContactPhone = draft.ContactPhone,
            CreatedBy = account.UserName,
            CreatedAt = app.UtcNow,
        };
        agreement.Parties = PartyRows(agreement.Id, parties);
        agreement.Number = await NextNumberAsync(db, account.CityCode, draft.Program, draft.TermStart.Year, ct);

        var scopes = ScopesOf(account.InstitutionCode!, account.CityCode, parties.Select(p => p.Institution));
        var instance = await app.Engine.StartAsync(definition.Id, "agreement", agreement.Id.ToString(), DateContext(agreement), scopes, actor,
            (step, inst) => { agreement.InstanceId = inst.Id; step.Db().Add(agreement); return Task.CompletedTask; }, ct);
        return await app.Queries.SummaryAsync(userName, agreement.Number, ct);
    }

    public async Task<int> UpdateAsync(string userName, string number, AgreementChanges changes, int? expectedVersion, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        if (!InstanceScopes.Slot(InstanceScopes.Parse(instance.ScopesJson), "owner").Any(actor.Scopes.Contains) || account.Role != AccountRole.Staff)
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "只有起草协议的学校经办人可以修改协议", "as");
        var definition = await app.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);

        ValidateBasics(changes.Title ?? agreement.Title, changes.TermStart ?? agreement.TermStart, changes.TermEnd ?? agreement.TermEnd);
        var parties = changes.Parties is null ? null : await ResolvePartiesAsync(db, agreement.CityCode, changes.Parties, definition, ct);
        if (parties is not null && parties.All(p => p.Institution.Code != account.InstitutionCode))
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");
        var scopes = parties is null ? null : ScopesOf(account.InstitutionCode!, agreement.CityCode, parties.Select(p => p.Institution));
        var values = new JsonObject
        {
            ["termStart"] = (changes.TermStart ?? agreement.TermStart).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["termEnd"] = (changes.TermEnd ?? agreement.TermEnd).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return await app.Engine.UpdateContextAsync(agreement.InstanceId, values, actor, expectedVersion, async (step, _) =>
        {
            var stepDb = step.Db();
            var tracked = await stepDb.Set<Agreement>().Include(a => a.Parties).FirstAsync(a => a.Id == agreement.Id, ct);
            Apply(tracked, changes);
            if (parties is not null)
            {
                stepDb.Set<AgreementParty>().RemoveRange(tracked.Parties);
                tracked.Parties = PartyRows(tracked.Id, parties);
                stepDb.Set<AgreementParty>().AddRange(tracked.Parties);
            }
        }, scopes, ct);
    }

    public async Task<ActionOutcome> ActAsync(string userName, AgreementAction request, CancellationToken ct = default)
    {
        Guid instanceId;
        Workflows.Plugins.Actor actor;
        List<EvidenceFile> evidence = [];
        await using (var db = app.Db())
        {
            (var account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
            var agreement = await AgreementAccess.FindVisibleAsync(db, account, request.Number, ct);
            instanceId = agreement.InstanceId;
            if (request.Evidence is { Count: > 0 } uploads)
            {
                if (request.Cycle is null) throw new WorkflowException(WorkflowErrorKind.Invalid, "佐证文件只能随报告或评估提交", "evidence");
                evidence = Evidence.Check(uploads, agreement.Id, request.Cycle, userName, app.UtcNow);
            }
            if (request.Cycle is { } cycle)
            {
                var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct);
                instanceId = children.FirstOrDefault(c => c.ChildKey!.EndsWith(":" + cycle, StringComparison.Ordinal))?.Id
                    ?? throw new WorkflowException(WorkflowErrorKind.NotFound,
                        $"协议 {agreement.Number} 没有周期 {cycle}（现有：{string.Join("、", children.Select(c => c.ChildKey!.Split(':')[1]))}）", "cycle");
            }
        }
        // Evidence is saved in the action's own transaction: a refused action keeps no files, a failed save no action.
        return await app.Engine.ExecuteAsync(instanceId, request.Action, actor,
            new ActionRequest(request.IdempotencyKey, request.Comment, request.Inputs, request.ExpectedVersion, request.Participant,
                evidence.Count == 0 ? null : (step, _) => { step.Db().AddRange(evidence); return Task.CompletedTask; }), ct);
    }

    /// <summary>Starts the next agreement from an active or completed one: same parties and plan, next term.</summary>
    public async Task<AgreementSummary> RenewAsync(string userName, string number, CancellationToken ct = default)
    {
        AgreementDraft draft;
        Guid previousId;
        await using (var db = app.Db())
        {
            var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
            var previous = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
            if (previous.FirstSignedAt is null)
                throw new WorkflowException(WorkflowErrorKind.Unavailable, $"协议 {number} 尚未签署生效，不能续签", "number");
            previousId = previous.Id;
            var length = previous.TermEnd.DayNumber - previous.TermStart.DayNumber;
            var start = previous.TermEnd.AddDays(1);
            draft = new AgreementDraft(previous.Program, $"{previous.Title}（续签）", start, start.AddDays(length),
                previous.Parties.Select(p => new PartyInput(p.InstitutionCode, p.Role, p.SignatoryAccount)).ToList(), previous.Goals,
                previous.Measures, previous.FocusAreas, previous.FundingSource, previous.BudgetLine, previous.FundingAmount,
                previous.ContactName, previous.ContactPhone, previous.Targets);
        }
        var renewed = await DraftAsync(userName, draft, ct);
        await using (var db = app.Db())
        {
            var agreement = await db.Agreements.FirstAsync(a => a.Number == renewed.Number, ct);
            agreement.RenewalOf = previousId;
            await db.SaveChangesAsync(ct);
        }
        return renewed;
    }

    private static void ValidateBasics(string title, DateOnly start, DateOnly end)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议名称必填", "title");
        if (title.Length > 200) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议名称不能超过 200 字", "title");
        if (end <= start) throw new WorkflowException(WorkflowErrorKind.Invalid, $"协议期限结束日期 {end:yyyy-MM-dd} 必须晚于开始日期 {start:yyyy-MM-dd}", "termEnd");
        if (end.DayNumber - start.DayNumber > 366 * 10) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议期限不能超过 10 年", "termEnd");
    }

    private sealed record ResolvedParty(PartyInput Input, Institution Institution, Account? Signatory);

    /// <summary>Resolves party codes and checks the parties against the program's role rules right away, so a
    /// school learns at drafting time that a partner is ineligible.</summary>
    private static async Task<List<ResolvedParty>> ResolvePartiesAsync(PairingDbContext db, string city, IReadOnlyList<PartyInput> inputs,
        WorkflowDefinition definition, CancellationToken ct)
    {
        if (inputs.Count < 2) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议至少需要两方", "parties");
        var codes = inputs.Select(p => p.InstitutionCode).ToList();
        var found = await db.Institutions.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        var signatories = (await db.Accounts.AsNoTracking().Where(a => a.CanSign && a.InstitutionCode != null && codes.Contains(a.InstitutionCode)).ToListAsync(ct))
            .ToLookup(a => a.InstitutionCode!);
        var resolved = new List<ResolvedParty>();
        for (var n = 0; n < inputs.Count; n++)
        {
            var input = inputs[n];
            if (!found.TryGetValue(input.InstitutionCode, out var institution))
                throw new WorkflowException(WorkflowErrorKind.Invalid, $"名录中没有机构 {input.InstitutionCode}", $"parties[{n}].institution");
            if (institution.CityCode != city && !institution.Tags.Contains(InstitutionTag.University))
                throw new WorkflowException(WorkflowErrorKind.Invalid, $"{institution.Name} 不属于本市", $"parties[{n}].institution");
            resolved.Add(new(input, institution, SignatoryOf(input, institution, signatories[institution.Code].ToList(), n)));
        }
        var rules = JsonParams.PartyRules(definition.Parameters["roles"]);
        var violations = PartyRules.Check(rules, resolved.Select(r => new PartyFacts(r.Input.Role, r.Institution.Code, r.Institution.Name,
            r.Institution.CountyCode, r.Institution.Tags, r.Institution.Stages)).ToList());
        if (violations.Count > 0)
            throw new WorkflowException(WorkflowErrorKind.Refused, string.Join("；", violations.Select(v => v.Message)), "parties", violations[0].Rule);
        return resolved;
    }

    /// <summary>The signatory is an account with signing authority at that institution: the person printed on the
    /// document is the only one who can sign it. With one such account it is chosen by default.</summary>
    private static Account? SignatoryOf(PartyInput input, Institution institution, List<Account> candidates, int n)
    {
        if (string.IsNullOrWhiteSpace(input.Signatory)) return candidates.Count == 1 ? candidates[0] : null;
        return candidates.FirstOrDefault(a => a.UserName == input.Signatory.Trim())
            ?? throw new WorkflowException(WorkflowErrorKind.Invalid, candidates.Count == 0
                ? $"{institution.Name}没有具有签署权的账号，请先由管理员开通"
                : $"签署人「{input.Signatory}」不是{institution.Name}具有签署权的账号（可选：{string.Join("、", candidates.Select(a => $"{a.UserName} {a.SignatoryText}"))}）",
                $"parties[{n}].signatory");
    }

    private static List<AgreementParty> PartyRows(Guid agreementId, IEnumerable<ResolvedParty> parties) =>
        parties.Select(p => new AgreementParty
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, InstitutionId = p.Institution.Id, InstitutionCode = p.Institution.Code,
            Role = p.Input.Role, SignatoryAccount = p.Signatory?.UserName, Signatory = p.Signatory?.SignatoryText,
        }).ToList();

    private static Dictionary<string, List<string>> ScopesOf(string owner, string city, IEnumerable<Institution> parties)
    {
        var list = parties.ToList();
        return new()
        {
            ["owner"] = [Scope.Institution(owner)],
            ["party"] = list.Select(i => Scope.Institution(i.Code)).ToList(),
            ["county"] = list.Where(i => i.CountyCode is not null && i.CityCode == city).Select(i => Scope.County(i.CountyCode!)).Distinct().ToList(),
            ["city"] = [Scope.City(city)],
        };
    }

    private static JsonObject DateContext(Agreement a) => new()
    {
        ["termStart"] = a.TermStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["termEnd"] = a.TermEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static void Apply(Agreement a, AgreementChanges c)
    {
        if (c.Title is not null) a.Title = c.Title.Trim();
        if (c.TermStart is { } s) a.TermStart = s;
        if (c.TermEnd is { } e) a.TermEnd = e;
        if (c.Goals is not null) a.Goals = c.Goals;
        if (c.Measures is not null) a.Measures = c.Measures.ToList();
        if (c.FocusAreas is not null) a.FocusAreas = c.FocusAreas.ToList();
        if (c.Targets is not null) a.Targets = c.Targets.ToList();
        if (c.FundingSource is not null) a.FundingSource = c.FundingSource;
        if (c.BudgetLine is not null) a.BudgetLine = c.BudgetLine;
        if (c.FundingAmount is not null) a.FundingAmount = c.FundingAmount;
        if (c.ContactName is not null) a.ContactName = c.ContactName;
        if (c.ContactPhone is not null) a.ContactPhone = c.ContactPhone;
    }

    private static async Task<string> NextNumberAsync(PairingDbContext db, string city, string program, int year, CancellationToken ct)
    {
        var cityRow = await db.Cities.AsNoTracking().FirstAsync(c => c.Code == city, ct);
        var prefix = $"{cityRow.AdminCode}-{ProgramCatalog.NumberPrefixes[program]}-{year}-";
        var count = await db.Agreements.CountAsync(a => a.Number.StartsWith(prefix), ct);
        return $"{prefix}{count + 1:000}";
    }

}
