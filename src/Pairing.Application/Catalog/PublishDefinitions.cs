using MediatR;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Catalog;

public sealed record PublishResult(string Id, int Version, PublishOutcome Outcome);

/// <summary>Validates the definitions under the given paths (all of them, every error at once) and publishes each new
/// version; a published version is never changed. Children are published before the definitions that start them.</summary>
public static class PublishDefinitions
{
    public sealed record Command(IReadOnlyList<string> Paths) : IRequest<IReadOnlyList<PublishResult>>;

    public sealed class Handler(WorkflowCatalog catalog, DefinitionStore definitions, ProgramDirectory programs, TimeProvider clock)
        : IRequestHandler<Command, IReadOnlyList<PublishResult>>
    {
        public async Task<IReadOnlyList<PublishResult>> Handle(Command request, CancellationToken ct)
        {
            // A new structure may be published on its own: its report and evaluation workflows are already published.
            var load = catalog.Load(request.Paths, (await programs.LatestDefinitionsAsync(ct)).Select(d => d.Id));
            if (!load.Ok) throw new InvalidDefinitionException(load.Errors);
            var results = new List<PublishResult>();
            foreach (var entry in load.Entries.OrderBy(e => e.Definition.States.Any(s => s.Children.Count > 0)))
                results.Add(new(entry.Definition.Id, entry.Definition.Version,
                    await definitions.PublishAsync(entry.Definition, clock.GetUtcNow().UtcDateTime, ct)));
            return results;
        }
    }
}
