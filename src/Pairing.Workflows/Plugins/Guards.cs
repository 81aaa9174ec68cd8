using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Plugins;

/// <summary>A named rule a program plugs into the engine; a definition refers to it by name with parameters.</summary>
public interface IGuard
{
    string Name { get; }
    IReadOnlyList<string> RequiredParams { get; }
    Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct);
}

public sealed record GuardContext(
    DbContext Db,
    WorkflowInstance Instance,
    WorkflowDefinition Definition,
    ActionDefinition Action,
    Actor Actor,
    JsonObject Params,
    IStepLocks Locks);

/// <summary>The outcome of a guard. A refusal names the rule and says why, in words a user understands.</summary>
public sealed record GuardResult(bool Allowed, string Rule, string Message)
{
    public static GuardResult Allow { get; } = new(true, "", "");
    public static GuardResult Refuse(string rule, string message) => new(false, rule, message);
}

/// <summary>Serialises steps that must not interleave across instances (for example two agreements claiming the same
/// school). On PostgreSQL this is a transaction-scoped advisory lock; SQLite writers are already serialised.</summary>
public interface IStepLocks
{
    Task LockAsync(string key, CancellationToken ct);
}
