using MediatR;

namespace Pairing.Application.Catalog;

/// <summary>Validates definition files without publishing: every error as file, JSON path and problem.</summary>
public static class ValidateDefinitions
{
    public sealed record Query(IReadOnlyList<string> Paths) : IRequest<CatalogLoad>;

    public sealed class Handler(WorkflowCatalog catalog) : IRequestHandler<Query, CatalogLoad>
    {
        public Task<CatalogLoad> Handle(Query request, CancellationToken ct) => Task.FromResult(catalog.Load(request.Paths));
    }
}
