using Pairing.Workflows.Plugins;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Runtime;

/// <summary>The collaborators every engine service needs, created once by the host: where instances are stored, the
/// published definitions, the programs' plug-ins, the clock and the options.</summary>
public sealed record EngineParts(
    IWorkflowStore Store,
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
