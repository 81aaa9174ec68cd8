using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Catalog;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The definitions in workflows/ load with the programs' plug-ins, and a program that starts report cycles
/// cannot be published without them.</summary>
public sealed class ShippedDefinitionTests
{
    [Fact]
    public void The_shipped_definitions_load_and_reference_existing_children()
    {
        using var services = new ServiceCollection().AddPairing(new PairingOptions("Data Source=:memory:")).BuildServiceProvider();
        var catalog = services.GetRequiredService<WorkflowCatalog>();
        var load = catalog.Load([RepoPaths.Workflows]);
        Assert.Empty(load.Errors);
        Assert.Equal(16, load.Entries.Count);

        var orphan = catalog.Load([Path.Combine(RepoPaths.Workflows, "county-trusteeship.qingyuan.json")]);
        Assert.Contains(orphan.Errors, e => e.Path == "$.states[4].children[0].workflow" && e.Message.Contains("semester-report"));
    }
}
