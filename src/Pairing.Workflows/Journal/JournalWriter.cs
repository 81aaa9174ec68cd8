using System.Text.Json.Nodes;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Journal;

/// <summary>Makes the next entry of an instance's chain and moves the instance's head and count to it; the caller
/// adds the entry to the step. The instance keeps head and count so that removing the newest entries is detected.</summary>
public static class JournalWriter
{
    public static JournalEntry Append(WorkflowInstance instance, Actor actor, DateTime at, string kind,
        string? action = null, string? from = null, string? to = null, string? comment = null, JsonObject? data = null)
    {
        var entry = new JournalEntry
        {
            InstanceId = instance.Id,
            Seq = instance.JournalCount + 1,
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Kind = kind,
            Action = action,
            FromState = from,
            ToState = to,
            Comment = comment,
            DataJson = data?.ToJsonString(Runtime.EngineJson.Options) ?? "{}",
            PrevHash = instance.JournalHead,
        };
        entry.Hash = JournalHasher.Compute(entry);
        instance.JournalCount = entry.Seq;
        instance.JournalHead = entry.Hash;
        return entry;
    }
}
