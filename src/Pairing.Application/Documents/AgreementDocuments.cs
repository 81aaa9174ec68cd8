using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Application.Agreements;
using Pairing.Data;
using Pairing.Documents.Export;
using Pairing.Documents.Fonts;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Documents.Templates;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Documents;

public sealed record DocumentFile(byte[] Bytes, string FileName, string ContentType);

/// <summary>What the system holds for a PDF someone presents: which agreement revision it claims to be, whether its
/// unsigned content is byte for byte the rendering on record, and whether that revision is still the current one.</summary>
public sealed record RecordMatch(string Reference, bool Found, string? Number, int? Revision, bool ContentMatches, bool Current,
    int SignaturesOnRecord, string? Title)
{
    public string Verdict => !Found ? $"系统中没有核验编号为 {Reference} 的文件"
        : !ContentMatches ? $"与系统存档的协议 {Number} 第 {Revision} 版不一致"
        : $"与系统存档的协议 {Number}《{Title}》第 {Revision} 版一致{(Current ? "" : "（该版本已被新版本取代）")}";
}

/// <summary>Everything a presented PDF is checked for: its signatures, and whether it is the agreement on record.</summary>
public sealed record DocumentCheck(VerificationReport Report, RecordMatch? Record)
{
    public bool OnRecord => Record is { Found: true, ContentMatches: true };
    public bool Authentic => Report.Intact && OnRecord;
    public string RecordVerdict => Record?.Verdict ?? "文件中没有 Pairing 核验编号，不是本系统存档的协议文件";
}

/// <summary>Public facts about one document reference: enough to recognise it, nothing of its content.</summary>
public sealed record ReferenceStatus(string Reference, string Number, string Title, int Revision, bool Current, int Signatures, bool Sealed, string ContentHash);

/// <summary>Renders agreement documents from the program templates, signs them as the workflow moves (each party's
/// signature on `sign`, the platform seal on completion), and answers what is on record for a presented PDF.</summary>
public sealed partial class AgreementDocuments
{
    private readonly PairingApp _app;
    private readonly TemplateLibrary _templates;
    private readonly Lazy<PdfComposer> _composer;

    public AgreementDocuments(PairingApp app, DocumentSettings settings)
    {
        _app = app;
        Settings = settings;
        _templates = new TemplateLibrary(settings.TemplatesFolder);
        _composer = new(() => new PdfComposer(settings.FontsFolder));
        Keys = new SigningKeys(settings, app.Parts.Clock);
    }

    public DocumentSettings Settings { get; }
    public SigningKeys Keys { get; }

    public static string ReferenceOf(string number, int revision) => $"{number}/r{revision}";

    /// <summary>The address in the QR code. It carries the start of the content hash, which only a holder of the
    /// document knows, so guessing agreement numbers reveals nothing.</summary>
    public string VerifyUrl(string number, int revision, string contentHash) =>
        $"{Settings.PublicUrl}/verify/{Uri.EscapeDataString(number)}/{revision}?h={KeyOf(contentHash)}";

    public static string KeyOf(string contentHash) => contentHash[..Math.Min(16, contentHash.Length)];

    /// <summary>The agreement as a document model: its program's template, then (for a frozen revision) the signing record.</summary>
    internal async Task<DocumentModel> ModelAsync(DbContext db, Agreement a, WorkflowDefinition definition, AgreementRevision? revision,
        IReadOnlyList<JournalEntry> journal, CancellationToken ct)
    {
        var ids = a.Parties.Select(p => p.InstitutionId).ToList();
        var institutions = await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var counties = await db.Set<County>().AsNoTracking().Where(c => c.CityCode == a.CityCode).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var city = await db.Set<City>().AsNoTracking().FirstAsync(c => c.Code == a.CityCode, ct);
        var reference = revision is null ? $"{a.Number}/draft" : ReferenceOf(a.Number, revision.Number);
        var url = revision is null ? "" : VerifyUrl(a.Number, revision.Number, revision.ContentHash);
        var data = AgreementTemplateData.Build(new(a, institutions, counties, city.Name, definition, revision, reference, url));
        var template = _templates.Resolve($"agreements/{a.Program}.{a.CityCode}.hbs", $"agreements/{a.Program}.hbs");
        var (title, blocks) = _templates.Render(template, data);
        if (revision is not null)
            blocks = [.. blocks, .. SigningRecordPage.Blocks(journal, definition, a.Number, revision.Number, revision.ContentHash, url)];
        var names = string.Join("、", a.Parties.OrderBy(p => p.InstitutionCode, StringComparer.Ordinal).Select(p => institutions.First(i => i.Id == p.InstitutionId).Name));
        var info = new DocumentInfo(names, $"{city.Name}{ProgramCatalog.Title(a.Program)}协议", $"结对帮扶,{ProgramCatalog.Title(a.Program)},{a.Number}",
            revision?.FrozenAt ?? _app.UtcNow, reference);
        return new DocumentModel(title, blocks, info);
    }

    /// <summary>Renders the frozen revision inside the approving step. A template or font problem refuses the approval
    /// with a message that names it, so no agreement enters signing without its document.</summary>
    internal async Task RenderRevisionAsync(DbContext db, WorkflowInstance instance, WorkflowDefinition definition, Agreement a,
        AgreementRevision revision, CancellationToken ct)
    {
        var journal = await JournalOfAsync(db, instance.Id, ct);
        byte[] pdf;
        try
        {
            pdf = _composer.Value.Compose(await ModelAsync(db, a, definition, revision, journal, ct));
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
            Reference = ReferenceOf(a.Number, revision.Number),
            UnsignedSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
            UnsignedLength = pdf.Length,
            Pdf = pdf,
            CreatedAt = revision.FrozenAt,
            UpdatedAt = revision.FrozenAt,
        });
    }

    /// <summary>Adds the signature of every party whose signing task is done but whose signature the PDF lacks, in
    /// the order they signed, each with its institution's certificate.</summary>
    internal async Task SignPendingAsync(DbContext db, WorkflowInstance instance, Agreement a, DateTime now, CancellationToken ct)
    {
        var document = await LatestAsync(db, a.Id, ct);
        if (document is null || document.Sealed) return;
        // Tracked tasks carry this step's changes, so the task just closed counts as done.
        var tasks = await db.Set<WorkflowTask>().Where(t => t.InstanceId == instance.Id && t.SignoffAction != null).ToListAsync(ct);
        var done = tasks.Where(t => t.Status == TaskStatus.Done && t.CreatedAt >= document.CreatedAt).OrderBy(t => t.ClosedAt).ThenBy(t => t.Scope, StringComparer.Ordinal);
        var pdf = document.Pdf;
        var signed = document.SignedBy.ToList();
        foreach (var task in done)
        {
            var party = a.Parties.FirstOrDefault(p => Scope.Institution(p.InstitutionCode) == task.Scope);
            if (party is null || signed.Contains(party.InstitutionCode)) continue;
            var institution = await db.Set<Institution>().AsNoTracking().FirstAsync(i => i.Id == party.InstitutionId, ct);
            var certificate = Keys.Institution(institution.Code, institution.Name);
            pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(certificate, party.Signatory ?? institution.Name,
                $"{institution.Name}签署协议 {a.Number}", ChineseDates.Offset(task.ClosedAt ?? now)));
            signed.Add(party.InstitutionCode);
        }
        if (signed.Count == document.SignedBy.Count) return;
        document.Pdf = pdf;
        document.SignedBy = signed;
        document.UpdatedAt = now;
    }

    /// <summary>The platform's seal over the fully signed document: the last signature, covering every byte.</summary>
    internal async Task SealAsync(DbContext db, Agreement a, DateTime now, CancellationToken ct)
    {
        var document = await LatestAsync(db, a.Id, ct);
        if (document is null || document.Sealed) return;
        document.Pdf = IncrementalSigner.Sign(document.Pdf, new SignatureRequest(Keys.Platform(), "Pairing 结对帮扶平台",
            $"各方签署完成，平台封存协议 {a.Number}", ChineseDates.Offset(now)));
        document.Sealed = true;
        document.UpdatedAt = now;
    }

    /// <summary>The agreement's document for someone allowed to see it: the stored (signed) PDF of a revision, a
    /// preview of the current draft when nothing is frozen yet, or a Word export of either.</summary>
    public async Task<DocumentFile> ExportAsync(string userName, string number, string format = "pdf", int? revision = null, CancellationToken ct = default)
    {
        if (format is not ("pdf" or "docx"))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"格式 {format} 不支持（可选：pdf、docx）", "format");
        await using var db = _app.Db();
        var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        var revisions = db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id);
        var frozen = revision is int n
            ? await revisions.FirstOrDefaultAsync(r => r.Number == n, ct) ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} 没有第 {n} 版", "revision")
            : await revisions.OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        var stored = frozen is null ? null
            : await db.AgreementDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.AgreementId == agreement.Id && d.Revision == frozen.Number, ct);
        var name = frozen is null ? $"{number}-草稿" : $"{number}-第{frozen.Number}版";
        if (format == "pdf" && stored is not null) return new DocumentFile(stored.Pdf, $"{name}.pdf", "application/pdf");

        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        var definition = await _app.Definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, ct);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance.Id && (frozen == null || e.At <= frozen.FrozenAt))
            .OrderBy(e => e.Seq).ToListAsync(ct);
        DocumentModel model;
        try
        {
            model = await ModelAsync(db, agreement, definition, frozen, journal, ct);
            return format == "docx"
                ? new DocumentFile(DocxComposer.Compose(model), $"{name}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                : new DocumentFile(_composer.Value.Compose(model), $"{name}.pdf", "application/pdf");
        }
        catch (Exception ex) when (ex is TemplateException or MissingGlyphsException)
        {
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"无法生成协议文件：{ex.Message}", "document");
        }
    }

    /// <summary>Checks a presented PDF's signatures and compares it with the record.</summary>
    public async Task<DocumentCheck> CheckAsync(string name, byte[] pdf, CancellationToken ct = default) =>
        new(new VerificationReport(name, pdf.Length, PdfSignatureVerifier.Verify(pdf)), await MatchAsync(pdf, ct));

    /// <summary>Finds the revision a PDF claims to be (by the reference in its information dictionary) and compares
    /// its unsigned prefix with the rendering on record.</summary>
    public async Task<RecordMatch?> MatchAsync(byte[] pdf, CancellationToken ct = default)
    {
        var found = ReferenceInPdf().Match(Encoding.Latin1.GetString(pdf));
        if (!found.Success) return null;
        var reference = found.Groups[1].Value;
        await using var db = _app.Db();
        var document = await db.AgreementDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Reference == reference, ct);
        if (document is null) return new RecordMatch(reference, false, null, null, false, false, 0, null);
        var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Id == document.AgreementId, ct);
        var latest = await db.AgreementRevisions.Where(r => r.AgreementId == agreement.Id).MaxAsync(r => r.Number, ct);
        var matches = pdf.LongLength >= document.UnsignedLength
            && Convert.ToHexStringLower(SHA256.HashData(pdf.AsSpan(0, (int)document.UnsignedLength))) == document.UnsignedSha256;
        return new RecordMatch(reference, true, agreement.Number, document.Revision, matches, latest == document.Revision,
            document.SignedBy.Count + (document.Sealed ? 1 : 0), agreement.Title);
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
        if (!string.Equals(KeyOf(revision.ContentHash), key, StringComparison.OrdinalIgnoreCase)) return null;
        var latest = await db.AgreementRevisions.Where(r => r.AgreementId == agreement.Id).MaxAsync(r => r.Number, ct);
        return new ReferenceStatus(reference, agreement.Number, agreement.Title, document.Revision, latest == document.Revision,
            document.SignedBy.Count + (document.Sealed ? 1 : 0), document.Sealed, revision.ContentHash);
    }

    internal static async Task<AgreementDocument?> LatestAsync(DbContext db, Guid agreementId, CancellationToken ct)
    {
        var local = db.ChangeTracker.Entries<AgreementDocument>().Select(e => e.Entity).Where(d => d.AgreementId == agreementId)
            .OrderByDescending(d => d.Revision).FirstOrDefault();
        return local ?? await db.Set<AgreementDocument>().Where(d => d.AgreementId == agreementId).OrderByDescending(d => d.Revision).FirstOrDefaultAsync(ct);
    }

    /// <summary>The instance's journal including entries this step has added but not yet saved.</summary>
    private static async Task<List<JournalEntry>> JournalOfAsync(DbContext db, Guid instanceId, CancellationToken ct)
    {
        var saved = await db.Set<JournalEntry>().AsNoTracking().Where(e => e.InstanceId == instanceId).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<JournalEntry>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == instanceId).Select(e => e.Entity);
        return saved.Concat(added).OrderBy(e => e.Seq).ToList();
    }

    [GeneratedRegex(@"/PairingReference\s*\(([^)]*)\)")]
    private static partial Regex ReferenceInPdf();
}
