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
public sealed record InputView(string Name, string Title, bool Required, IReadOnlyList<string> Choices, int MaxLength);

/// <summary>How an action is shown: Sign is a party's signature; Danger ends or withdraws for good. Serialized by
/// name ("Primary", "Sign"…) so API clients read it without a table.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionStyle>))]
public enum ActionStyle { Primary, Secondary, Sign, Danger }

/// <summary>An action a user may take now, with what the page or client must ask for: a comment (a reason), a
/// confirmation, inputs.</summary>
public sealed record OfferedAction(string Id, string Title, ActionStyle Style, bool NeedsComment, bool Confirm, IReadOnlyList<InputView> Inputs);

/// <summary>The one place that answers "may this account see, or do this, with this agreement". Listings filter with
/// <see cref="Visible"/>, use cases find agreements with <see cref="FindVisibleAsync"/>, and pages and the API offer
/// exactly the actions <see cref="Offered"/> returns. The engine checks roles and scopes again on every step.</summary>
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
            AccountRole.CountyBureau => agreements.Where(a => a.Parties.Any(p =>
                db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == account.CountyCode))),
            AccountRole.Staff => agreements.Where(a => a.Parties.Any(p => p.InstitutionCode == account.InstitutionCode)),
            _ => agreements.Where(a => false),
        };
    }

    public static async Task<Agreement> FindVisibleAsync(PairingDbContext db, Account account, string number, CancellationToken ct) =>
        await Visible(db, account).Include(a => a.Parties).AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, ct)
        // Not visible and not existing read the same, so numbers of other schools' agreements do not leak.
        ?? throw new PairingException(ErrorKind.NotFound, $"协议 {number} 不存在或您无权查看", "number");

    /// <summary>Only school or university staff draft, for their own institution.</summary>
    public static void EnsureMayDraft(Account account)
    {
        if (account.Role != AccountRole.Staff || account.InstitutionCode is null)
            throw new PairingException(ErrorKind.Forbidden, "只有学校（高校）经办人可以起草协议", "as");
    }

    /// <summary>Only staff of the drafting institution edit, and only while the state is editable.</summary>
    public static bool MayEdit(Account account, WorkflowInstance instance, WorkflowDefinition definition) =>
        account.Role == AccountRole.Staff && instance.Status == InstanceStatus.Open && definition.State(instance.State).Editable &&
        InstanceScopes.Slot(InstanceScopes.Parse(instance.ScopesJson), "owner").Contains(Domain.Registry.Scope.Institution(account.InstitutionCode ?? ""));

    public static bool IsBureau(Account account) =>
        account.Role is AccountRole.CountyBureau or AccountRole.CityBureau or AccountRole.Admin or AccountRole.ProvinceAdmin;

    /// <summary>The city whose registry an account may import into: its own for a city bureau or city administrator,
    /// any (null) for a province administrator; nobody else may import.</summary>
    public static string? ImportReach(Account account) => account.Role switch
    {
        AccountRole.ProvinceAdmin => null,
        AccountRole.CityBureau or AccountRole.Admin => account.CityCode,
        _ => throw new PairingException(ErrorKind.Forbidden, "只有市教育局和管理员可以导入名录", "as"),
    };

    /// <summary>The actions of the instance's current state that this actor may take: the right role, the right scope
    /// slot, and for a signature the party's designated signatory. System actions are never offered.</summary>
    public static IReadOnlyList<OfferedAction> Offered(Account account, Actor actor, Agreement agreement, WorkflowInstance instance, WorkflowDefinition definition)
    {
        if (instance.Status != InstanceStatus.Open) return [];
        var state = definition.State(instance.State);
        var scopes = InstanceScopes.Parse(instance.ScopesJson);
        var designated = agreement.Parties.Any(p => p.SignatoryAccount == account.UserName);
        return state.Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Actor.SystemRole))
            .Where(a => actor.InScope(a.Scope is { } slot ? InstanceScopes.Slot(scopes, slot) : InstanceScopes.All(scopes)))
            .Where(a => designated || a.Guards.All(g => g.Name != "designated-signatory"))
            .Select(a => Describe(a, state, definition))
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
            .Select(a => Describe(a, state, definition))
            .ToList();
    }

    private static OfferedAction Describe(ActionDefinition a, StateDefinition state, WorkflowDefinition definition)
    {
        var final = a.To is { } to && definition.State(to).Final;
        var style = state.Signoff?.Action == a.Id ? ActionStyle.Sign
            : final ? ActionStyle.Danger
            : a.CommentRequired ? ActionStyle.Secondary
            : ActionStyle.Primary;
        return new OfferedAction(a.Id, a.Title, style, a.CommentRequired, final,
            a.Inputs.Select(i => new InputView(i.Name, i.Title, i.Required, i.Choices, i.MaxLength)).ToList());
    }
}
