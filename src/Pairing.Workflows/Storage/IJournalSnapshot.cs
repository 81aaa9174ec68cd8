using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Storage;

/// <summary>What the journal audit reads, all from one snapshot.</summary>
public interface IJournalSnapshot : IAsyncDisposable
{
    Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(CancellationToken ct);
    Task<IReadOnlyList<JournalCheckpoint>> CheckpointsAsync(CancellationToken ct);
    /// <summary>Every entry, grouped by instance and in order within it.</summary>
    IAsyncEnumerable<JournalEntry> EntriesAsync(CancellationToken ct);
}
