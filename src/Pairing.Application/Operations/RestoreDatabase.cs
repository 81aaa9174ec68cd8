using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Data;

namespace Pairing.Application.Operations;

/// <summary>What a restore did: the database it wrote, the newest migration it now has, how many migrations this build
/// still has to apply, the copy of the data it replaced (when it replaced any), and the key folder the restored journal
/// must be verified with.</summary>
public sealed record RestoreReport(string Database, long Bytes, string LastMigration, int PendingMigrations, string? Replaced, string KeyFolder);

/// <summary>Restores a SQLite backup into the configured database. The file must be an intact Pairing database
/// (integrity check, EF Core's migration history, no migration this build does not know); a database that already
/// holds data is replaced only when the caller confirms (Overwrite), and is first copied aside. The copy goes through
/// the online backup API, so a process that has the database open sees the old data or the new, never a mix.
/// PostgreSQL restores are done with pg_restore: the error says how.</summary>
public static class RestoreDatabase
{
    public sealed record Command(string File, bool Overwrite = false) : IRequest<RestoreReport>;

    public sealed class Handler(PairingDatabase database, DocumentSettings documents, TimeProvider clock) : IRequestHandler<Command, RestoreReport>
    {
        public async Task<RestoreReport> Handle(Command request, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(request.File)) throw new PairingException(ErrorKind.Invalid, "请指定要恢复的备份文件", "file");
            var source = Path.GetFullPath(request.File);
            if (database.Provider == DatabaseProvider.Postgres)
                throw new PairingException(ErrorKind.Unavailable,
                    $"PostgreSQL 数据库请用 pg_restore 恢复 pg_dump 的备份。\n{PostgresRecipe.Restore(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString), source)}", "db");
            if (!File.Exists(source)) throw new PairingException(ErrorKind.NotFound, $"备份文件 {source} 不存在", "file");
            var target = SqliteFiles.PathOf(database.ConnectionString);
            if (string.Equals(source, target, StringComparison.Ordinal))
                throw new PairingException(ErrorKind.Invalid, "备份文件就是要恢复到的数据库本身", "file");

            var inspection = await SqliteFiles.InspectAsync(source, ct);
            if (inspection.Problem is not null) throw new PairingException(ErrorKind.Invalid, $"拒绝恢复 {source}：{inspection.Problem}", "file");
            await using (var db = database.Create())
            {
                var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
                if (inspection.Migrations.FirstOrDefault(m => !known.Contains(m)) is { } unknown)
                    throw new PairingException(ErrorKind.Invalid, $"拒绝恢复 {source}：它来自更新版本的 Pairing（本版本不认识迁移 {unknown}），请用相应版本恢复", "file");
            }

            string? replaced = null;
            SqliteConnection.ClearAllPools();
            await using (var to = new SqliteConnection(database.ConnectionString))
            {
                await to.OpenAsync(ct);
                if (await SqliteFiles.HasTablesAsync(to, ct))
                {
                    if (!request.Overwrite)
                        throw new PairingException(ErrorKind.Conflict, $"数据库 {target} 已有数据；确认用备份覆盖请加 --force（覆盖前会把现有数据另存一份）", "force");
                    replaced = Path.Combine(Path.GetDirectoryName(target)!,
                        $"{Path.GetFileNameWithoutExtension(target)}.before-restore-{clock.GetUtcNow():yyyyMMddHHmmss}{Path.GetExtension(target)}");
                    await SqliteFiles.CopyAsync(to, replaced, ct);
                }
                await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                {
                    await from.OpenAsync(ct);
                    from.BackupDatabase(to);
                }
                // The application's own mode: readers never block the writer.
                await using var wal = to.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteScalarAsync(ct);
            }
            SqliteConnection.ClearAllPools();

            await using var restored = database.Create();
            var pending = (await restored.Database.GetPendingMigrationsAsync(ct)).Count();
            return new RestoreReport(target, new FileInfo(target).Length, inspection.Migrations[^1], pending,
                replaced, documents.PkiFolder);
        }
    }
}
