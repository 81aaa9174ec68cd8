namespace Pairing.Workflows.Persistence;

/// <summary>An append-only, hash-chained record of one thing that happened to an instance.</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Seq { get; set; }
    public DateTime At { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    /// <summary>started, action, signoff, timer, child, incident, resolved.</summary>
    public string Kind { get; set; } = "";
    public string? Action { get; set; }
    public string? FromState { get; set; }
    public string? ToState { get; set; }
    public string? Comment { get; set; }
    public string DataJson { get; set; } = "{}";
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
