using MediatR;
using Pairing.Workflows.Journal;

namespace Pairing.Application.Audit;

/// <summary>审计: the journal checked in one snapshot (chains, keyed seals, children, checkpoints, the anchor file).</summary>
public static class VerifyJournal
{
    public sealed record Query(IProgress<int>? Progress = null) : IRequest<JournalReport>;

    public sealed class Handler(JournalAudit audit) : IRequestHandler<Query, JournalReport>
    {
        public Task<JournalReport> Handle(Query request, CancellationToken ct) => audit.VerifyAsync(request.Progress, ct);
    }
}
