using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Access;

/// <summary>A field an action asks for (a report's summary, an evaluation's rating).</summary>
public sealed record InputView(string Name, string Title, bool Required, IReadOnlyList<string> Choices, int MaxLength,
    string Type = InputTypes.Text, decimal? Min = null, decimal? Max = null, string? Unit = null);

/// <summary>How an action is shown: Sign is a party's signature; Danger ends or withdraws for good. Serialized by
/// name ("Primary", "Sign"…) so API clients read it without a table.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionStyle>))]
public enum ActionStyle { Primary, Secondary, Sign, Danger }

/// <summary>An action a user may take now, with what the page or client must ask for: a comment (a reason), a
/// confirmation, inputs.</summary>
/// <summary>An action as a user is offered it. Confirm: it asks to be confirmed, and Warning says why (what cannot be
/// undone).</summary>
public sealed record OfferedAction(string Id, string Title, ActionStyle Style, bool NeedsComment, bool Confirm, IReadOnlyList<InputView> Inputs,
    string? Warning = null);

/// <summary>The one place that answers "may this account see, or do this": with an agreement (listings filter with
/// <see cref="Visible"/>, use cases find agreements with <see cref="FindVisibleAsync"/>, pages and the API offer
/// exactly the actions <see cref="Offered"/> returns) and with the registry, the dashboard, compliance and incidents
/// (the reach and bureau checks below). The engine checks roles and scopes again on every step.</summary>
public static class AgreementPolicy
{
    /// <summary>Staff see their institution's agreements; a county bureau those with a party in its county; the city
    /// bureau and the city administrator their city's; a province administrator all.</summary>
    public static IQueryable<Agreement> Visible(PairingDbContext db, Account account)
    {
        var agreements = db.Agreements.AsQueryable();
        return account.Role switch
        {
            AccountRole.ProvinceAdmin => agreements,
            AccountRole.CityBureau or AccountRole.Admin => agreements.Where(a => a.CityCode == account.CityCode),
            // IN (subquery) rather than EXISTS per agreement: the database starts from the few parties of the county or
            // school (by index) instead of testing every agreement of the table.
            AccountRole.CountyBureau => agreements.Where(a => db.AgreementParties
                .Where(p => db.Institutions.Where(i => i.CityCode == account.CityCode && i.CountyCode == account.CountyCode).Select(i => i.Code)
                    .Contains(p.InstitutionCode)).Select(p => p.AgreementId).Contains(a.Id)),
            AccountRole.Staff => agreements.Where(a => db.AgreementParties.Where(p => p.InstitutionCode == account.InstitutionCode).Select(p => p.AgreementId)
                .Contains(a.Id)),
            _ => agreements.Where(a => false),
        };
    }

    public static async Task<Agreement> FindVisibleAsync(PairingDbContext db, Account account, string number, CancellationToken ct) =>
        await Visible(db, account).Include(a => a.Parties).AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, ct)
        // Not visible and not existing read the same, so numbers of other schools' agreements do not leak.
        ?? throw new PairingException(ErrorKind.NotFound, $"协议 {number} 不存在或您无权查看", "number");

    /// <summary>Only school or university staff draft, for their own institution.</summary>
    public static bool MayDraft(Account account) => account.Role == AccountRole.Staff && account.InstitutionCode is not null;

    public static void EnsureMayDraft(Account account)
    {
        if (!MayDraft(account)) throw new PairingException(ErrorKind.Forbidden, "只有学校（高校）经办人可以起草协议", "as");
    }

    /// <summary>Staff of one of the agreement's institutions: they may renew it.</summary>
    public static bool IsPartyStaff(Account account, Agreement agreement) =>
        account.Role == AccountRole.Staff && agreement.Parties.Any(p => p.InstitutionCode == account.InstitutionCode);

    /// <summary>A party's staff renew a signed agreement once (a second renewal is refused while the first stands).</summary>
    public static bool MayRenew(Account account, Agreement agreement, bool alreadyRenewed) =>
        IsPartyStaff(account, agreement) && agreement.FirstSignedAt is not null && !alreadyRenewed;

    /// <summary>Staff of the institution that drafted the agreement (the instance's owner slot).</summary>
    public static bool IsDrafter(Account account, WorkflowInstance instance) =>
        account.Role == AccountRole.Staff &&
        InstanceScopes.Slot(InstanceScopes.Parse(instance.ScopesJson), "owner").Contains(Domain.Registry.Scope.Institution(account.InstitutionCode ?? ""));

    /// <summary>Only the drafter changes an agreement's content; the engine then refuses when the state is not editable.</summary>
    public static void EnsureDrafter(Account account, WorkflowInstance instance)
    {
        if (!IsDrafter(account, instance)) throw new PairingException(ErrorKind.Forbidden, "只有起草协议的学校经办人可以修改协议", "as");
    }

    /// <summary>The drafter, while the state is editable: what a page offers as an edit form.</summary>
    public static bool MayEdit(Account account, WorkflowInstance instance, WorkflowDefinition definition) =>
        IsDrafter(account, instance) && instance.Status == InstanceStatus.Open && definition.State(instance.State).Editable;

    public static bool IsBureau(Account account) =>
        account.Role is AccountRole.CountyBureau or AccountRole.CityBureau or AccountRole.Admin or AccountRole.ProvinceAdmin;

    /// <summary>Bureau work (the dashboard, compliance, incidents) is refused to school staff with the given reason.</summary>
    public static void EnsureBureau(Account account, string refusal)
    {
        if (!IsBureau(account)) throw new PairingException(ErrorKind.Forbidden, refusal, "as");
    }

    /// <summary>The city an account's registry and compliance views cover: any requested city (or all, null) for a
    /// province administrator, its own city for everyone else.</summary>
    public static string? CityReach(Account account, string? requested) =>
        account.Role == AccountRole.ProvinceAdmin ? requested : account.CityCode;

    /// <summary>A county bureau sees its own county; the city bureau and administrators any county they ask for.</summary>
    public static string? CountyReach(Account account, string? requested) =>
        account.Role == AccountRole.CountyBureau ? account.CountyCode : requested;

    public static bool MayImport(Account account) =>
        account.Role is AccountRole.CityBureau or AccountRole.Admin or AccountRole.ProvinceAdmin;

    /// <summary>The city whose registry an account may import into: its own for a city bureau or city administrator,
    /// any (null) for a province administrator; nobody else may import.</summary>
    public static string? ImportReach(Account account) => MayImport(account)
        ? CityReach(account, null)
        : throw new PairingException(ErrorKind.Forbidden, "只有市教育局和管理员可以导入名录", "as");

    /// <summary>The actions of the instance's current state that this actor may take: the right role, the right scope
    /// slot, for a sign-off (each party's signature, each county's approval) an open task of the actor's own, and for a
    /// signature the party's designated signatory. System actions are never offered.</summary>
    public static IReadOnlyList<OfferedAction> Offered(Account account, Actor actor, Agreement agreement, WorkflowInstance instance, WorkflowDefinition definition,
        IEnumerable<WorkflowTask> openTasks)
    {
        if (instance.Status != InstanceStatus.Open) return [];
        var state = definition.State(instance.State);
        var scopes = InstanceScopes.Parse(instance.ScopesJson);
        var designated = agreement.Parties.Any(p => p.SignatoryAccount == account.UserName);
        return state.Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Actor.SystemRole))
            .Where(a => actor.InScope(a.Scope is { } slot ? InstanceScopes.Slot(scopes, slot) : InstanceScopes.All(scopes)))
            .Where(a => designated || a.Guards.All(g => g.Name != "designated-signatory"))
            .Where(a => state.Signoff?.Action != a.Id || openTasks.Any(t => t.InstanceId == instance.Id && t.SignoffAction == a.Id &&
                t.Status == Workflows.Persistence.TaskStatus.Open && actor.InScope([t.Scope])))
            .Select(a => Describe(a, state, definition, instance))
            .ToList();
    }

    /// <summary>The actions of a report or evaluation cycle the actor may take.</summary>
    public static IReadOnlyList<OfferedAction> Offered(Actor actor, WorkflowInstance cycle, WorkflowDefinition definition)
    {
        if (cycle.Status != InstanceStatus.Open) return [];
        var state = definition.State(cycle.State);
        var scopes = InstanceScopes.Parse(cycle.ScopesJson);
        return state.Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Actor.SystemRole))
            .Where(a => actor.InScope(a.Scope is { } slot ? InstanceScopes.Slot(scopes, slot) : InstanceScopes.All(scopes)))
            .Select(a => Describe(a, state, definition, cycle))
            .ToList();
    }

    /// <summary>An action as offered, with the inputs it asks on this instance (a report's indicators are handed down
    /// by its agreement's program).</summary>
    private static OfferedAction Describe(ActionDefinition a, StateDefinition state, WorkflowDefinition definition, WorkflowInstance instance)
    {
        var final = a.To is { } to && definition.State(to).Final;
        // A party's signature: the sign-off that only designated signatories take (a county's approval is a sign-off too).
        var style = state.Signoff?.Action == a.Id && a.Guards.Any(g => g.Name == "designated-signatory") ? ActionStyle.Sign
            // Ending with a reason (终止) or dropping a draft (撤销草稿) is red; ending as planned (结项, 审核通过) is a step forward.
            : final && (a.CommentRequired || state.Editable) ? ActionStyle.Danger
            : a.CommentRequired ? ActionStyle.Secondary
            : ActionStyle.Primary;
        // Reopening a signed agreement for change is confirmed too: the change must be approved and signed again.
        var reopens = !final && !a.CommentRequired && !state.Editable && a.To is { } next && definition.State(next).Editable;
        var warning = final ? $"「{a.Title}」后{(definition.Metadata["subject"]?.ToString() == "report" ? "本周期" : "协议")}将「{definition.State(a.To!).Title}」，不能撤回。"
            : reopens ? "申请变更后，修改的内容须重新经教育局审核、由各方重新签署；变更生效前原协议继续履行。"
            : null;
        return new OfferedAction(a.Id, a.Title, style, a.CommentRequired, warning is not null,
            WorkflowEngine.InputsOf(a, JsonNode.Parse(instance.ContextJson) as JsonObject ?? [])
                .Select(i => new InputView(i.Name, i.Title, i.Required, i.Choices, i.MaxLength, i.Type, i.Min, i.Max, i.Unit)).ToList(), warning);
    }
}
