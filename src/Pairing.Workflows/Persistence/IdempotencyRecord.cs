namespace Pairing.Workflows.Persistence;

/// <summary>The first outcome of an action carrying this key; a repeat returns it and changes nothing.</summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string Action { get; set; } = "";
    public string ActorId { get; set; } = "";
    public string OutcomeJson { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
