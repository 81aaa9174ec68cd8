using System.Text.Json.Nodes;

namespace Pairing.Workflows.Definitions;

/// <summary>A parsed, validated workflow definition: an explicit state machine plus named rule parameters.</summary>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Title,
    string InitialState,
    IReadOnlyList<StateDefinition> States,
    JsonObject Parameters,
    IReadOnlyList<string> DateFields,
    IReadOnlyList<string> Scopes,
    JsonObject Metadata,
    string SourceJson,
    string Hash)
{
    public StateDefinition State(string id) =>
        States.FirstOrDefault(s => s.Id == id) ?? throw new InvalidOperationException($"State '{id}' is not in {Id} v{Version}.");

    public string Key => $"{Id}@{Version}";
}

public sealed record StateDefinition(
    string Id,
    string Title,
    bool Final,
    bool Editable,
    TaskDefinition? Task,
    SignoffDefinition? Signoff,
    IReadOnlyList<ActionDefinition> Actions,
    IReadOnlyList<TimerDefinition> Timers,
    IReadOnlyList<ChildSpec> Children,
    IReadOnlyList<EffectRef> OnEnter);

/// <summary>An action available in one state. Roles say who may take it; Scope names the instance scope slot the
/// actor must belong to (for example "county" for a county bureau, "party" for a signing institution).
/// InputsFrom names a field of the instance context holding more inputs (a list of input objects), so a shared report
/// workflow asks each program's own indicators, handed down by the parent when the report started.</summary>
public sealed record ActionDefinition(
    string Id,
    string Title,
    string? To,
    IReadOnlyList<string> Roles,
    string? Scope,
    bool CommentRequired,
    IReadOnlyList<InputDefinition> Inputs,
    IReadOnlyList<GuardRef> Guards,
    IReadOnlyList<EffectRef> Effects,
    string? InputsFrom = null);

public sealed record GuardRef(string Name, JsonObject Params);

public sealed record EffectRef(string Name, JsonObject Params);

/// <summary>An open task (待办) created when the state is entered: who is expected to act next. OfActingParty: open it
/// only for the keys of the scope slot linked to the party whose action entered the state (slot "county@inst:X" lists
/// party X's county), so a report from a cross-county pair is reviewed by the submitting school's county alone; an
/// instance without such links, or an actor who is no party (a timer), gets every key of the slot.</summary>
public sealed record TaskDefinition(string Title, IReadOnlyList<string> Roles, string Scope, int? DueInDays, bool OfActingParty = false);

/// <summary>"Every participant must act": the named action of the state opens one task per value of its scope slot;
/// when every task is done the instance moves to Then.</summary>
public sealed record SignoffDefinition(string Action, string Then);

/// <summary>A timer scheduled when its state is entered and cancelled when the state is left.</summary>
public sealed record TimerDefinition(string Id, TimerAt At, string? Action, EffectRef? Effect);

/// <summary>When a timer fires: an absolute date, a date field of the instance context, or the next boundary of a
/// named calendar rule, each plus an offset in days. Timers fire at local midnight of the resulting date.</summary>
public sealed record TimerAt(DateOnly? Date, string? Field, string? Calendar, int OffsetDays);

/// <summary>Child workflows started when the state is entered: one per period of a calendar rule between two
/// date fields of the parent. Each child receives periodStart, periodEnd, periodLabel and dueDate.
/// With: values copied into each child's context when it starts (for example the parent program's report indicators).
public sealed record ChildSpec(string Workflow, string Calendar, string FromField, string ToField, int DueOffsetDays, JsonObject? With = null)
{
    /// <summary>The last day a child of this period may act: the one date the engine stores, times and documents print.</summary>
    public DateOnly DueDate(Plugins.CalendarPeriod period) => period.End.AddDays(DueOffsetDays);
}
