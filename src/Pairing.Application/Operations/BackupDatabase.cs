using System.Diagnostics;
using MediatR;
using Microsoft.Data.Sqlite;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Data;

namespace Pairing.Application.Operations;

/// <summary>What a backup wrote: the file, its size, the newest migration in it, how it was made, and the key folder
/// it does not contain (the journal key must stay out of the database it protects, so it is backed up apart).</summary>
public sealed record BackupReport(string File, long Bytes, string? LastMigration, string Method, string KeyFolder);

/// <summary>Backs up the database into one file while the application keeps running. SQLite: SQLite's online backup
/// API copies a consistent snapshot (writers are not stopped; the copy is of one committed moment) into a temporary
/// file, which is checked and then moved into place, so a half-written backup never carries the name. PostgreSQL:
/// runs pg_dump (custom format) when it is on PATH, otherwise says how to.</summary>
public static class BackupDatabase
{
    public sealed record Command(string File, bool Overwrite = false) : IRequest<BackupReport>;

    public sealed class Handler(PairingDatabase database, DocumentSettings documents) : IRequestHandler<Command, BackupReport>
    {
        public async Task<BackupReport> Handle(Command request, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(request.File)) throw new PairingException(ErrorKind.Invalid, "请指定备份文件", "file");
            var target = Path.GetFullPath(request.File);
            if (File.Exists(target) && !request.Overwrite)
                throw new PairingException(ErrorKind.Conflict, $"备份文件 {target} 已存在；确认覆盖请加 --force", "file");
            if (database.Provider == DatabaseProvider.Postgres) return await PgDumpAsync(target, ct);

            var source = SqliteFiles.PathOf(database.ConnectionString);
            if (!File.Exists(source)) throw new PairingException(ErrorKind.NotFound, $"数据库文件 {source} 不存在", "db");
            if (string.Equals(source, target, StringComparison.Ordinal))
                throw new PairingException(ErrorKind.Invalid, "备份文件不能是数据库文件本身", "file");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                await using (var from = new SqliteConnection(database.ConnectionString))
                {
                    await from.OpenAsync(ct);
                    await SqliteFiles.CopyAsync(from, temporary, ct);
                }
                var check = await SqliteFiles.InspectAsync(temporary, ct);
                if (check.Problem is not null) throw new PairingException(ErrorKind.Unavailable, $"备份校验失败：{check.Problem}", "file");
                File.Move(temporary, target, request.Overwrite);
                return new BackupReport(target, new FileInfo(target).Length, check.Migrations.Count > 0 ? check.Migrations[^1] : null, "SQLite 在线备份", documents.PkiFolder);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        private async Task<BackupReport> PgDumpAsync(string target, CancellationToken ct)
        {
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            var recipe = PostgresRecipe.Dump(pg, target);
            if (PostgresRecipe.FindTool("pg_dump") is not { } tool)
                throw new PairingException(ErrorKind.Unavailable, $"本机没有 pg_dump。PostgreSQL 数据库请用它备份：{recipe}", "db");
            var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                var (exit, error) = await PostgresRecipe.RunAsync(tool, PostgresRecipe.DumpArguments(pg, temporary), pg.Password, ct);
                if (exit != 0) throw new PairingException(ErrorKind.Unavailable, $"pg_dump 失败（退出码 {exit}）：{error.Trim()}", "db");
                File.Move(temporary, target, overwrite: true);
                return new BackupReport(target, new FileInfo(target).Length, null, "pg_dump（自定义格式）", documents.PkiFolder);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}

/// <summary>The PostgreSQL side of backups: pg_dump and pg_restore command lines for a connection string (never its
/// password: that goes in PGPASSWORD or ~/.pgpass), and running pg_dump.</summary>
public static class PostgresRecipe
{
    public static string Dump(Npgsql.NpgsqlConnectionStringBuilder pg, string file) =>
        $"pg_dump {string.Join(' ', DumpArguments(pg, file).Select(Quote))}";

    /// <summary>Restoring into a new database and then pointing PAIRING_DB at it never leaves a half-restored live one.</summary>
    public static string Restore(Npgsql.NpgsqlConnectionStringBuilder pg, string file)
    {
        var restored = $"{pg.Database ?? "pairing"}_restored";
        return $"""
            先停止所有 Pairing 进程，再恢复到一个新数据库：
              createdb {Connection(pg)} {Quote(restored)}
              pg_restore {Connection(pg)} --no-owner --exit-on-error --dbname {Quote(restored)} {Quote(file)}
            然后把 PAIRING_DB 的 Database 改为 {restored} 并启动，确认无误后再删除旧库。
            """;
    }

    public static IReadOnlyList<string> DumpArguments(Npgsql.NpgsqlConnectionStringBuilder pg, string file) =>
        ["--format=custom", "--no-owner", "--host", pg.Host ?? "localhost", "--port", pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--username", pg.Username ?? "postgres", "--dbname", pg.Database ?? "postgres", "--file", file];

    private static string Connection(Npgsql.NpgsqlConnectionStringBuilder pg) =>
        $"--host {Quote(pg.Host ?? "localhost")} --port {pg.Port} --username {Quote(pg.Username ?? "postgres")}";

    private static string Quote(string value) => value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':') ? value : $"'{value.Replace("'", "'\\''")}'";

    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    public static async Task<(int Exit, string Error)> RunAsync(string tool, IReadOnlyList<string> arguments, string? password, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(password)) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new PairingException(ErrorKind.Unavailable, $"无法启动 {tool}", "db");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await error);
    }
}
