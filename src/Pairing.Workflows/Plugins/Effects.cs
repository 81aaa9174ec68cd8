using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Plugins;

/// <summary>A named side effect of a transition. Effects that change Pairing's own data run inside the step's
/// transaction (a failure aborts the step). Effects that reach outside (notifications) run after commit: a failure
/// there becomes an incident on the instance that can be retried or resolved.</summary>
public interface IEffect
{
    string Name { get; }
    IReadOnlyList<string> RequiredParams { get; }
    bool AfterCommit { get; }
    Task RunAsync(EffectContext context, CancellationToken ct);
}

/// <summary>Key identifies this execution of the effect, so an effect can make itself idempotent on retry. Context is
/// the instance context as the step has it (with this action's inputs); after commit it is the stored one.</summary>
public sealed record EffectContext(
    IWorkflowSession Session,
    WorkflowInstance Instance,
    WorkflowDefinition Definition,
    JsonObject Params,
    Actor Actor,
    DateTime Now,
    string Key,
    JsonObject? Context = null);
