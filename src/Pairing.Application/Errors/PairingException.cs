using Pairing.Workflows.Runtime;

namespace Pairing.Application.Errors;

public enum ErrorKind
{
    /// <summary>A request field is missing or wrong.</summary>
    Invalid,
    /// <summary>Does not exist, or the user may not see it (the two read the same, so nothing leaks).</summary>
    NotFound,
    Forbidden,
    /// <summary>Someone else changed it first (a stale version or a concurrent step).</summary>
    Conflict,
    /// <summary>Not possible in the current state.</summary>
    Unavailable,
    /// <summary>A program rule refused it; Rule names the rule.</summary>
    Refused,
}

/// <summary>The one error the application reports: what kind, a Chinese message for the user, the request field at
/// fault and the rule that refused. Each host maps it once: problem details in the API, a message on the page,
/// stderr and exit code 1 on the command line.</summary>
public sealed class PairingException(ErrorKind kind, string message, string? field = null, string? rule = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
    public string? Field { get; } = field;
    public string? Rule { get; } = rule;

    /// <summary>The engine's errors, as the application reports them.</summary>
    public static PairingException From(WorkflowException ex) => new(ex.Kind switch
    {
        WorkflowErrorKind.NotFound => ErrorKind.NotFound,
        WorkflowErrorKind.Forbidden => ErrorKind.Forbidden,
        WorkflowErrorKind.Conflict => ErrorKind.Conflict,
        WorkflowErrorKind.Refused => ErrorKind.Refused,
        WorkflowErrorKind.Unavailable => ErrorKind.Unavailable,
        _ => ErrorKind.Invalid,
    }, ex.Message, ex.Field, ex.Rule);
}
