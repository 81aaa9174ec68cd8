namespace Pairing.Workflows.Persistence;

/// <summary>A keyed statement of the whole journal at one moment: how many instances existed (and which, as a digest
/// of their ids), how many entries they held, chained to the previous checkpoint. Deleting a whole instance, or
/// truncating chains below what a checkpoint counted, no longer matches it.</summary>
public sealed class JournalCheckpoint
{
    public long Seq { get; set; }
    public DateTime At { get; set; }
    /// <summary>Instances created before this checkpoint (CheckpointSeq &lt; Seq).</summary>
    public int Instances { get; set; }
    /// <summary>Their journal entries at the time; chains only grow, so later counts are never lower.</summary>
    public long Entries { get; set; }
    /// <summary>SHA-256 over the sorted ids of those instances.</summary>
    public string SetDigest { get; set; } = "";
    public string PrevMac { get; set; } = "";
    public string Mac { get; set; } = "";
}
