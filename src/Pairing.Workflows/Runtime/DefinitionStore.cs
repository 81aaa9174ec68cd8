using System.Collections.Concurrent;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Runtime;

public enum PublishOutcome { Published, Unchanged }

/// <summary>Published definitions live in the store; instances load the exact version they started on, never the
/// file on disk. Parsed versions are cached because a published version never changes.</summary>
public sealed class DefinitionStore(DefinitionLoader loader, IWorkflowStore store)
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _cache = new();

    public async Task<WorkflowDefinition> GetAsync(string id, int version, CancellationToken ct = default)
    {
        var key = $"{id}@{version}";
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var record = await store.FindDefinitionAsync(id, version, ct)
            ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程定义 {id} 版本 {version} 未发布");
        return _cache.GetOrAdd(key, _ => loader.LoadOrThrow($"{id}@{version}", record.Json));
    }

    public async Task<WorkflowDefinition> LatestAsync(string id, CancellationToken ct = default)
    {
        var version = await store.LatestVersionAsync(id, ct) ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程定义 {id} 未发布");
        return await GetAsync(id, version, ct);
    }

    /// <summary>Publishes a version once. Publishing the same content again is a no-op; different content under a
    /// published version number is refused, because running instances depend on it.</summary>
    public async Task<PublishOutcome> PublishAsync(WorkflowDefinition definition, DateTime now, CancellationToken ct = default)
    {
        await using var session = await store.BeginStepAsync(ct);
        var existing = await session.DefinitionAsync(definition.Id, definition.Version, ct);
        if (existing is not null)
        {
            if (existing.Hash == definition.Hash) return PublishOutcome.Unchanged;
            throw new WorkflowException(WorkflowErrorKind.Conflict,
                $"流程定义 {definition.Id} 版本 {definition.Version} 已发布且内容不同；已发布的版本不可修改，请提高 version 后再发布", "version");
        }
        var latest = await session.LatestVersionAsync(definition.Id, ct) ?? 0;
        if (definition.Version < latest)
            throw new WorkflowException(WorkflowErrorKind.Conflict,
                $"流程定义 {definition.Id} 已有更高版本 {latest}，不能再发布版本 {definition.Version}", "version");
        session.Add(new DefinitionRecord
        {
            DefinitionId = definition.Id,
            Version = definition.Version,
            Title = definition.Title,
            Json = definition.SourceJson,
            Hash = definition.Hash,
            PublishedAt = now,
        });
        await session.CommitAsync(ct);
        return PublishOutcome.Published;
    }
}
