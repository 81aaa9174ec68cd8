using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pairing.Data.Dialects;

/// <summary>Lets SQLite itself wait for another process's write lock, in short steps, instead of returning "busy" at
/// once to the driver, whose retry sleeps 150 ms a round.</summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000;";
        command.ExecuteNonQuery();
    }
}
