using Pairing.Application.Agreements;
using Pairing.Application.Audit;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Plugins;
using Pairing.Application.Registry;
using Pairing.Application.Seeding;
using Pairing.Data;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;
using Pairing.Workflows.Timers;

namespace Pairing.Application;

/// <summary>The composition root: one database, one engine with the programs' plug-ins, and the use cases.</summary>
public sealed class PairingApp
{
    public PairingApp(string? connectionString, TimeProvider? clock = null, PluginRegistry? plugins = null, DocumentSettings? documents = null)
    {
        Database = new PairingDatabase(connectionString);
        var settings = documents ?? DocumentSettings.FromEnvironment(Database.ConnectionString);
        Plugins = plugins ?? ProgramPlugins.Create(() => Documents!);
        Loader = new DefinitionLoader(Plugins);
        var store = Database.WorkflowStore();
        Definitions = new DefinitionStore(Loader, store);
        Parts = new EngineParts(store, Definitions, Plugins, clock ?? TimeProvider.System,
            new EngineOptions { JournalKey = JournalKeyFile.LoadOrCreate(settings.PkiFolder) });
        Engine = new WorkflowEngine(Parts);
        Timers = new TimerDispatcher(Parts, Engine);
        Incidents = new IncidentService(Parts);
        Catalog = new WorkflowCatalog(Loader);
        Agreements = new AgreementService(this);
        Queries = new AgreementQueries(this);
        Choices = new PartyChoices(this);
        Dashboard = new Dashboard.DashboardService(this);
        Compliance = new ComplianceService(this);
        Importer = new InstitutionImporter(this);
        Seeder = new Seeder(this);
        Audit = new JournalAudit(this, settings.PkiFolder);
        Documents = new AgreementDocuments(this, settings);
        Verifier = new DocumentVerifier(this);
        CycleDocuments = new CycleDocuments(this, settings);
    }

    public PairingDatabase Database { get; }
    public PluginRegistry Plugins { get; }
    public DefinitionLoader Loader { get; }
    public DefinitionStore Definitions { get; }
    public EngineParts Parts { get; }
    public WorkflowEngine Engine { get; }
    public TimerDispatcher Timers { get; }
    public IncidentService Incidents { get; }
    public WorkflowCatalog Catalog { get; }
    public AgreementService Agreements { get; }
    public AgreementQueries Queries { get; }
    public PartyChoices Choices { get; }
    public Dashboard.DashboardService Dashboard { get; }
    public ComplianceService Compliance { get; }
    public InstitutionImporter Importer { get; }
    public Seeder Seeder { get; }
    public JournalAudit Audit { get; }
    public AgreementDocuments Documents { get; }
    public DocumentVerifier Verifier { get; }
    public CycleDocuments CycleDocuments { get; }

    public DateTime UtcNow => Parts.UtcNow;

    public PairingDbContext Db() => Database.Create();

    /// <summary>Validates the definitions under the given paths and publishes each new version.</summary>
    public async Task<IReadOnlyList<(string Id, int Version, PublishOutcome Outcome)>> PublishAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        var load = Catalog.Load(paths);
        if (!load.Ok) throw new InvalidDefinitionException(load.Errors);
        var results = new List<(string, int, PublishOutcome)>();
        foreach (var entry in load.Entries.OrderBy(e => e.Definition.States.Any(s => s.Children.Count > 0)))
            results.Add((entry.Definition.Id, entry.Definition.Version, await Definitions.PublishAsync(entry.Definition, UtcNow, ct)));
        return results;
    }
}
