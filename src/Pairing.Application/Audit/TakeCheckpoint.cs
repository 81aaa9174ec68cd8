using MediatR;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Audit;

/// <summary>A keyed checkpoint of the journal, also written to this database's anchor file beside the key.</summary>
public static class TakeCheckpoint
{
    public sealed record Command : IRequest<JournalCheckpoint>;

    public sealed class Handler(JournalAudit audit) : IRequestHandler<Command, JournalCheckpoint>
    {
        public Task<JournalCheckpoint> Handle(Command request, CancellationToken ct) => audit.CheckpointAsync(ct);
    }
}
