using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pairing.Data.Dialects;

/// <summary>SQLite lets one writer in at a time. Writers of one process queue here, in order, instead of colliding in
/// BEGIN IMMEDIATE and sleeping in the driver's busy retry (150 ms a round); only writers from other processes still
/// meet SQLite's busy handler. One gate per database file.</summary>
internal static class SqliteWriterGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDbContextTransaction> EnterAsync(string file, Func<Task<IDbContextTransaction>> begin, CancellationToken ct)
    {
        var gate = Gates.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return new GatedTransaction(await begin(), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>The transaction, handing the gate to the next writer once it is disposed.</summary>
    private sealed class GatedTransaction(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction
    {
        private int _released;

        public Guid TransactionId => inner.TransactionId;
        public void Commit() => inner.Commit();
        public Task CommitAsync(CancellationToken ct = default) => inner.CommitAsync(ct);
        public void Rollback() => inner.Rollback();
        public Task RollbackAsync(CancellationToken ct = default) => inner.RollbackAsync(ct);

        public void Dispose()
        {
            try { inner.Dispose(); }
            finally { Release(); }
        }

        public async ValueTask DisposeAsync()
        {
            try { await inner.DisposeAsync(); }
            finally { Release(); }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
