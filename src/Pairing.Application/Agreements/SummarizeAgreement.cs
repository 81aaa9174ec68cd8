using MediatR;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>One agreement's state, version and parties (who has signed), for someone who may see it.</summary>
public static class SummarizeAgreement
{
    public sealed record Query(string User, string Number) : IRequest<AgreementSummary>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions) : IRequestHandler<Query, AgreementSummary>
    {
        public async Task<AgreementSummary> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            return (await AgreementReads.SummariesAsync(db, definitions, [agreement], ct))[0];
        }
    }
}
