using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Plugins;

/// <summary>A named rule a program plugs into the engine; a definition refers to it by name with parameters.</summary>
public interface IGuard
{
    string Name { get; }
    IReadOnlyList<string> RequiredParams { get; }
    Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct);
}

/// <summary>Session is the step's unit of work: guards read the host's data through it, and take cross-instance
/// locks (<see cref="IWorkflowSession.LockAsync"/>) on PostgreSQL, where SQLite's single writer needs none.</summary>
public sealed record GuardContext(
    IWorkflowSession Session,
    WorkflowInstance Instance,
    WorkflowDefinition Definition,
    ActionDefinition Action,
    Actor Actor,
    JsonObject Params);

/// <summary>The outcome of a guard. A refusal names the rule and says why, in words a user understands.</summary>
public sealed record GuardResult(bool Allowed, string Rule, string Message)
{
    public static GuardResult Allow { get; } = new(true, "", "");
    public static GuardResult Refuse(string rule, string message) => new(false, rule, message);
}

