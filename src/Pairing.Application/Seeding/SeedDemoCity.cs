using MediatR;

namespace Pairing.Application.Seeding;

/// <summary>Loads a city's demonstration data and walks its demo agreements through the real use cases.</summary>
public static class SeedDemoCity
{
    public sealed record Command(string City, IProgress<string>? Progress = null) : IRequest<SeedReport>;

    public sealed class Handler(Seeder seeder) : IRequestHandler<Command, SeedReport>
    {
        public Task<SeedReport> Handle(Command request, CancellationToken ct) => seeder.SeedAsync(request.City, request.Progress, ct);
    }
}
