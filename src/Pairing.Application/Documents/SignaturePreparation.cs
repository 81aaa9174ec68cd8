using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Documents;

/// <summary>A signature computed before its step: the document's new bytes and records, and for the last signature
/// the platform seal and the signing certificate. The step only stores them, after checking that nobody signed the
/// document in between.</summary>
public sealed record PreparedSignature(Guid DocumentId, int SignedBefore, byte[] Pdf, List<string> SignedBy, List<SignatureRecord> Signatures,
    bool Sealed, AgreementDocument? Certificate, DateTime At)
{
    public async Task StoreAsync(PairingDbContext db, CancellationToken ct)
    {
        var document = await db.AgreementDocuments.FirstAsync(d => d.Id == DocumentId, ct);
        if (document.Sealed || document.SignedBy.Count != SignedBefore)
            throw new PairingException(ErrorKind.Conflict, "版本冲突：这份文件刚被另一方签署，请刷新后重试", "version");
        document.Pdf = Pdf;
        document.SignedBy = SignedBy;
        document.Signatures = Signatures;
        document.Sealed = Sealed;
        document.UpdatedAt = At;
        if (Certificate is not null) db.Add(Certificate);
    }
}

/// <summary>Does the PDF work of a `sign` before the step that records it (Temporal's rule: no slow work inside the
/// deterministic, transactional step): the party's signature with its visible stamp, and when it is the last open
/// signature, the platform seal and the signing certificate. Returns null when there is nothing this actor may sign;
/// the engine then refuses the action with its own reason.</summary>
public sealed class SignaturePreparation(AgreementDocuments documents)
{
    public async Task<PreparedSignature?> PrepareAsync(PairingDbContext db, Account account, Actor actor, Agreement agreement, WorkflowInstance instance,
        string programTitle,
        string? participant, DateTime at, CancellationToken ct)
    {
        var document = await db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == agreement.Id && d.Kind == DocumentKind.Agreement)
            .OrderByDescending(d => d.Revision).FirstOrDefaultAsync(ct);
        if (document is null || document.Sealed) return null;
        var open = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.SignoffAction != null && t.Status == TaskStatus.Open).ToListAsync(ct);
        var mine = open.Where(t => actor.Scopes.Contains(t.Scope) && (participant is null || t.Scope == participant)).ToList();
        if (mine.Count != 1) return null;
        var party = agreement.Parties.FirstOrDefault(p => Scope.Institution(p.InstitutionCode) == mine[0].Scope);
        if (party is null || party.SignatoryAccount != account.UserName || document.SignedBy.Contains(party.InstitutionCode)) return null;

        var institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == party.InstitutionId, ct);
        try
        {
            return await SignAsync(db, account, agreement, programTitle, document, open.Count, party, institution, at, ct);
        }
        catch (CryptographicException)
        {
            // A broken certificate file (a bad import, a wrong password) stops this signature before anything is
            // stored; once the file is repaired the same request succeeds.
            throw new PairingException(ErrorKind.Unavailable,
                $"{institution.Name}或平台的签署证书无法读取，本次未签署，也未保存任何内容；请管理员检查证书文件后重试");
        }
    }

    private async Task<PreparedSignature> SignAsync(PairingDbContext db, Account account, Agreement agreement, string programTitle, AgreementDocument document, int openSignoffs,
        AgreementParty party, Institution institution, DateTime at, CancellationToken ct)
    {
        var (pdf, record) = documents.SignAsParty(document.Pdf, document, agreement.Number, institution, account.UserName, account.SignatoryText, at);
        var signedBy = new List<string>(document.SignedBy) { party.InstitutionCode };
        var signatures = new List<SignatureRecord>(document.Signatures) { record };
        if (openSignoffs > 1) return new PreparedSignature(document.Id, document.SignedBy.Count, pdf, signedBy, signatures, false, null, at);

        // The last party: the platform seals, and the signing certificate is issued with the same step.
        var (sealedPdf, seal) = documents.Seal(pdf, agreement.Number, at);
        signatures.Add(seal);
        var revision = await db.AgreementRevisions.AsNoTracking().FirstAsync(r => r.AgreementId == agreement.Id && r.Number == document.Revision, ct);
        var ids = agreement.Parties.Select(p => p.InstitutionId).ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var certificate = documents.Certificate(agreement, programTitle, revision, new AgreementDocument { Pdf = sealedPdf, Signatures = signatures }, institutions, at);
        return new PreparedSignature(document.Id, document.SignedBy.Count, sealedPdf, signedBy, signatures, true, certificate, at);
    }
}
