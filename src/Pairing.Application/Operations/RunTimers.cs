using MediatR;
using Pairing.Workflows.Timers;

namespace Pairing.Application.Operations;

/// <summary>Fires every due timer (safe in several processes at once: each timer fires once).</summary>
public static class RunTimers
{
    public sealed record Command(string Worker, IProgress<int>? Progress = null) : IRequest<TimerRunReport>;

    public sealed class Handler(TimerDispatcher timers) : IRequestHandler<Command, TimerRunReport>
    {
        public Task<TimerRunReport> Handle(Command request, CancellationToken ct) => timers.RunDueAsync(request.Worker, progress: request.Progress, ct: ct);
    }
}
