using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Documents.Signing;
using Pairing.Domain.Agreements;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>An attacker with a self-made certificate, a PDF editor and a copy of a genuine agreement, against the one
/// verifier the command line, the page and the API share. Each attack file is built here from the real agreement.</summary>
public sealed class VerificationAttackTests : IAsyncLifetime
{
    private ProgramWorld _w = null!;
    private string _number = "";
    private byte[] _final = [];
    private IReadOnlyList<SignatureCheck> _signatures = [];

    public async Task InitializeAsync()
    {
        _w = await ProgramWorld.CreateAsync(TestDatabase.Sqlite);
        var draft = await _w.App.Send(new DraftAgreement.Command("c2", new AgreementDraft(Programs.CountyTrusteeship, "清远市第一中学托管帮扶英德市浛洸中学协议",
            new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31), [new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C2", "supported")], "提高教学质量")));
        _number = draft.Number;
        await _w.ActAsync("c2", _number, "submit");
        await _w.CountiesApproveAsync(_number);
        await _w.ActAsync("qy", _number, "approve");
        await _w.ActAsync("c2.sign", _number, "sign");
        await _w.ActAsync("g1.sign", _number, "sign");
        _final = (await _w.App.Send(new ExportAgreementDocument.Query("c2", _number))).Bytes;
        _signatures = PdfSignatureVerifier.Verify(_final);
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private Task<Verification> VerifyAsync(byte[] pdf) => _w.App.Send(new VerifyDocument.Query(pdf));

    private byte[] Stage(int signatures) => _final[..(int)_signatures[signatures - 1].RevisionLength];

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Pairing, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static byte[] Sign(byte[] pdf, X509Certificate2 certificate, string name, SignatureField? field = null) =>
        IncrementalSigner.Sign(pdf, new SignatureRequest(certificate, name, "签署", DateTimeOffset.Now) { Field = field });

    [Fact]
    public async Task The_genuine_agreement_is_authentic_and_final_and_names_its_signers()
    {
        var result = await VerifyAsync(_final);
        Assert.Equal(VerdictKind.Final, result.Kind);
        Assert.Equal($"真实有效且为最终版本：协议 {_number}《清远市第一中学托管帮扶英德市浛洸中学协议》第 1 版", result.Verdict);
        Assert.Equal(["英德市浛洸中学", "清远市第一中学", "Pairing 结对帮扶平台"], result.Signatures.Select(s => s.Party ?? "").ToArray());
        Assert.Empty(result.Record!.Missing);
    }

    [Fact]
    public async Task Text_drawn_over_a_page_after_signing_and_re_signed_as_the_platform_is_refused()
    {
        // The overlay is an annotation whose appearance covers part of page 1, signed with a self-made certificate
        // that carries the platform's name.
        var font = Pairing.Documents.Fonts.GlyphOutlines.Load(Path.Combine(RepoPaths.Root, "templates", "fonts", "NotoSansSC-Regular.ttf"));
        var overlay = new SignatureField(0, 80, 500, 300, 120,
            SignatureAppearance.Build(new StampText("本协议已作废", "伪造者", DateTimeOffset.Now), 300, 120, font));
        var forged = Sign(_final, SelfSigned(AgreementDocuments.PlatformName), AgreementDocuments.PlatformName, overlay);
        // pdfsig calls every signature mathematically valid…
        Assert.All(PdfSignatureVerifier.Verify(forged), s => Assert.True(s.Valid));

        // …but the last is not from a trusted root, and nothing after the platform's seal is on record.
        var result = await VerifyAsync(forged);
        Assert.Equal(VerdictKind.Invalid, result.Kind);
        Assert.Contains("第 4 个签名（Pairing 结对帮扶平台）不可信：证书不是由受信任的根证书签发", result.Verdict);
        Assert.False(result.Signatures[3].Trusted);
        Assert.True(result.Signatures[0].Trusted);
    }

    [Fact]
    public async Task A_copy_re_signed_by_a_self_made_bureau_certificate_is_refused()
    {
        var result = await VerifyAsync(Sign(_final, SelfSigned("清远市教育局"), "清远市教育局"));
        Assert.Equal(VerdictKind.Invalid, result.Kind);
        Assert.Contains("清远市教育局", result.Verdict);
        Assert.Contains("不可信", result.Verdict);
    }

    [Fact]
    public async Task A_seal_from_a_look_alike_ca_named_like_the_product_s_own_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("pairing-lookalike").FullName;
        try
        {
            var lookAlike = LocalCertificateAuthority.LoadOrCreate(folder, "x");
            Assert.Equal(_w.App.Get<SigningKeys>().Authority.Certificate.Subject, lookAlike.Certificate.Subject);
            var platform = lookAlike.CertificateFor("platform", AgreementDocuments.PlatformName, "Pairing");
            var result = await VerifyAsync(Sign(Stage(2), platform, AgreementDocuments.PlatformName));
            Assert.Equal(VerdictKind.Invalid, result.Kind);
            Assert.Contains("第 3 个签名（Pairing 结对帮扶平台）不可信", result.Verdict);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_copy_with_its_seal_or_its_last_two_signatures_cut_off_is_incomplete_and_names_who_is_missing()
    {
        var withoutSeal = await VerifyAsync(Stage(2));
        Assert.Equal(VerdictKind.Incomplete, withoutSeal.Kind);
        Assert.StartsWith("签名有效但不是最终版本", withoutSeal.Verdict);
        Assert.Equal(["平台封存"], withoutSeal.Record!.Missing);
        Assert.Contains("系统存档中已有更新的文件", withoutSeal.Reason);

        var firstOnly = await VerifyAsync(Stage(1));
        Assert.Equal(VerdictKind.Incomplete, firstOnly.Kind);
        Assert.Equal(["清远市第一中学", "平台封存"], firstOnly.Record!.Missing);
        Assert.Contains("缺少清远市第一中学、平台封存", firstOnly.Reason);
    }

    [Fact]
    public async Task Anything_appended_after_the_seal_is_a_change()
    {
        var appended = await VerifyAsync([.. _final, .. "\n% appended\n"u8.ToArray()]);
        Assert.Equal(VerdictKind.Invalid, appended.Kind);
        Assert.Contains("Pairing 结对帮扶平台签署之后被修改或追加了内容", appended.Reason);
    }

    [Fact]
    public async Task A_trusted_certificate_of_a_party_that_did_not_sign_there_is_not_the_recorded_signature()
    {
        // A genuine certificate from the platform's own CA, but of a school that is no party: it chains, yet the
        // record has a different signer at that position.
        var stranger = _w.App.Get<SigningKeys>().Institution("C1", "连州市第二中学");
        var result = await VerifyAsync(Sign(Stage(1), stranger, "连州市第二中学"));
        Assert.Equal(VerdictKind.Invalid, result.Kind);
        Assert.True(result.Signatures[1].Trusted);
        Assert.Contains("英德市浛洸中学签署之后被修改或追加了内容，之后的签名不是系统记录的签名", result.Reason);
    }

    [Fact]
    public async Task A_file_that_only_names_a_reference_learns_nothing_about_the_record()
    {
        static byte[] Naming(string reference) => Encoding.Latin1.GetBytes(
            $"%PDF-1.4\n1 0 obj\n<</PairingReference ({reference})>>\nendobj\ntrailer\n<</Root 1 0 R/Info 1 0 R>>\n%%EOF\n");
        var existing = await VerifyAsync(Naming($"{_number}/r1"));
        var missing = await VerifyAsync(Naming("441800-TG-2099-999/r1"));
        Assert.Null(existing.Record);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(missing), System.Text.Json.JsonSerializer.Serialize(existing));
        Assert.DoesNotContain("托管帮扶", existing.Verdict + existing.Reason);
    }

    [Fact]
    public async Task A_record_whose_signature_list_was_edited_in_the_database_no_longer_vouches_for_the_file()
    {
        await using (var db = _w.App.Db())
        {
            var document = await db.AgreementDocuments.SingleAsync(d => d.Kind == DocumentKind.Agreement);
            document.Signatures = [document.Signatures[0] with { CertificateSha256 = new string('0', 64) }, .. document.Signatures.Skip(1)];
            await db.SaveChangesAsync();
        }
        var result = await VerifyAsync(_final);
        Assert.Equal(VerdictKind.Invalid, result.Kind);
        Assert.Contains("第 1 个签名的证书与存档记录不符", result.Reason);
    }

    [Fact]
    public async Task Crafted_files_get_a_verdict_never_an_exception()
    {
        var prefix = _final[..2000];
        foreach (var crafted in new[]
                 {
                     prefix,
                     Encoding.Latin1.GetBytes("%PDF-1.7\n/ByteRange [0 99999999999999999999 1 2] /Contents <00>\n%%EOF"),
                     Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj <</Type/Sig/ByteRange[0 10 20 30]/Contents<3082FFFFFFFF>>> endobj\n%%EOF\n"),
                     [.. _final[..(int)_signatures[0].RevisionLength], .. _final[..500]],
                 })
        {
            var result = await VerifyAsync(crafted);
            Assert.NotEqual(VerdictKind.Final, result.Kind);
            Assert.StartsWith(result.Kind == VerdictKind.Invalid ? "无效" : "签名有效但不是最终版本", result.Verdict);
        }
    }

    [Fact]
    public async Task Pdfsig_with_the_published_ca_trusted_trusts_every_signature_of_the_agreement()
    {
        var folder = Directory.CreateTempSubdirectory("pairing-nss").FullName;
        try
        {
            var ca = Path.Combine(folder, "pairing-ca.pem");
            await File.WriteAllTextAsync(ca, _w.App.Get<SigningKeys>().Authority.ExportPem());
            var nss = Path.Combine(folder, "nss");
            Directory.CreateDirectory(nss);
            Poppler.Run("certutil", "-N", "-d", $"sql:{nss}", "--empty-password");
            Poppler.Run("certutil", "-A", "-d", $"sql:{nss}", "-n", "Pairing CA", "-t", "CT,C,C", "-i", ca);
            var file = Path.Combine(folder, "agreement.pdf");
            await File.WriteAllBytesAsync(file, _final);
            var info = new ProcessStartInfo("pdfsig", ["-nssdir", $"sql:{nss}", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var report = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(report, "Certificate is Trusted").Count);
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(report, "Signature is Valid").Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
