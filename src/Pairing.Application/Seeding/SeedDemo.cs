using MediatR;

namespace Pairing.Application.Seeding;

/// <summary>Seeds several demo cities as one piece of work: all their registries at once, then each city's budgets and
/// demo agreements. A start that finds the work interrupted knows from the registries which cities to finish.</summary>
public static class SeedDemo
{
    public sealed record Command(IReadOnlyList<string> Cities, IProgress<string>? Progress = null) : IRequest<IReadOnlyList<SeedReport>>;

    public sealed class Handler(Seeder seeder) : IRequestHandler<Command, IReadOnlyList<SeedReport>>
    {
        public async Task<IReadOnlyList<SeedReport>> Handle(Command request, CancellationToken ct)
        {
            var seeds = new List<SeedFile>();
            foreach (var city in request.Cities) seeds.Add(await Seeder.LoadAsync(city, ct));
            return await seeder.SeedAsync(seeds, request.Progress, ct);
        }
    }
}
