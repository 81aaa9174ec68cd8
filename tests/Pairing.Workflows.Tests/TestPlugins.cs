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

    /// <summary>School semesters, as the programs' calendar has them: 第一学期 Sep–Jan, 第二学期 Feb–Jul.</summary>
    public sealed class SemesterCalendar : ICalendarRule
    {
        public string Name => "semester";

        public IReadOnlyList<CalendarPeriod> Periods(DateOnly from, DateOnly to)
        {
            var periods = new List<CalendarPeriod>();
            var year = from.Month >= 9 ? from.Year : from.Year - 1;
            for (var y = year; y <= to.Year; y++)
                foreach (var (n, start, end) in new[] { (1, new DateOnly(y, 9, 1), new DateOnly(y + 1, 1, 31)), (2, new DateOnly(y + 1, 2, 1), new DateOnly(y + 1, 7, 31)) })
                    if (end >= from && start <= to)
                        periods.Add(new CalendarPeriod($"{y}-{y + 1}-{n}", $"{y}—{y + 1}学年第{(n == 1 ? "一" : "二")}学期",
                            start < from ? from : start, end > to ? to : end));
            return periods;
        }

        public DateOnly NextEnd(DateOnly onOrAfter) => Periods(onOrAfter, onOrAfter.AddYears(1))[0].End;
    }
}
