using System.Collections.Concurrent;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Tests;

/// <summary>Plug-ins whose behaviour a test controls: a guard that refuses on request, an in-transaction effect that
/// can throw, and an after-commit "notification" that can fail a given number of times.</summary>
public sealed class TestPlugins
{
    public BlockingGuard Guard { get; } = new();
    public ThrowingEffect Transactional { get; } = new();
    public FlakyNotify Notify { get; } = new();

    public sealed class BlockingGuard : IGuard
    {
        public bool Block { get; set; }
        public string Name => "test-guard";
        public IReadOnlyList<string> RequiredParams => [];
        public Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct) =>
            Task.FromResult(Block ? GuardResult.Refuse("test-rule", "规则「测试」：不允许提交") : GuardResult.Allow);
    }

    public sealed class ThrowingEffect : IEffect
    {
        public bool Throw { get; set; }
        public string Name => "test-effect";
        public IReadOnlyList<string> RequiredParams => [];
        public bool AfterCommit => false;
        public Task RunAsync(EffectContext context, CancellationToken ct) =>
            Throw ? throw new InvalidOperationException("写入失败") : Task.CompletedTask;
    }

    public sealed class FlakyNotify : IEffect
    {
        public int FailuresLeft { get; set; }
        public ConcurrentBag<string> Delivered { get; } = [];
        public string Name => "test-notify";
        public IReadOnlyList<string> RequiredParams => [];
        public bool AfterCommit => true;
        public Task RunAsync(EffectContext context, CancellationToken ct)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TimeoutException("短信网关超时");
            }
            Delivered.Add(context.Key);
            return Task.CompletedTask;
        }
    }
}
