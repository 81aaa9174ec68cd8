using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pairing.Data.Dialects;

/// <summary>Group commit for SQLite's single writer, one per database file. The steps of one process take turns on one
/// connection. A step that ends while others wait hands them the open transaction instead of committing (its own work
/// kept, or undone, by a savepoint); the last step of the group commits for all of them. One fsync then covers many
/// steps, and every step still returns only after the commit that holds its work, and everything it could have read,
/// is on disk (synchronous=FULL). Writers in other processes meet SQLite's busy_timeout at BEGIN IMMEDIATE.</summary>
internal sealed class SqliteGroupCommit(Func<DbContext> createDb)
{
    /// <summary>A bound on how long the first step of a group waits for the others.</summary>
    private const int MaxGroup = 64;
    private const string Savepoint = "step";

    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> Writers = new(StringComparer.Ordinal);

    public static SqliteGroupCommit For(string file, Func<DbContext> createDb) =>
        Writers.GetOrAdd(file, _ => new SqliteGroupCommit(createDb));

    private readonly object _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = new();
    private bool _held;

    // Touched only by the step that holds the turn. The group's connection is opened by a context of its own, so that
    // it is set up as every connection of the application is (EF's SQL functions, busy_timeout).
    private DbContext? _holder;
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private Group? _group;

    private sealed class Group
    {
        public int Steps;
        public readonly TaskCompletionSource Committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Waits for the turn, joins (or opens) the group's transaction and points the step's DbContext at it.</summary>
    public async Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(ct);
        try
        {
            if (_transaction is null)
            {
                _holder = createDb();
                _holder.Database.OpenConnection();
                _connection = (SqliteConnection)_holder.Database.GetDbConnection();
                _transaction = _connection.BeginTransaction(deferred: false);
                _group = new Group();
            }
            _transaction.Save(Savepoint);
            _group!.Steps++;
        }
        catch (Exception ex)
        {
            Abandon(ex);
            PassTurn();
            throw;
        }
        try
        {
            db.Database.AutoSavepointsEnabled = false;
            db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
            await db.Database.UseTransactionAsync(_transaction, ct);
            return new StepTransaction(this, db, _group);
        }
        catch
        {
            await EndStepAsync(db, _group, keep: false);
            throw;
        }
    }

    /// <summary>Ends a step: keeps or undoes its work, then hands the transaction to the next step or commits the group,
    /// and waits for that commit.</summary>
    private async Task EndStepAsync(DbContext db, Group group, bool keep)
    {
        try
        {
            await db.Database.UseTransactionAsync(null);
            if (!keep) _transaction!.Rollback(Savepoint);
            _transaction!.Release(Savepoint);
        }
        catch (Exception ex)
        {
            Abandon(ex);
            PassTurn();
            await WaitAsync(group, keep);
            return;
        }
        if (group.Steps >= MaxGroup || !HasWaiters()) CommitGroup();
        PassTurn();
        await WaitAsync(group, keep);
    }

    private static async Task WaitAsync(Group group, bool keep)
    {
        if (keep)
        {
            await group.Committed.Task;
            return;
        }
        // An undone step still waits: it may have read work of earlier steps that is not on disk yet.
        try { await group.Committed.Task; }
        catch (Exception) { /* the step already failed or was only reading; its own error is the one to report */ }
    }

    private void CommitGroup()
    {
        var group = _group!;
        try
        {
            _transaction!.Commit();
            group.Committed.TrySetResult();
        }
        catch (Exception ex)
        {
            group.Committed.TrySetException(ex);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Something failed on the connection itself: nothing of the group is kept, and every step of it hears so.</summary>
    private void Abandon(Exception ex)
    {
        _group?.Committed.TrySetException(ex);
        try { _transaction?.Rollback(); }
        catch (SqliteException) { /* the connection is closed below either way */ }
        Close();
    }

    private void Close()
    {
        _transaction?.Dispose();
        _holder?.Dispose();
        _holder = null;
        _transaction = null;
        _connection = null;
        _group = null;
    }

    private async Task TakeTurnAsync(CancellationToken ct)
    {
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return;
            }
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(turn);
        }
        await using (ct.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null) return; // the turn was already handed over: the step takes it and ends normally
                _waiting.Remove(node);
            }
            turn.TrySetCanceled(ct);
        }))
        {
            await turn.Task;
        }
    }

    private bool HasWaiters()
    {
        lock (_lock) return _waiting.Count > 0;
    }

    private void PassTurn()
    {
        lock (_lock)
        {
            if (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                next.Value.TrySetResult();
            }
            else _held = false;
        }
    }

    /// <summary>What a step holds: ending it keeps its work (commit) or undoes it (rollback, or dispose without commit).</summary>
    private sealed class StepTransaction(SqliteGroupCommit writer, DbContext db, Group group) : IDbContextTransaction
    {
        private int _ended;

        public Guid TransactionId { get; } = Guid.NewGuid();

        public Task CommitAsync(CancellationToken ct = default) => EndAsync(keep: true);
        public Task RollbackAsync(CancellationToken ct = default) => EndAsync(keep: false);
        public void Commit() => CommitAsync().GetAwaiter().GetResult();
        public void Rollback() => RollbackAsync().GetAwaiter().GetResult();
        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
        public async ValueTask DisposeAsync() => await EndAsync(keep: false);

        private Task EndAsync(bool keep) =>
            Interlocked.Exchange(ref _ended, 1) == 0 ? writer.EndStepAsync(db, group, keep) : Task.CompletedTask;
    }
}
