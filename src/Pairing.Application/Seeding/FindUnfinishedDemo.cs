using MediatR;

namespace Pairing.Application.Seeding;

/// <summary>The demo cities whose seeding began (their registry is there) but did not finish: what a start has to carry
/// on when the previous one was stopped while seeding.</summary>
public static class FindUnfinishedDemo
{
    public sealed record Query : IRequest<IReadOnlyList<string>>;

    public sealed class Handler(Seeder seeder) : IRequestHandler<Query, IReadOnlyList<string>>
    {
        public async Task<IReadOnlyList<string>> Handle(Query request, CancellationToken ct)
        {
            var seeds = new List<SeedFile>();
            foreach (var city in Seeder.Cities) seeds.Add(await Seeder.LoadAsync(city, ct));
            return await seeder.UnfinishedAsync(seeds, ct);
        }
    }
}
