using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;

namespace Pairing.Application.Operations;

/// <summary>Where the database stands: created or upgraded by migrations, and whether it is empty or has sign-ins.</summary>
public sealed record DatabaseState(string Description, bool Empty, bool HasSignIns);

/// <summary>Creates or upgrades the database (EF Core migrations) and says where it stands.</summary>
public static class MigrateDatabase
{
    public sealed record Command : IRequest<DatabaseState>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Command, DatabaseState>
    {
        public async Task<DatabaseState> Handle(Command request, CancellationToken ct)
        {
            await database.MigrateAsync(ct);
            await using var db = database.Create();
            return new DatabaseState(database.Describe(), !await db.Cities.AnyAsync(ct), await db.Users.AnyAsync(ct));
        }
    }
}
