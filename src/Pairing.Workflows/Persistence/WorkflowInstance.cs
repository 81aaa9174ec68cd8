namespace Pairing.Workflows.Persistence;

public static class InstanceStatus
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}

/// <summary>A running workflow, pinned to the definition version it started on. Typed columns for what queries need;
/// a small JSON context for action inputs and date fields; scopes say who may see and act on it.</summary>
public sealed class WorkflowInstance
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public string State { get; set; } = "";
    public string Status { get; set; } = InstanceStatus.Open;
    public string SubjectType { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public Guid? ParentId { get; set; }
    public string? ChildKey { get; set; }
    /// <summary>JSON object: action inputs, period fields, dates.</summary>
    public string ContextJson { get; set; } = "{}";
    /// <summary>JSON object: slot name → list of scope keys, e.g. {"party":["inst:A","inst:B"],"county":["county:1"]}.</summary>
    public string ScopesJson { get; set; } = "{}";
    /// <summary>Optimistic concurrency: every step increments it; a stale writer gets a conflict.</summary>
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int JournalCount { get; set; }
    public string JournalHead { get; set; } = "";
    /// <summary>Keyed MAC over the instance's identity, journal length and head (see JournalSeal): the database does
    /// not hold the key, so a rewound or re-chained journal cannot be sealed again.</summary>
    public string JournalSeal { get; set; } = "";
    /// <summary>The newest journal checkpoint when the instance was created: checkpoints after it must count it.</summary>
    public long CheckpointSeq { get; set; }
}
