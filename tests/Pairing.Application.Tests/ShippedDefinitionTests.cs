using Pairing.Application.Catalog;
using Pairing.Application.Plugins;
using Pairing.Testing;
using Pairing.Workflows.Definitions;

namespace Pairing.Application.Tests;

/// <summary>The definitions in workflows/ load with the programs' plug-ins, and a program that starts report cycles
/// cannot be published without them.</summary>
public sealed class ShippedDefinitionTests
{
    [Fact]
    public void The_shipped_definitions_load_and_reference_existing_children()
    {
        var load = new WorkflowCatalog(new DefinitionLoader(ProgramPlugins.Create())).Load([RepoPaths.Workflows]);
        Assert.Empty(load.Errors);
        Assert.Equal(8, load.Entries.Count);

        var orphan = new WorkflowCatalog(new DefinitionLoader(ProgramPlugins.Create()))
            .Load([Path.Combine(RepoPaths.Workflows, "county-trusteeship.qingyuan.json")]);
        Assert.Contains(orphan.Errors, e => e.Path == "$.states[4].children[0].workflow" && e.Message.Contains("semester-report"));
    }
}
