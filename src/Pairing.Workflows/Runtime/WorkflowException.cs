namespace Pairing.Workflows.Runtime;

public enum WorkflowErrorKind
{
    NotFound,
    Forbidden,
    /// <summary>Someone else changed the instance first (stale version or concurrent step).</summary>
    Conflict,
    /// <summary>A program rule (guard) refused the action.</summary>
    Refused,
    /// <summary>A request field is missing or wrong.</summary>
    Invalid,
    /// <summary>The action is not available in the current state.</summary>
    Unavailable,
}

/// <summary>An error a user can act on. Field names the request field at fault; Rule names the refused rule.</summary>
public sealed class WorkflowException(WorkflowErrorKind kind, string message, string? field = null, string? rule = null)
    : Exception(message)
{
    public WorkflowErrorKind Kind { get; } = kind;
    public string? Field { get; } = field;
    public string? Rule { get; } = rule;
}
