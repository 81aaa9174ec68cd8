using System.Text.Json;
using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Runtime;

public sealed record OutboxRunReport(int Delivered, int Retrying, int Failed);

/// <summary>Runs after-commit effects from the outbox. The step that scheduled an effect runs it right after its
/// commit; what that misses (the process died, the effect failed) any worker's <see cref="RunDueAsync"/> picks up.
/// Each run first claims the row with a short lease, so two workers never run one effect at the same time, and a
/// killed worker's claim lapses within <see cref="EngineOptions.ClaimLease"/>. A failure is retried after
/// <see cref="EngineOptions.EffectRetryDelays"/>; when every attempt failed the row becomes an incident. An effect may
/// run twice if a worker dies after running it but before marking it done: its key lets it recognise the repeat.</summary>
public sealed class EffectOutbox(EngineParts parts)
{
    private readonly EffectRunner _runner = new(parts);

    internal static OutboxEffect Row(WorkflowInstance instance, WorkflowDefinition definition, string step, EffectRef effect, string key, Actor actor, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = instance.Id,
        DefinitionId = definition.Id,
        DefinitionVersion = definition.Version,
        State = instance.State,
        Step = step,
        Effect = effect.Name,
        ParamsJson = effect.Params.ToJsonString(EngineJson.Options),
        EffectKey = key,
        ActorJson = JsonSerializer.Serialize(new StoredActor(actor.Id, actor.Name, [.. actor.Roles], [.. actor.Scopes])),
        // The scheduling step runs it at once; background workers leave it alone for a moment so they do not race it.
        NextAttemptAt = now + TimeSpan.FromSeconds(10),
        CreatedAt = now,
    };

    /// <summary>Runs the effects a step just committed, in order.</summary>
    internal async Task DeliverAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var worker = $"step-{Guid.NewGuid():N}";
        foreach (var id in ids)
        {
            var now = parts.UtcNow;
            if (await parts.Store.ClaimEffectAsync(id, now, now + parts.Options.ClaimLease, worker, ct))
                await RunClaimedAsync(id, worker, ct);
        }
    }

    /// <summary>Runs every effect that is due (left behind by a crash, or waiting for its retry), oldest first.</summary>
    public async Task<OutboxRunReport> RunDueAsync(string worker, int batchSize = 100, CancellationToken ct = default)
    {
        int delivered = 0, retrying = 0, failed = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = parts.UtcNow;
            var claimed = await parts.Store.ClaimEffectsAsync(now, now + parts.Options.ClaimLease, worker, batchSize, ct);
            foreach (var id in claimed)
            {
                switch (await RunClaimedAsync(id, worker, ct))
                {
                    case OutboxStatus.Done: delivered++; break;
                    case OutboxStatus.Failed: failed++; break;
                    case OutboxStatus.Pending: retrying++; break;
                }
            }
            if (claimed.Count < batchSize) break;
        }
        return new OutboxRunReport(delivered, retrying, failed);
    }

    /// <summary>Runs one claimed row and records the attempt; returns the row's status after it, or null when the
    /// row was no longer ours.</summary>
    private async Task<string?> RunClaimedAsync(Guid id, string worker, CancellationToken ct)
    {
        OutboxEffect row;
        await using (var read = await parts.Store.BeginStepAsync(ct))
        {
            var found = await read.OutboxAsync(id, ct);
            if (found is null || found.Status != OutboxStatus.Pending || found.ClaimedBy != worker) return null;
            row = found;
        }
        var actor = JsonSerializer.Deserialize<StoredActor>(row.ActorJson) is { } a
            ? new Actor(a.Id, a.Name, a.Roles.ToHashSet(), a.Scopes.ToHashSet()) : Actor.System;
        var effect = new EffectRef(row.Effect, JsonNode.Parse(row.ParamsJson) as JsonObject ?? new JsonObject());
        var error = await _runner.TryRunAsync(row.InstanceId, row.DefinitionId, row.DefinitionVersion, effect, row.EffectKey, actor, ct);

        await using var session = await parts.Store.BeginStepAsync(ct);
        var stored = await session.OutboxAsync(id, ct);
        if (stored is null || stored.Status != OutboxStatus.Pending) return null;
        var now = parts.UtcNow;
        stored.Attempts++;
        stored.ClaimedBy = null;
        stored.ClaimedUntil = null;
        if (error is null)
        {
            stored.Status = OutboxStatus.Done;
            stored.DoneAt = now;
            stored.LastError = null;
        }
        else if (stored.Attempts > parts.Options.EffectRetryDelays.Count)
        {
            stored.Status = OutboxStatus.Failed;
            stored.LastError = Clip(error);
            session.Add(new Incident
            {
                Id = Guid.NewGuid(),
                InstanceId = stored.InstanceId,
                State = stored.State,
                Step = stored.Step,
                Effect = stored.Effect,
                ParamsJson = stored.ParamsJson,
                EffectKey = stored.EffectKey,
                Error = error,
                Attempts = stored.Attempts,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        else
        {
            stored.LastError = Clip(error);
            stored.NextAttemptAt = now + parts.Options.EffectRetryDelays[stored.Attempts - 1];
        }
        try
        {
            await session.CommitAsync(ct);
        }
        catch (Exception ex) when (parts.Store.IsRaceLost(ex))
        {
            // Our lease lapsed and another worker finished the row first.
            return null;
        }
        if (stored.Status == OutboxStatus.Failed) EngineTelemetry.IncidentRecorded(stored.Effect);
        return stored.Status;
    }

    private static string Clip(string error) => error.Length > 2000 ? error[..2000] : error;

    private sealed record StoredActor(string Id, string Name, List<string> Roles, List<string> Scopes);
}
