using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Documents.Fonts;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Documents.Templates;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Documents;

public sealed record DocumentFile(byte[] Bytes, string FileName, string ContentType);

/// <summary>Agreement documents: the model an agreement renders to (its program's template, the signing record for a
/// frozen revision, the 草稿 watermark for a draft), the rendering frozen at approval, and the signatures — each
/// party's visible signature, the platform seal, the signing certificate — computed on bytes, so that signing is
/// prepared outside the step that records it.</summary>
public sealed class AgreementDocuments
{
    public const string PlatformName = "Pairing 结对帮扶平台";
    private readonly TemplateLibrary _templates;
    private readonly Lazy<PdfComposer> _composer;
    private readonly Lazy<GlyphOutlines> _stampFont;
    private readonly IReadOnlyDictionary<string, ICalendarRule> _calendars;
    private readonly TimeProvider _clock;

    public AgreementDocuments(DocumentSettings settings, SigningKeys keys, IEnumerable<ICalendarRule> calendars, TimeProvider clock)
    {
        Settings = settings;
        Keys = keys;
        _clock = clock;
        _calendars = calendars.ToDictionary(c => c.Name);
        _templates = new TemplateLibrary(settings.TemplatesFolder);
        _composer = new(() => new PdfComposer(settings.FontsFolder));
        _stampFont = new(() => GlyphOutlines.Load(Path.Combine(settings.FontsFolder, FontFaces.FileOf(FontFaces.Sans))));
    }

    public DocumentSettings Settings { get; }
    public SigningKeys Keys { get; }
    public PdfComposer Composer => _composer.Value;

    public static string ReferenceOf(string number, int revision) => $"{number}/r{revision}";

    public static string CertificateReferenceOf(string number, int revision) => $"{number}/r{revision}/cert";

    /// <summary>The address in the QR code. It carries the start of the content hash, which only a holder of the
    /// document knows, so guessing agreement numbers reveals nothing.</summary>
    public string VerifyUrl(string number, int revision, string contentHash) =>
        $"{Settings.PublicUrl}/verify/{Uri.EscapeDataString(number)}/{revision}?h={KeyOf(contentHash)}";

    public static string KeyOf(string contentHash) => contentHash[..Math.Min(16, contentHash.Length)];

    /// <summary>The agreement as a document model: its program's template, then (for a frozen revision) the signing
    /// record; a draft (no revision yet) carries the 草稿 watermark.</summary>
    public async Task<DocumentModel> ModelAsync(DbContext db, Agreement a, WorkflowDefinition definition, AgreementRevision? revision,
        IReadOnlyList<JournalEntry> journal, CancellationToken ct)
    {
        var ids = a.Parties.Select(p => p.InstitutionId).ToList();
        var institutions = await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var counties = await db.Set<County>().AsNoTracking().Where(c => c.CityCode == a.CityCode).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var city = await db.Set<City>().AsNoTracking().FirstAsync(c => c.Code == a.CityCode, ct);
        var reference = revision is null ? $"{a.Number}/draft" : ReferenceOf(a.Number, revision.Number);
        var url = revision is null ? "" : VerifyUrl(a.Number, revision.Number, revision.ContentHash);
        var schedule = ChildSchedule.Of(definition, _calendars.GetValueOrDefault, a.TermStart, a.TermEnd);
        var data = AgreementTemplateData.Build(new(a, institutions, counties, city.Name, definition, revision, reference, url, schedule));
        // A program without a template of its own (a new structure) uses the general agreement.
        var template = _templates.Resolve($"agreements/{a.Program}.{a.CityCode}.hbs", $"agreements/{a.Program}.hbs", "agreements/default.hbs");
        var (title, blocks) = _templates.Render(template, data);
        if (revision is not null)
            blocks = [.. blocks, .. SigningRecordPage.Blocks(journal, definition, a.Number, revision.Number, revision.ContentHash, url)];
        var names = string.Join("、", a.Parties.OrderBy(p => p.InstitutionCode, StringComparer.Ordinal).Select(p => institutions.First(i => i.Id == p.InstitutionId).Name));
        var program = ProgramInfo.Of(definition)?.Title ?? a.Program;
        var info = new DocumentInfo(names, $"{city.Name}{program}协议", $"结对帮扶,{program},{a.Number}",
            revision?.FrozenAt ?? _clock.GetUtcNow().UtcDateTime, reference, revision is null ? "草稿" : null);
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
            throw new PairingException(ErrorKind.Invalid, $"无法生成协议文件：{ex.Message}", "document");
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

    /// <summary>A party's signature on the document's bytes: its institution's certificate and a visible stamp in its
    /// own field naming the person who signed.</summary>
    public (byte[] Pdf, SignatureRecord Record) SignAsParty(byte[] pdf, AgreementDocument document, string number, Institution institution,
        string account, string signatory, DateTime at)
    {
        var certificate = Keys.Institution(institution.Code, institution.Name);
        var when = ChineseDates.Offset(at);
        var field = document.Slots.FirstOrDefault(s => s.Party == institution.Code) is { } slot
            ? new SignatureField(slot.Page, slot.Left, slot.Bottom, slot.Width, slot.Height,
                SignatureAppearance.Build(new StampText(institution.Name, signatory, when), slot.Width, slot.Height, _stampFont.Value))
            : null;
        var signed = IncrementalSigner.Sign(pdf, new SignatureRequest(certificate, signatory, $"{institution.Name}签署协议 {number}", when) { Field = field });
        return (signed, RecordOf(institution.Code, account, signatory, certificate, at, signed.Length));
    }

    /// <summary>The platform's seal: the last signature, covering every byte.</summary>
    public (byte[] Pdf, SignatureRecord Record) Seal(byte[] pdf, string number, DateTime at)
    {
        var platform = Keys.Platform();
        var sealedPdf = IncrementalSigner.Sign(pdf, new SignatureRequest(platform, PlatformName, $"各方签署完成，平台封存协议 {number}", ChineseDates.Offset(at)));
        return (sealedPdf, RecordOf(SignatureRecord.Platform, "system", PlatformName, platform, at, sealedPdf.Length));
    }

    /// <summary>The signing certificate for a sealed agreement: a separate PDF listing every signature, sealed by the
    /// platform too. Issuing it separately leaves the agreement exactly as the parties and the platform signed it.</summary>
    public AgreementDocument Certificate(Agreement a, string programTitle, AgreementRevision revision, AgreementDocument sealedDocument, IReadOnlyList<Institution> institutions, DateTime at)
    {
        var model = SigningCertificate.Model(a, programTitle, revision, sealedDocument, institutions,
            CertificateReferenceOf(a.Number, revision.Number), VerifyUrl(a.Number, revision.Number, revision.ContentHash), at);
        var unsigned = _composer.Value.Compose(model);
        var platform = Keys.Platform();
        var pdf = IncrementalSigner.Sign(unsigned, new SignatureRequest(platform, PlatformName, $"签发协议 {a.Number} 第 {revision.Number} 版签署证书",
            ChineseDates.Offset(at)));
        return new AgreementDocument
        {
            Id = Guid.NewGuid(),
            AgreementId = a.Id,
            Revision = revision.Number,
            Kind = DocumentKind.Certificate,
            Reference = CertificateReferenceOf(a.Number, revision.Number),
            UnsignedSha256 = Convert.ToHexStringLower(SHA256.HashData(unsigned)),
            UnsignedLength = unsigned.Length,
            Pdf = pdf,
            Signatures = [RecordOf(SignatureRecord.Platform, "system", PlatformName, platform, at, pdf.Length)],
            Sealed = true,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }

    private static SignatureRecord RecordOf(string signer, string account, string name, X509Certificate2 certificate, DateTime at, long length) =>
        new(signer, account, name, Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), certificate.Subject, at, length);

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
