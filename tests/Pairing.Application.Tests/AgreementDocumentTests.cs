using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Documents.Signing;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>The agreement document through the real workflow: rendered from its template at approval, signed by each
/// party, sealed by the platform, and recognised as the one on record.</summary>
public sealed class AgreementDocumentTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-agreement-{Guid.NewGuid():N}.pdf");

    public void Dispose() => File.Delete(_file);

    private static async Task<string> ApprovedTrusteeshipAsync(ProgramWorld w)
    {
        var draft = await w.App.Send(new DraftAgreement.Command("c2", new AgreementDraft(Programs.CountyTrusteeship, "清远市第一中学托管帮扶英德市浛洸中学协议",
            new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31), [new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C2", "supported", "c2.sign")],
            "三年内受援学校本科上线率提高10个百分点", ["教学帮扶：每学期联合开展集体备课不少于4次", "教师发展：选派骨干教师跟岗学习"],
            FundingSource: "市级财政", BudgetLine: "教育发展专项", FundingAmount: 500000m, ContactName: "王老师", ContactPhone: "0763-1234567",
            Targets: ["2024—2025学年：完成诊断并制定一校一案", "2025—2026学年：本科上线率提高5个百分点"])));
        var n = draft.Number;
        await w.ActAsync("c2", n, "submit");
        await w.CountiesApproveAsync(n);
        await w.ActAsync("qy", n, "approve");
        return n;
    }

    /// <summary>The /Name of the n-th signature dictionary: what the signature says of who signed.</summary>
    private static string SignerName(byte[] pdf, int index)
    {
        var names = Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type/Sig/.*?/Name<FEFF([0-9A-F]+)>");
        return Encoding.BigEndianUnicode.GetString(Convert.FromHexString(names[index - 1].Groups[1].Value));
    }

    private string PdfSig(byte[] pdf)
    {
        File.WriteAllBytes(_file, pdf);
        var info = new ProcessStartInfo("pdfsig", [_file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approval_renders_the_agreement_each_party_signs_it_and_the_platform_seals_it(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await ApprovedTrusteeshipAsync(w);

        // Frozen at approval: the document holds the plan, the parties and the signing record, and nobody has signed.
        var frozen = await w.App.Send(new ExportAgreementDocument.Query("c2", n));
        File.WriteAllBytes(_file, frozen.Bytes);
        var text = Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"), @"\s", "");
        foreach (var expected in new[] { "清远市第一中学托管帮扶英德市浛洸中学协议", "甲方（帮扶方）：清远市第一中学", "乙方（受援方）：英德市浛洸中学",
                     "三年内受援学校本科上线率提高10个百分点", "（一）教学帮扶", "每学期联合开展集体备课不少于4次", "2025—2026学年", "500,000.00元",
                     "2024年9月1日", "签署记录", "审核通过", "0763-1234567",
                     // The signatories printed are the accounts that alone may sign.
                     "签署人：陈志强（校长）", "签署人：周建明（校长）",
                     // Qingyuan's own plan, by its full title and number.
                     "《清远市“百县千镇万村高质量发展工程”教育提升行动实施方案（2023—2027年）》（清府办函〔2024〕15号）",
                     "本协议一式三份，各方各执一份，报清远市教育局备案一份",
                     // The deadline printed is the one the engine enforces: the end of the semester plus 15 days.
                     "2024—2025学年第一学期2025年2月15日", "2024—2025学年第二学期2025年8月15日" })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("草稿", text);
        Assert.DoesNotContain("2025年1月31日", text);
        Assert.Contains($"{n}/r1", Poppler.Run("pdfinfo", "-custom", _file));
        Assert.Empty(PdfSignatureVerifier.Verify(frozen.Bytes));
        var verdict = await w.App.Send(new VerifyDocument.Query(frozen.Bytes));
        Assert.Equal(VerdictKind.Incomplete, verdict.Kind);
        Assert.Contains("尚未签名", verdict.Reason);

        // The deputy also holds signing authority but is not the signatory named: the school cannot sign through them.
        var deputy = await ProgramWorld.Refused(() => w.ActAsync("g1.deputy", n, "sign"), ErrorKind.Refused);
        Assert.Contains("陈志强（校长）", deputy.Message);
        Assert.DoesNotContain((await w.ShowAsync(n, "g1.deputy")).Actions, a => a.Style == ActionStyle.Sign);
        Assert.Contains((await w.ShowAsync(n, "c2.sign")).Actions, a => a.Id == "sign" && a.Style == ActionStyle.Sign);

        await w.ActAsync("c2.sign", n, "sign");
        var once = await w.App.Send(new ExportAgreementDocument.Query("c2", n));
        Assert.Equal(frozen.Bytes, once.Bytes[..frozen.Bytes.Length]);
        Assert.Single(PdfSignatureVerifier.Verify(once.Bytes));

        await w.ActAsync("g1.sign", n, "sign");
        Assert.Equal("active", await w.StateAsync(n));
        var signed = await w.App.Send(new ExportAgreementDocument.Query("g1", n));
        var report = PdfSig(signed.Bytes);
        Assert.Equal(3, Regex.Matches(report, "Signature Validation: Signature is Valid").Count);
        Assert.Contains("Signer Certificate Common Name: 英德市浛洸中学", report);
        Assert.Contains("Signer Certificate Common Name: 清远市第一中学", report);
        Assert.Contains("Signer Certificate Common Name: Pairing 结对帮扶平台", report);
        Assert.Contains("Signer full Distinguished Name", report);
        Assert.Contains("ETSI.CAdES.detached", report);
        var checks = PdfSignatureVerifier.Verify(signed.Bytes);
        Assert.Equal([false, false, true], checks.Select(c => c.CoversWholeDocument).ToArray());

        // What a school downloads stays small (compact font subsets, signatures sized to fit, stamps with just their
        // glyphs), its fonts are embedded subsets, and its text is the frozen document's: the stamps add none.
        Assert.True(signed.Bytes.Length <= 150 * 1024, $"{signed.Bytes.Length} bytes");
        File.WriteAllBytes(_file, signed.Bytes);
        var fonts = Poppler.Run("pdffonts", _file).Split('\n').Skip(2).Where(l => l.Trim() != "").ToList();
        Assert.InRange(fonts.Count, 4, 8);
        Assert.All(fonts, row => Assert.Matches(@"^[A-Z]{6}\+\S.*CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", row));
        Assert.Equal(Poppler.Text(frozen.Bytes), Poppler.Text(signed.Bytes));
        Assert.Equal(["周建明（校长）", "陈志强（校长）", "Pairing 结对帮扶平台"], checks.Select(c => c.Signer == "" ? "" : SignerName(signed.Bytes, c.Index)).ToArray());

        var final = await w.App.Send(new VerifyDocument.Query(signed.Bytes));
        Assert.Equal(VerdictKind.Final, final.Kind);
        Assert.StartsWith("真实有效且为最终版本", final.Verdict);
        Assert.Equal(["英德市浛洸中学", "清远市第一中学", "Pairing 结对帮扶平台"], final.Record!.SignedBy);
        Assert.All(final.Signatures, s => Assert.True(s.Valid && s.Trusted));

        // The signing certificate names who signed when, and is itself sealed and on record.
        var certificate = await w.App.Send(new ExportAgreementDocument.Query("c2", n, "certificate"));
        File.WriteAllBytes(_file, certificate.Bytes);
        var certificateText = Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"), @"\s", "");
        foreach (var expected in new[] { "签署证书", n, "周建明（校长）（账号c2.sign）", "陈志强（校长）（账号g1.sign）", "平台封存",
                     Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(signed.Bytes)) })
            Assert.Contains(expected, certificateText);
        var certificateVerdict = await w.App.Send(new VerifyDocument.Query(certificate.Bytes));
        Assert.Equal(VerdictKind.Final, certificateVerdict.Kind);
        Assert.Contains("签署证书", certificateVerdict.Verdict);

        // One changed byte of content: pdfsig and the verifier both say no.
        var altered = signed.Bytes.ToArray();
        var at = Encoding.Latin1.GetString(altered).IndexOf("/Producer", StringComparison.Ordinal);
        altered[at + 12] ^= 0x01;
        Assert.Contains("Digest Mismatch", PdfSig(altered));
        Assert.Equal(VerdictKind.Invalid, (await w.App.Send(new VerifyDocument.Query(altered))).Kind);

        // A school that is not a party cannot fetch it; the Word export carries the same text.
        await ProgramWorld.Refused(() => w.App.Send(new ExportAgreementDocument.Query("c1", n)), ErrorKind.NotFound);
        var docx = await w.App.Send(new ExportAgreementDocument.Query("g1", n, "docx"));
        Assert.EndsWith(".docx", docx.FileName);
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx.Bytes), false);
        Assert.Contains("每学期联合开展集体备课不少于4次", word.MainDocumentPart!.Document.Body!.InnerText);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failure_while_signing_leaves_nothing_half_written_and_the_same_request_can_be_retried(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await ApprovedTrusteeshipAsync(w);
        await w.ActAsync("g1.sign", n, "sign");
        var before = await w.ShowAsync(n);
        var pdfBefore = (await w.App.Send(new ExportAgreementDocument.Query("c2", n))).Bytes;

        // The supported school's certificate file is unreadable (a broken import): its signature cannot be made.
        var pfx = Path.Combine(w.App.Get<DocumentSettings>().PkiFolder, "inst-C2.pfx");
        await File.WriteAllBytesAsync(pfx, Encoding.ASCII.GetBytes("not a certificate"));
        var failed = await ProgramWorld.Refused(() => w.ActAsync("c2.sign", n, "sign", key: "c2-signs"), ErrorKind.Unavailable);
        Assert.Contains("英德市浛洸中学", failed.Message);
        Assert.Contains("未签署", failed.Message);

        // Nothing moved: state, version, journal, the open task, the document and its signatures.
        var after = await w.ShowAsync(n);
        Assert.Equal(("signing", before.Summary.Version, before.Journal.Count), (after.Summary.State, after.Summary.Version, after.Journal.Count));
        Assert.Contains(await w.App.Send(new ListTasks.Query("c2.sign")), t => t.Number == n);
        Assert.Equal(pdfBefore, (await w.App.Send(new ExportAgreementDocument.Query("c2", n))).Bytes);
        Assert.Equal(["清远市第一中学"], after.Documents.Single().SignedBy);
        Assert.False(after.Documents.Single().HasCertificate);

        // Repaired (the file removed, so the authority issues the school a new certificate), the same request — same
        // idempotency key — signs for real rather than replaying a failure.
        File.Delete(pfx);
        var outcome = await w.ActAsync("c2.sign", n, "sign", key: "c2-signs");
        Assert.False(outcome.Repeated);
        Assert.Equal("active", await w.StateAsync(n));
        var signed = await w.App.Send(new ExportAgreementDocument.Query("c2", n));
        Assert.Equal(VerdictKind.Final, (await w.App.Send(new VerifyDocument.Query(signed.Bytes))).Kind);
    }

    [Fact]
    public async Task A_semester_report_renders_from_its_template_with_its_content_and_history()
    {
        await using var w = await ProgramWorld.CreateAsync("sqlite");
        var n = await ApprovedTrusteeshipAsync(w);
        await w.ActAsync("c2.sign", n, "sign");
        await w.ActAsync("g1.sign", n, "sign");
        await w.RunTimersAtAsync(2024, 9, 2);
        await w.ActAsync("c2", n, "submit", cycle: "2024-2025-1",
            inputs: new() { ["summary"] = "本学期联合开展集体备课6次，派驻骨干教师3名。", ["indicators"] = "期末统考平均分提高4.5分" });
        await w.ActAsync("yd", n, "accept", cycle: "2024-2025-1");

        var report = await w.App.Send(new RenderCycleDocument.Query("c2", n, "2024-2025-1"));
        File.WriteAllBytes(_file, report.Bytes);
        var text = Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"), @"\s", "");
        Assert.Contains("2024—2025学年第一学期帮扶工作报告", text);
        Assert.Contains("本学期联合开展集体备课6次，派驻骨干教师3名。", text);
        Assert.Contains("期末统考平均分提高4.5分", text);
        Assert.Contains("已通过", text);
        await ProgramWorld.Refused(() => w.App.Send(new RenderCycleDocument.Query("c1", n, "2024-2025-1")), ErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.App.Send(new RenderCycleDocument.Query("c2", n, "2030-2031-1")), ErrorKind.NotFound);
    }

    [Fact]
    public async Task The_same_agreement_and_clock_give_the_same_unsigned_pdf()
    {
        async Task<(string Hash, byte[] Pdf)> Once()
        {
            await using var w = await ProgramWorld.CreateAsync("sqlite");
            var n = await ApprovedTrusteeshipAsync(w);
            await using var db = w.App.Db();
            var document = await db.AgreementDocuments.SingleAsync();
            return (document.UnsignedSha256, (await w.App.Send(new ExportAgreementDocument.Query("c2", n))).Bytes);
        }
        var first = await Once();
        var second = await Once();
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Pdf, second.Pdf);
    }

    [Fact]
    public async Task A_broken_template_refuses_the_approval_and_names_template_line_and_field()
    {
        var templates = Directory.CreateTempSubdirectory("pairing-templates").FullName;
        try
        {
            CopyFolder(Path.Combine(RepoPaths.Root, "templates"), templates);
            var path = Path.Combine(templates, "agreements", "county-trusteeship.hbs");
            var lines = File.ReadAllLines(path).ToList();
            lines.Insert(5, "经费：{{funding.ammount}}");
            File.WriteAllLines(path, lines);

            await using var w = await ProgramWorld.CreateAsync("sqlite", templates);
            var draft = await w.DraftAsync("c2", Programs.CountyTrusteeship, "托管协议", new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C2", "supported", "c2.sign"));
            await w.App.Send(new UpdateAgreement.Command("c2", draft.Number, new AgreementChanges(Goals: "提高质量"), null));
            await w.ActAsync("c2", draft.Number, "submit");
            await w.CountiesApproveAsync(draft.Number);
            var refused = await ProgramWorld.Refused(() => w.ActAsync("qy", draft.Number, "approve"), ErrorKind.Invalid);
            Assert.Equal("document", refused.Field);
            Assert.Contains("agreements/county-trusteeship.hbs 第 6 行", refused.Message);
            Assert.Contains("ammount", refused.Message);
            // Nothing half-done: still awaiting the city's approval, no revision, no document.
            Assert.Equal("city_review", await w.StateAsync(draft.Number));
            await using var db = w.App.Db();
            Assert.Empty(db.AgreementRevisions);
            Assert.Empty(db.AgreementDocuments);
        }
        finally
        {
            Directory.Delete(templates, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            // Fonts are large: link them instead of copying.
            var target = file.Replace(from, to);
            if (file.EndsWith(".ttf", StringComparison.Ordinal)) File.CreateSymbolicLink(target, file);
            else File.Copy(file, target);
        }
    }
}
