using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pairing.Workflows.Runtime;

/// <summary>What differs between SQLite and PostgreSQL for the engine: how a step's transaction starts, how timers
/// are claimed without double firing, how cross-instance locks are taken, and which errors mean "lost a race".</summary>
public interface IDatabaseDialect
{
    Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct);
    Task LockAsync(DbContext db, string key, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    bool IsRaceLost(Exception ex);
}
