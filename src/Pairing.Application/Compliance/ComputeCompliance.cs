using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Compliance;

/// <summary>达标情况: each program's target against what is signed, for bureaus and administrators — their own city, or
/// any city (or all) for a province administrator. Without a user (the operator's command line) every city is open.</summary>
public static class ComputeCompliance
{
    public sealed record Query(string? User, string? City, DateOnly? AsOf = null) : IRequest<IReadOnlyList<CityCompliance>>;

    public sealed class Handler(PairingDatabase database, ComplianceCalculator calculator) : IRequestHandler<Query, IReadOnlyList<CityCompliance>>
    {
        public async Task<IReadOnlyList<CityCompliance>> Handle(Query request, CancellationToken ct)
        {
            var city = request.City;
            if (request.User is { } user)
            {
                await using var db = database.Create();
                var (account, _) = await ActorDirectory.ResolveAsync(db, user, ct);
                AgreementPolicy.EnsureBureau(account, "只有教育局和管理员可以查看达标情况");
                city = AgreementPolicy.CityReach(account, city);
            }
            return await calculator.ComputeAsync(city, request.AsOf, ct);
        }
    }
}
