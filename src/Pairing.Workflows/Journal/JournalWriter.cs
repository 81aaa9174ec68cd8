using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Journal;

/// <summary>Appends to an instance's chain; the instance row keeps the head hash and count so that removing the
/// newest entries is detected too.</summary>
public static class JournalWriter
{
    public static JournalEntry Append(DbContext db, WorkflowInstance instance, Actor actor, DateTime at, string kind,
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
        db.Set<JournalEntry>().Add(entry);
        return entry;
    }
}
