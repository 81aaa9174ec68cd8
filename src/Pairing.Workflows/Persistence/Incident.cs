namespace Pairing.Workflows.Persistence;

public static class IncidentStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}

/// <summary>An effect that failed after its step committed, kept with its error until retried or resolved.</summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string State { get; set; } = "";
    /// <summary>The step that scheduled the effect, e.g. "action:submit" or "timer:remind".</summary>
    public string Step { get; set; } = "";
    public string Effect { get; set; } = "";
    public string ParamsJson { get; set; } = "{}";
    public string EffectKey { get; set; } = "";
    public string Error { get; set; } = "";
    public int Attempts { get; set; }
    public string Status { get; set; } = IncidentStatus.Open;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? Resolution { get; set; }
}
