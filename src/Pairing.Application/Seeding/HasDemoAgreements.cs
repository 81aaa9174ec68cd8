using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;

namespace Pairing.Application.Seeding;

/// <summary>Whether a city already has agreements (the demo seed ran), so a bulk copy can start from them.</summary>
public static class HasDemoAgreements
{
    public sealed record Query(string City) : IRequest<bool>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, bool>
    {
        public async Task<bool> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            return await db.Agreements.AnyAsync(a => a.CityCode == request.City, ct);
        }
    }
}
