using System.Security.Cryptography;
using MediatR;

namespace Pairing.Application.Documents;

public sealed record TrustAnchorView(string Subject, DateTime NotBefore, DateTime NotAfter, string Sha256, bool IsLocal);

/// <summary>The roots verification trusts, and the local CA's certificate (PEM and DER) for readers that check on
/// their own (Adobe Acrobat, pdfsig).</summary>
public sealed record TrustAnchorsView(IReadOnlyList<TrustAnchorView> Roots, string LocalPem, byte[] LocalDer);

public static class ShowTrustAnchors
{
    public sealed record Query : IRequest<TrustAnchorsView>;

    public sealed class Handler(SigningKeys keys) : IRequestHandler<Query, TrustAnchorsView>
    {
        public Task<TrustAnchorsView> Handle(Query request, CancellationToken ct)
        {
            var local = keys.Authority.Certificate;
            var roots = keys.TrustAnchors().Roots.Select(r => new TrustAnchorView(r.Subject, r.NotBefore, r.NotAfter,
                Convert.ToHexStringLower(SHA256.HashData(r.RawData)), r.RawData.AsSpan().SequenceEqual(local.RawData))).ToList();
            return Task.FromResult(new TrustAnchorsView(roots, keys.Authority.ExportPem(), keys.Authority.ExportDer()));
        }
    }
}
