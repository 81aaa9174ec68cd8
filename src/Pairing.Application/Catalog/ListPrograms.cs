using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Catalog;

/// <summary>A program as a list or a wizard offers it.</summary>
public sealed record ProgramView(string Program, string Title, string City, string DefinitionId);

/// <summary>The programs of the account's city as published (every city's for a province administrator): the
/// filters of the agreement list and the first step of drafting.</summary>
public static class ListPrograms
{
    public sealed record Query(string User) : IRequest<IReadOnlyList<ProgramView>>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Query, IReadOnlyList<ProgramView>>
    {
        public async Task<IReadOnlyList<ProgramView>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            return (await programs.ProgramsAsync(AgreementPolicy.CityReach(account, null), ct))
                .Select(p => new ProgramView(p.Program, p.Title, p.City, p.Definition.Id)).ToList();
        }
    }
}
