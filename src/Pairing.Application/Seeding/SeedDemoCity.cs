using MediatR;

namespace Pairing.Application.Seeding;

/// <summary>Loads a city's demonstration data and walks its demo agreements through the real use cases; run again after
/// an interruption, it finishes what the interrupted run began.</summary>
public static class SeedDemoCity
{
    public sealed record Command(string City, IProgress<string>? Progress = null) : IRequest<SeedReport>;

    public sealed class Handler(Seeder seeder) : IRequestHandler<Command, SeedReport>
    {
        public async Task<SeedReport> Handle(Command request, CancellationToken ct) =>
            (await seeder.SeedAsync([await Seeder.LoadAsync(request.City, ct)], request.Progress, ct)).Single();
    }
}
