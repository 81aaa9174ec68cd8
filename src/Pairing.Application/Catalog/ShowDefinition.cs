using MediatR;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Catalog;

/// <summary>One published version as instances run it (for the state diagram and its rules).</summary>
public static class ShowDefinition
{
    public sealed record Query(string Id, int Version) : IRequest<WorkflowDefinition>;

    public sealed class Handler(DefinitionStore definitions) : IRequestHandler<Query, WorkflowDefinition>
    {
        public Task<WorkflowDefinition> Handle(Query request, CancellationToken ct) => definitions.GetAsync(request.Id, request.Version, ct);
    }
}
