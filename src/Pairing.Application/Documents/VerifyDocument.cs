using MediatR;

namespace Pairing.Application.Documents;

/// <summary>验证: anyone's PDF — an agreement or a signing certificate — judged as "How verification decides" says.</summary>
public static class VerifyDocument
{
    public sealed record Query(byte[] Pdf) : IRequest<Verification>;

    public sealed class Handler(DocumentVerifier verifier) : IRequestHandler<Query, Verification>
    {
        public Task<Verification> Handle(Query request, CancellationToken ct) => verifier.VerifyAsync(request.Pdf, ct);
    }
}
