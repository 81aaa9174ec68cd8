using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Application.Agreements;
using Pairing.Data;
using Pairing.Documents.Export;
using Pairing.Documents.Fonts;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Documents.Templates;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Documents;

public sealed record DocumentFile(byte[] Bytes, string FileName, string ContentType);

/// <summary>Public facts about one document reference: enough to recognise it, nothing of its content.</summary>
public sealed record ReferenceStatus(string Reference, string Number, string Title, int Revision, bool Current, int Signatures, bool Sealed,
    string ContentHash, bool HasCertificate);

/// <summary>Renders agreement documents from the program templates and signs them as the workflow moves: each
/// party's visible signature on `sign`, the platform seal when all have signed, then the signing certificate
/// (签署证书). Every signature is recorded with its signer, account, certificate and the file length it ends at.</summary>
public sealed class AgreementDocuments
{
    public const string PlatformName = "Pairing 结对帮扶平台";
    private readonly PairingApp _app;
    private readonly TemplateLibrary _templates;
    private readonly Lazy<PdfComposer> _composer;
    private readonly Lazy<GlyphOutlines> _stampFont;

    public AgreementDocuments(PairingApp app, DocumentSettings settings)
    {
        _app = app;
        Settings = settings;
        _templates = new TemplateLibrary(settings.TemplatesFolder);
        _composer = new(() => new PdfComposer(settings.FontsFolder));
        _stampFont = new(() => GlyphOutlines.Load(Path.Combine(settings.FontsFolder, FontFaces.FileOf(FontFaces.Sans))));
        Keys = new SigningKeys(settings, app.Parts.Clock);
    }

    public DocumentSettings Settings { get; }
    public SigningKeys Keys { get; }

    public static string ReferenceOf(string number, int revision) => $"{number}/r{revision}";

    public static string CertificateReferenceOf(string number, int revision) => $"{number}/r{revision}/cert";

    /// <summary>The address in the QR code. It carries the start of the content hash, which only a holder of the
    /// document knows, so guessing agreement numbers reveals nothing.</summary>
    public string VerifyUrl(string number, int revision, string contentHash) =>
        $"{Settings.PublicUrl}/verify/{Uri.EscapeDataString(number)}/{revision}?h={KeyOf(contentHash)}";

    public static string KeyOf(string contentHash) => contentHash[..Math.Min(16, contentHash.Length)];

    /// <summary>The agreement as a document model: its program's template, then (for a frozen revision) the signing
    /// record; a draft (no revision yet) carries the 草稿 watermark.</summary>
    internal async Task<DocumentModel> ModelAsync(DbContext db, Agreement a, WorkflowDefinition definition, AgreementRevision? revision,
        IReadOnlyList<JournalEntry> journal, CancellationToken ct)
    {
        var ids = a.Parties.Select(p => p.InstitutionId).ToList();
        var institutions = await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var counties = await db.Set<County>().AsNoTracking().Where(c => c.CityCode == a.CityCode).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var city = await db.Set<City>().AsNoTracking().FirstAsync(c => c.Code == a.CityCode, ct);
        var reference = revision is null ? $"{a.Number}/draft" : ReferenceOf(a.Number, revision.Number);
        var url = revision is null ? "" : VerifyUrl(a.Number, revision.Number, revision.ContentHash);
        var schedule = ChildSchedule.Of(definition, _app.Plugins, a.TermStart, a.TermEnd);
        var data = AgreementTemplateData.Build(new(a, institutions, counties, city.Name, definition, revision, reference, url, schedule));
        var template = _templates.Resolve($"agreements/{a.Program}.{a.CityCode}.hbs", $"agreements/{a.Program}.hbs");
        var (title, blocks) = _templates.Render(template, data);
        if (revision is not null)
            blocks = [.. blocks, .. SigningRecordPage.Blocks(journal, definition, a.Number, revision.Number, revision.ContentHash, url)];
        var names = string.Join("、", a.Parties.OrderBy(p => p.InstitutionCode, StringComparer.Ordinal).Select(p => institutions.First(i => i.Id == p.InstitutionId).Name));
        var info = new DocumentInfo(names, $"{city.Name}{ProgramCatalog.Title(a.Program)}协议", $"结对帮扶,{ProgramCatalog.Title(a.Program)},{a.Number}",
            revision?.FrozenAt ?? _app.UtcNow, reference, revision is null ? "草稿" : null);
        return new DocumentModel(title, blocks, info);
    }

    /// <summary>Renders the frozen revision inside the approving step. A template or font problem refuses the approval
    /// with a message that names it, so no agreement enters signing without its document.</summary>
    internal async Task RenderRevisionAsync(DbContext db, WorkflowInstance instance, WorkflowDefinition definition, Agreement a,
        AgreementRevision revision, CancellationToken ct)
    {
        var journal = await JournalOfAsync(db, instance.Id, ct);
        ComposedPdf composed;
        try
        {
            composed = _composer.Value.ComposeWithFields(await ModelAsync(db, a, definition, revision, journal, ct));
        }
        catch (Exception ex) when (ex is TemplateException or MissingGlyphsException)
        {
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"无法生成协议文件：{ex.Message}", "document");
        }
        db.Add(new AgreementDocument
        {
            Id = Guid.NewGuid(),
            AgreementId = a.Id,
            Revision = revision.Number,
            Kind = DocumentKind.Agreement,
            Reference = ReferenceOf(a.Number, revision.Number),
            UnsignedSha256 = Convert.ToHexStringLower(SHA256.HashData(composed.Pdf)),
            UnsignedLength = composed.Pdf.Length,
            Pdf = composed.Pdf,
            Slots = composed.Fields.Select(f => new SignatureSlot(f.Key, f.Page, f.Left, f.Bottom, f.Width, f.Height)).ToList(),
            CreatedAt = revision.FrozenAt,
            UpdatedAt = revision.FrozenAt,
        });
    }

    /// <summary>Adds the signature of every party whose signing task is done but whose signature the PDF lacks, in
    /// the order they signed, each with its institution's certificate and a visible stamp in its own field naming the
    /// account that signed.</summary>
    internal async Task SignPendingAsync(DbContext db, WorkflowInstance instance, Agreement a, DateTime now, CancellationToken ct)
    {
        var document = await LatestAsync(db, a.Id, ct);
        if (document is null || document.Sealed) return;
        // Tracked tasks carry this step's changes, so the task just closed counts as done.
        var tasks = await db.Set<WorkflowTask>().Where(t => t.InstanceId == instance.Id && t.SignoffAction != null).ToListAsync(ct);
        var done = tasks.Where(t => t.Status == TaskStatus.Done && t.CreatedAt >= document.CreatedAt).OrderBy(t => t.ClosedAt).ThenBy(t => t.Scope, StringComparer.Ordinal);
        var pdf = document.Pdf;
        var signed = document.SignedBy.ToList();
        var records = document.Signatures.ToList();
        foreach (var task in done)
        {
            var party = a.Parties.FirstOrDefault(p => Scope.Institution(p.InstitutionCode) == task.Scope);
            if (party is null || signed.Contains(party.InstitutionCode)) continue;
            var institution = await db.Set<Institution>().AsNoTracking().FirstAsync(i => i.Id == party.InstitutionId, ct);
            var signer = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(x => x.UserName == task.ClosedBy, ct);
            var name = signer?.SignatoryText ?? party.Signatory ?? institution.Name;
            var certificate = Keys.Institution(institution.Code, institution.Name);
            var at = ChineseDates.Offset(task.ClosedAt ?? now);
            var field = document.Slots.FirstOrDefault(s => s.Party == party.InstitutionCode) is { } slot
                ? new SignatureField(slot.Page, slot.Left, slot.Bottom, slot.Width, slot.Height,
                    SignatureAppearance.Build(new StampText(institution.Name, name, at), slot.Width, slot.Height, _stampFont.Value))
                : null;
            pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(certificate, name, $"{institution.Name}签署协议 {a.Number}", at) { Field = field });
            signed.Add(party.InstitutionCode);
            records.Add(RecordOf(institution.Code, task.ClosedBy ?? "", name, certificate, task.ClosedAt ?? now, pdf.Length));
        }
        if (signed.Count == document.SignedBy.Count) return;
        document.Pdf = pdf;
        document.SignedBy = signed;
        document.Signatures = records;
        document.UpdatedAt = now;
    }

    /// <summary>The platform's seal over the fully signed document (the last signature, covering every byte), then the
    /// signing certificate: a separate PDF listing every signature, sealed too. Issuing it separately leaves the
    /// agreement exactly as the parties and the platform signed it.</summary>
    internal async Task SealAsync(DbContext db, Agreement a, DateTime now, CancellationToken ct)
    {
        var document = await LatestAsync(db, a.Id, ct);
        if (document is null || document.Sealed) return;
        var platform = Keys.Platform();
        document.Pdf = IncrementalSigner.Sign(document.Pdf, new SignatureRequest(platform, PlatformName,
            $"各方签署完成，平台封存协议 {a.Number}", ChineseDates.Offset(now)));
        document.Signatures = [.. document.Signatures, RecordOf(SignatureRecord.Platform, "system", PlatformName, platform, now, document.Pdf.Length)];
        document.Sealed = true;
        document.UpdatedAt = now;
        await IssueCertificateAsync(db, a, document, now, ct);
    }

    private async Task IssueCertificateAsync(DbContext db, Agreement a, AgreementDocument sealedDocument, DateTime now, CancellationToken ct)
    {
        var revision = await db.Set<AgreementRevision>().AsNoTracking().FirstAsync(r => r.AgreementId == a.Id && r.Number == sealedDocument.Revision, ct);
        var institutions = await db.Set<Institution>().AsNoTracking().Where(i => a.Parties.Select(p => p.InstitutionId).Contains(i.Id)).ToListAsync(ct);
        var model = SigningCertificate.Model(a, revision, sealedDocument, institutions,
            CertificateReferenceOf(a.Number, revision.Number), VerifyUrl(a.Number, revision.Number, revision.ContentHash), now);
        var unsigned = _composer.Value.Compose(model);
        var platform = Keys.Platform();
        var pdf = IncrementalSigner.Sign(unsigned, new SignatureRequest(platform, PlatformName, $"签发协议 {a.Number} 第 {revision.Number} 版签署证书",
            ChineseDates.Offset(now)));
        db.Add(new AgreementDocument
        {
            Id = Guid.NewGuid(),
            AgreementId = a.Id,
            Revision = revision.Number,
            Kind = DocumentKind.Certificate,
            Reference = CertificateReferenceOf(a.Number, revision.Number),
            UnsignedSha256 = Convert.ToHexStringLower(SHA256.HashData(unsigned)),
            UnsignedLength = unsigned.Length,
            Pdf = pdf,
            Signatures = [RecordOf(SignatureRecord.Platform, "system", PlatformName, platform, now, pdf.Length)],
            Sealed = true,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    private static SignatureRecord RecordOf(string signer, string account, string name, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        DateTime at, long length) =>
        new(signer, account, name, Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), certificate.Subject, at, length);

    /// <summary>The agreement's document for someone allowed to see it: the stored (signed) PDF of a revision, a
    /// preview of the current draft when nothing is frozen yet, a Word export of either, or the signing certificate.</summary>
    public async Task<DocumentFile> ExportAsync(string userName, string number, string format = "pdf", int? revision = null, CancellationToken ct = default)
    {
        if (format is not ("pdf" or "docx" or "certificate"))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"格式 {format} 不支持（可选：pdf、docx、certificate）", "format");
        await using var db = _app.Db();
        var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        var revisions = db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id);
        var frozen = revision is int n
            ? await revisions.FirstOrDefaultAsync(r => r.Number == n, ct) ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} 没有第 {n} 版", "revision")
            : await revisions.OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        var documents = frozen is null ? []
            : await db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == agreement.Id && d.Revision == frozen.Number).ToListAsync(ct);
        var name = frozen is null ? $"{number}-草稿" : $"{number}-第{frozen.Number}版";
        if (format == "certificate")
            return documents.FirstOrDefault(d => d.Kind == DocumentKind.Certificate) is { } certificate
                ? new DocumentFile(certificate.Pdf, $"{name}-签署证书.pdf", "application/pdf")
                : throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} {(frozen is null ? "尚未定稿" : $"第 {frozen.Number} 版尚未签署完成")}，还没有签署证书", "format");
        if (format == "pdf" && documents.FirstOrDefault(d => d.Kind == DocumentKind.Agreement) is { } stored)
            return new DocumentFile(stored.Pdf, $"{name}.pdf", "application/pdf");

        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        var definition = await _app.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance.Id && (frozen == null || e.At <= frozen.FrozenAt))
            .OrderBy(e => e.Seq).ToListAsync(ct);
        try
        {
            var model = await ModelAsync(db, agreement, definition, frozen, journal, ct);
            return format == "docx"
                ? new DocumentFile(DocxComposer.Compose(model), $"{name}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                : new DocumentFile(_composer.Value.Compose(model), $"{name}.pdf", "application/pdf");
        }
        catch (Exception ex) when (ex is TemplateException or MissingGlyphsException)
        {
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"无法生成协议文件：{ex.Message}", "document");
        }
    }

    /// <summary>What the system holds for a verification reference, for anyone who follows a document's QR code.</summary>
    public async Task<ReferenceStatus?> StatusAsync(string reference, string? key, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key)) return null;
        await using var db = _app.Db();
        var document = await db.AgreementDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Reference == reference, ct);
        if (document is null) return null;
        var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Id == document.AgreementId, ct);
        var revision = await db.AgreementRevisions.AsNoTracking().FirstAsync(r => r.AgreementId == agreement.Id && r.Number == document.Revision, ct);
        if (!HashKeyMatches(revision.ContentHash, key)) return null;
        var latest = await db.AgreementRevisions.Where(r => r.AgreementId == agreement.Id).MaxAsync(r => r.Number, ct);
        var hasCertificate = await db.AgreementDocuments.AnyAsync(d => d.AgreementId == agreement.Id && d.Revision == document.Revision && d.Kind == DocumentKind.Certificate, ct);
        return new ReferenceStatus(reference, agreement.Number, agreement.Title, document.Revision, latest == document.Revision,
            document.Signatures.Count, document.Sealed, revision.ContentHash, hasCertificate);
    }

    /// <summary>The signing certificate for whoever holds the agreement: the same content-hash key the QR code
    /// carries. Without it (or for a revision not yet fully signed) there is nothing, as for a number that does not exist.</summary>
    public async Task<DocumentFile?> CertificateForHolderAsync(string number, int revision, string? key, CancellationToken ct = default)
    {
        if (await StatusAsync(ReferenceOf(number, revision), key, ct) is not { HasCertificate: true } status) return null;
        await using var db = _app.Db();
        var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Number == status.Number, ct);
        var certificate = await db.AgreementDocuments.AsNoTracking()
            .FirstAsync(d => d.AgreementId == agreement.Id && d.Revision == revision && d.Kind == DocumentKind.Certificate, ct);
        return new DocumentFile(certificate.Pdf, $"{number}-第{revision}版-签署证书.pdf", "application/pdf");
    }

    private static bool HashKeyMatches(string contentHash, string key) =>
        key.Length == 16 && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(KeyOf(contentHash)),
            System.Text.Encoding.ASCII.GetBytes(key.ToLowerInvariant()));

    internal static async Task<AgreementDocument?> LatestAsync(DbContext db, Guid agreementId, CancellationToken ct)
    {
        var local = db.ChangeTracker.Entries<AgreementDocument>().Select(e => e.Entity).Where(d => d.AgreementId == agreementId && d.Kind == DocumentKind.Agreement)
            .OrderByDescending(d => d.Revision).FirstOrDefault();
        return local ?? await db.Set<AgreementDocument>().Where(d => d.AgreementId == agreementId && d.Kind == DocumentKind.Agreement)
            .OrderByDescending(d => d.Revision).FirstOrDefaultAsync(ct);
    }

    /// <summary>The instance's journal including entries this step has added but not yet saved.</summary>
    private static async Task<List<JournalEntry>> JournalOfAsync(DbContext db, Guid instanceId, CancellationToken ct)
    {
        var saved = await db.Set<JournalEntry>().AsNoTracking().Where(e => e.InstanceId == instanceId).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<JournalEntry>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == instanceId).Select(e => e.Entity);
        return saved.Concat(added).OrderBy(e => e.Seq).ToList();
    }
}
