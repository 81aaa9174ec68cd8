using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Runtime;

/// <summary>The collaborators every engine service needs, created once by the host.</summary>
public sealed record EngineParts(
    Func<DbContext> CreateDb,
    IDatabaseDialect Dialect,
    DefinitionStore Definitions,
    PluginRegistry Plugins,
    TimeProvider Clock,
    EngineOptions Options)
{
    /// <summary>Now, cut to whole microseconds: PostgreSQL keeps no finer, and journal hashes must survive a round trip.</summary>
    public DateTime UtcNow
    {
        get
        {
            var t = Clock.GetUtcNow().UtcDateTime;
            return new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
        }
    }
}
