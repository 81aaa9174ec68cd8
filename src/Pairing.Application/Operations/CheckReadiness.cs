using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pairing.Application.Documents;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Operations;

/// <summary>One readiness check's answer: whether this part is ready, and why not in a short Chinese sentence that
/// names no host, path or secret (the endpoint is anonymous; the details go to the log).</summary>
public sealed record ReadinessCheck(bool Ready, string Reason);

/// <summary>Whether this process can serve: the database answers, every migration this build knows is applied (and
/// none it does not know), and the journal key and the platform's signing certificate can be loaded.</summary>
public static partial class CheckReadiness
{
    public sealed record Database : IRequest<ReadinessCheck>;

    public sealed record Migrations : IRequest<ReadinessCheck>;

    public sealed record Keys : IRequest<ReadinessCheck>;

    public sealed partial class Handler(PairingDatabase database, SigningKeys keys, IServiceProvider services, TimeProvider clock, ILogger<Handler> log)
        : IRequestHandler<Database, ReadinessCheck>, IRequestHandler<Migrations, ReadinessCheck>, IRequestHandler<Keys, ReadinessCheck>
    {
        public async Task<ReadinessCheck> Handle(Database request, CancellationToken ct)
        {
            try
            {
                await using var db = database.Create();
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
                return new(true, database.Provider == DatabaseProvider.Postgres ? "PostgreSQL 数据库可以连接" : "SQLite 数据库可以打开");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                NotReady(ex, "database");
                return new(false, $"无法连接数据库（{ex.GetType().Name}），详见服务日志");
            }
        }

        public async Task<ReadinessCheck> Handle(Migrations request, CancellationToken ct)
        {
            try
            {
                await using var db = database.Create();
                var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var known = db.Database.GetMigrations().ToList();
                var missing = known.Where(m => !applied.Contains(m)).ToList();
                var unknown = applied.Where(m => !known.Contains(m)).Order(StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                    return new(false, $"数据库缺少 {missing.Count} 个迁移（{string.Join("、", missing.Take(3))}{(missing.Count > 3 ? "等" : "")}），请运行 pairing db migrate 或重新启动");
                if (unknown.Count > 0)
                    return new(false, $"数据库含有本版本不认识的迁移（{string.Join("、", unknown.Take(3))}），它由更新的版本升级过");
                return new(true, $"{known.Count} 个迁移均已应用");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                NotReady(ex, "migrations");
                return new(false, $"无法读取迁移记录（{ex.GetType().Name}），详见服务日志");
            }
        }

        public Task<ReadinessCheck> Handle(Keys request, CancellationToken ct)
        {
            try
            {
                // The journal key is loaded (or created) once per process, as the engine does; the platform
                // certificate as the first signature would load it.
                var journalKey = services.GetRequiredService<EngineOptions>().JournalKey;
                if (journalKey.Length < 16) return Task.FromResult(new ReadinessCheck(false, "日志密钥过短（至少 16 字节）"));
                var platform = keys.Platform();
                if (!platform.HasPrivateKey) return Task.FromResult(new ReadinessCheck(false, "平台签名证书没有私钥，无法封存文件"));
                if (platform.NotAfter.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime)
                    return Task.FromResult(new ReadinessCheck(false, $"平台签名证书已于 {platform.NotAfter:yyyy-MM-dd} 过期"));
                return Task.FromResult(new ReadinessCheck(true, $"日志密钥和平台签名证书可用（证书有效期至 {platform.NotAfter:yyyy-MM-dd}）"));
            }
            catch (Exception ex)
            {
                NotReady(ex, "keys");
                return Task.FromResult(new ReadinessCheck(false, $"无法读取签名密钥（{ex.GetType().Name}），详见服务日志"));
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} failed")]
        private partial void NotReady(Exception ex, string check);
    }
}
