using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Documents.Signing;
using Pairing.Domain.Agreements;

namespace Pairing.Application.Documents;

/// <summary>真实有效且为最终版本 / 签名有效但不是最终版本 / 无效.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictKind>))]
public enum VerdictKind
{
    [JsonStringEnumMemberName("final")] Final,
    [JsonStringEnumMemberName("incomplete")] Incomplete,
    [JsonStringEnumMemberName("invalid")] Invalid,
}

/// <summary>One signature as judged: valid mathematics, a certificate chaining to a configured trust anchor at signing
/// time, and (when the file is on record) the party the record says signed at that position.</summary>
public sealed record SignatureFinding(int Index, string Signer, string? Party, DateTimeOffset? SignedAt, bool Valid, bool Trusted,
    bool CoversWholeDocument, string? Problem);

/// <summary>What the record says about the file: shown only when the uploaded bytes are a document on record or a
/// prefix of one, so a crafted file learns nothing about which agreements exist.</summary>
public sealed record RecordFacts(string Number, string Title, int Revision, string Kind, bool CurrentRevision, string ContentHash,
    IReadOnlyList<string> SignedBy, IReadOnlyList<string> Missing, bool SigningComplete);

/// <summary>The one verdict given by the command line, the /verify page and the API.</summary>
public sealed record Verification(VerdictKind Kind, string Verdict, string Reason, IReadOnlyList<SignatureFinding> Signatures, RecordFacts? Record)
{
    public bool Authentic => Kind == VerdictKind.Final;
}

/// <summary>Decides whether a PDF someone holds is an agreement (or signing certificate) as the system signed and keeps
/// it. Mathematics alone proves nothing against someone who re-signs with a certificate of their own, so: every
/// signature must chain to a configured trust anchor; the file must be byte for byte the record's document, or a
/// prefix of it that ends exactly at one of its signatures; the signers must be the revision's parties in the
/// recorded order, then the platform; anything else is a change. See README "How verification decides".</summary>
public sealed class DocumentVerifier(PairingDatabase database, SigningKeys keys)
{
    public const string FinalVerdict = "真实有效且为最终版本";
    public const string IncompleteVerdict = "签名有效但不是最终版本";

    public async Task<Verification> VerifyAsync(byte[] pdf, CancellationToken ct = default)
    {
        var checks = PdfSignatureVerifier.Verify(pdf);
        var anchors = keys.TrustAnchors();
        var trust = checks.Select(anchors.Evaluate).ToList();
        var found = await FindAsync(pdf, ct);
        if (found is null) return WithoutRecord(checks, trust);
        return await WithRecordAsync(pdf, checks, trust, found, ct);
    }

    /// <summary>Nothing about the record is said: only what the file itself shows.</summary>
    private static Verification WithoutRecord(IReadOnlyList<SignatureCheck> checks, IReadOnlyList<TrustVerdict> trust)
    {
        var findings = Findings(checks, trust, null);
        var reason = checks.Count == 0 ? "文件中没有数字签名"
            : FirstProblem(checks, trust) is { } problem ? problem
            : !checks[^1].CoversWholeDocument ? "最后一个签名之后文件又被修改或追加了内容"
            : "签名在技术上有效，但这份文件不是本系统签署存档的协议文件（内容、签名或签名顺序与存档不一致）";
        return new Verification(VerdictKind.Invalid, $"无效：{reason}", reason, findings, null);
    }

    private async Task<Verification> WithRecordAsync(byte[] pdf, IReadOnlyList<SignatureCheck> checks, IReadOnlyList<TrustVerdict> trust,
        AgreementDocument document, CancellationToken ct)
    {
        await using var db = database.Create();
        var agreement = await db.Agreements.AsNoTracking().FirstAsync(a => a.Id == document.AgreementId, ct);
        var revision = await db.AgreementRevisions.AsNoTracking().FirstAsync(r => r.AgreementId == agreement.Id && r.Number == document.Revision, ct);
        var latest = await db.AgreementRevisions.Where(r => r.AgreementId == agreement.Id).MaxAsync(r => r.Number, ct);
        var parties = PartiesOf(revision.ContentJson);
        string NameOf(string signer) => signer == SignatureRecord.Platform ? AgreementDocuments.PlatformName : parties.GetValueOrDefault(signer, signer);

        // Stage k of the record: its file right after the k-th signature (stage 0: the unsigned rendering).
        var stored = PdfSignatureVerifier.Verify(document.Pdf);
        var stages = new List<long> { document.UnsignedLength };
        stages.AddRange(stored.Select(s => s.RevisionLength));
        var matched = 0;
        for (var k = stages.Count - 1; k >= 0; k--)
            if (stages[k] <= pdf.LongLength && pdf.AsSpan(0, (int)stages[k]).SequenceEqual(document.Pdf.AsSpan(0, (int)stages[k]))) { matched = k; break; }
        var exact = stages[matched] == pdf.LongLength;

        var expected = document.Kind == DocumentKind.Certificate ? [] : parties.Keys.ToList();
        var recorded = document.Signatures.Select(s => s.Signer).ToList();
        var signedInFile = recorded.Take(matched).ToList();
        var missing = expected.Where(p => !signedInFile.Contains(p)).Select(NameOf).ToList();
        if (!signedInFile.Contains(SignatureRecord.Platform)) missing.Add("平台封存");
        var facts = new RecordFacts(agreement.Number, agreement.Title, document.Revision, document.Kind, latest == document.Revision,
            revision.ContentHash, signedInFile.Select(NameOf).ToList(), missing, document.Sealed);
        var findings = Findings(checks, trust, n => n <= recorded.Count ? NameOf(recorded[n - 1]) : null);
        var subject = document.Kind == DocumentKind.Certificate
            ? $"协议 {agreement.Number}《{agreement.Title}》第 {document.Revision} 版的签署证书"
            : $"协议 {agreement.Number}《{agreement.Title}》第 {document.Revision} 版";

        Verification Invalid(string reason) => new(VerdictKind.Invalid, $"无效：{reason}", reason, findings, facts);
        if (FirstProblem(checks, trust) is { } problem) return Invalid(problem);
        if (!exact)
            return Invalid(matched == 0
                ? $"文件以{subject}为基础，但内容在签署前后被改动，或加入了不是系统记录的签名"
                : $"文件在{NameOf(recorded[matched - 1])}签署之后被修改或追加了内容，之后的签名不是系统记录的签名（{subject}）");
        if (RecordProblem(document, stored, checks, expected, matched) is { } inconsistent) return Invalid(inconsistent);

        var superseded = latest == document.Revision ? "" : $"（该版本已被第 {latest} 版取代）";
        if (matched == stages.Count - 1 && document.Sealed)
            return new Verification(VerdictKind.Final, $"{FinalVerdict}：{subject}{superseded}",
                $"{string.Join("、", facts.SignedBy)}的签名均有效，平台封存签名覆盖全文", findings, facts);
        var state = matched < stages.Count - 1
            ? $"系统存档中已有更新的文件（已有 {recorded.Count} 个签名{(document.Sealed ? "并已封存" : "")}），请向签署方索取最终版本"
            : "签署尚在进行中";
        var reason = matched == 0
            ? $"这是{subject}定稿后尚未签名的文件，缺少{string.Join("、", missing)}；{state}"
            : $"缺少{string.Join("、", missing)}；{state}";
        return new Verification(VerdictKind.Incomplete, $"{IncompleteVerdict}：{subject}{superseded}", reason, findings, facts);
    }

    /// <summary>The record must agree with itself: each signature of the stored file made with the certificate the
    /// record names, by a party of the revision, each party once, and the platform last.</summary>
    private static string? RecordProblem(AgreementDocument document, IReadOnlyList<SignatureCheck> stored, IReadOnlyList<SignatureCheck> file,
        IReadOnlyList<string> parties, int matched)
    {
        if (document.Signatures.Count == 0 && stored.Count > 0) return null; // documents signed before signatures were recorded
        if (document.Signatures.Count != stored.Count) return "存档记录的签名数与存档文件不一致：记录被改动";
        for (var i = 0; i < matched; i++)
        {
            var record = document.Signatures[i];
            var certificate = file[i].Certificate;
            if (certificate is null || Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)) != record.CertificateSha256)
                return $"第 {i + 1} 个签名的证书与存档记录不符";
            var isPlatform = record.Signer == SignatureRecord.Platform;
            if (isPlatform && i != document.Signatures.Count - 1) return "平台封存签名不是最后一个签名";
            if (!isPlatform && !parties.Contains(record.Signer)) return $"第 {i + 1} 个签名的签署方 {record.Signer} 不是该版本协议的当事方";
            if (!isPlatform && document.Signatures.Take(i).Any(s => s.Signer == record.Signer)) return $"{record.Signer} 签署了两次";
        }
        return null;
    }

    private static string? FirstProblem(IReadOnlyList<SignatureCheck> checks, IReadOnlyList<TrustVerdict> trust)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            if (!checks[i].Valid) return $"第 {i + 1} 个签名无效：{checks[i].Problem ?? "签名后内容被修改"}";
            if (!trust[i].Trusted) return $"第 {i + 1} 个签名（{checks[i].Signer}）不可信：{trust[i].Reason}";
        }
        return null;
    }

    private static List<SignatureFinding> Findings(IReadOnlyList<SignatureCheck> checks, IReadOnlyList<TrustVerdict> trust, Func<int, string?>? party) =>
        checks.Select((c, i) => new SignatureFinding(c.Index, c.Signer, party?.Invoke(c.Index), c.SignedAt, c.Valid, trust[i].Trusted,
            c.CoversWholeDocument, c.Problem ?? (trust[i].Trusted ? null : trust[i].Reason))).ToList();

    /// <summary>The document whose unsigned rendering the file starts with. PDFsharp writes one cross-reference
    /// section, so the rendering ends at the first %%EOF; the reference the file names is not trusted for this.</summary>
    private async Task<AgreementDocument?> FindAsync(byte[] pdf, CancellationToken ct)
    {
        var marker = Encoding.ASCII.GetBytes("%%EOF");
        var at = pdf.AsSpan().IndexOf(marker);
        if (at < 0) return null;
        var end = at + marker.Length;
        var candidates = new List<(long Length, string Hash)>();
        foreach (var length in new[] { end, end + 1, end + 2 }.Where(l => l <= pdf.Length).Distinct())
            candidates.Add((length, Convert.ToHexStringLower(SHA256.HashData(pdf.AsSpan(0, length)))));
        var hashes = candidates.Select(c => c.Hash).ToList();
        await using var db = database.Create();
        var documents = await db.AgreementDocuments.AsNoTracking().Where(d => hashes.Contains(d.UnsignedSha256)).ToListAsync(ct);
        return documents.FirstOrDefault(d => candidates.Any(c => c.Hash == d.UnsignedSha256 && c.Length == d.UnsignedLength));
    }

    /// <summary>Party code → name as frozen in the revision's content.</summary>
    private static Dictionary<string, string> PartiesOf(string contentJson)
    {
        using var json = JsonDocument.Parse(contentJson);
        return json.RootElement.GetProperty("Parties").EnumerateArray()
            .ToDictionary(p => p.GetProperty("Code").GetString()!, p => p.GetProperty("Name").GetString()!);
    }
}
