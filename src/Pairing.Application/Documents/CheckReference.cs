using System.Security.Cryptography;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Domain.Agreements;

namespace Pairing.Application.Documents;

/// <summary>Public facts about one document reference: enough to recognise it, nothing of its content.</summary>
public sealed record ReferenceStatus(string Reference, string Number, string Title, int Revision, bool Current, int Signatures, bool Sealed,
    string ContentHash, bool HasCertificate);

/// <summary>Where a document's QR code leads (/verify/NUMBER/REVISION?h=KEY): what the system holds for that revision,
/// shown only with the key printed on the document — the start of its content hash — so guessing numbers reveals
/// nothing. With the key, the holder may also fetch the signing certificate.</summary>
public static class CheckReference
{
    public sealed record Query(string Number, int Revision, string? Key) : IRequest<ReferenceStatus?>;

    public sealed record Certificate(string Number, int Revision, string? Key) : IRequest<DocumentFile?>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, ReferenceStatus?>, IRequestHandler<Certificate, DocumentFile?>
    {
        public async Task<ReferenceStatus?> Handle(Query request, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(request.Key)) return null;
            var reference = AgreementDocuments.ReferenceOf(request.Number, request.Revision);
            await using var db = database.Create();
            var document = await db.AgreementDocuments.AsNoTracking()
                .Where(d => d.Reference == reference).Select(d => new { d.AgreementId, d.Revision, d.Signatures, d.Sealed }).FirstOrDefaultAsync(ct);
            if (document is null) return null;
            var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Id == document.AgreementId, ct);
            var revision = await db.AgreementRevisions.AsNoTracking().FirstAsync(r => r.AgreementId == agreement.Id && r.Number == document.Revision, ct);
            if (!KeyMatches(revision.ContentHash, request.Key)) return null;
            var latest = await db.AgreementRevisions.Where(r => r.AgreementId == agreement.Id).MaxAsync(r => r.Number, ct);
            var hasCertificate = await db.AgreementDocuments.AnyAsync(d => d.AgreementId == agreement.Id && d.Revision == document.Revision && d.Kind == DocumentKind.Certificate, ct);
            return new ReferenceStatus(reference, agreement.Number, agreement.Title, document.Revision, latest == document.Revision,
                document.Signatures.Count, document.Sealed, revision.ContentHash, hasCertificate);
        }

        public async Task<DocumentFile?> Handle(Certificate request, CancellationToken ct)
        {
            if (await Handle(new Query(request.Number, request.Revision, request.Key), ct) is not { HasCertificate: true } status) return null;
            await using var db = database.Create();
            var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Number == status.Number, ct);
            var certificate = await db.AgreementDocuments.AsNoTracking()
                .FirstAsync(d => d.AgreementId == agreement.Id && d.Revision == request.Revision && d.Kind == DocumentKind.Certificate, ct);
            return new DocumentFile(certificate.Pdf, $"{request.Number}-第{request.Revision}版-签署证书.pdf", "application/pdf");
        }

        private static bool KeyMatches(string contentHash, string key) =>
            key.Length == 16 && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(AgreementDocuments.KeyOf(contentHash)),
                System.Text.Encoding.ASCII.GetBytes(key.ToLowerInvariant()));
    }
}
