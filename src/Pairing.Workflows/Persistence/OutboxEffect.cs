namespace Pairing.Workflows.Persistence;

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    /// <summary>Every attempt failed; an incident holds the error until someone retries or resolves it.</summary>
    public const string Failed = "failed";
}

/// <summary>An effect that reaches outside (a message to another system), written in the step's transaction and run
/// after commit. A row survives a crash between commit and delivery: whichever worker claims it next runs it. The
/// claim is a short lease, so a worker killed while running one is taken over promptly.</summary>
public sealed class OutboxEffect
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public string State { get; set; } = "";
    /// <summary>The step that scheduled the effect, e.g. "action:submit:0" or "timer:remind".</summary>
    public string Step { get; set; } = "";
    public string Effect { get; set; } = "";
    public string ParamsJson { get; set; } = "{}";
    /// <summary>Identifies this execution, so an effect run twice (a crash after it ran, before it was marked done) can
    /// recognise the repeat.</summary>
    public string EffectKey { get; set; } = "";
    public string ActorJson { get; set; } = "{}";
    public string Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DoneAt { get; set; }
}
