using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Signing;
using static Pairing.Documents.Tests.SignedPdfEdits;

namespace Pairing.Documents.Tests;

/// <summary>What the verifier reports for each signature, and the CMS-level forgeries it refuses: signature data
/// re-made by an attacker over the same bytes.</summary>
public sealed class PdfSignatureVerifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-verify").FullName;
    private static readonly X509Certificate2 Forger = SigningSamples.SelfSigned("Pairing 结对帮扶平台");
    private static readonly Lazy<byte[]> Signed = new(() => SigningSamples.Sign(SigningSamples.Document(), SigningSamples.SelfSigned("甲校")));

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public void Each_signature_reports_its_certificate_chain_and_the_revision_it_covers()
    {
        var ca = LocalCertificateAuthority.LoadOrCreate(_folder, "secret");
        var school = ca.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学");
        var platform = ca.CertificateFor("platform", "Pairing 平台", "Pairing");
        var once = SigningSamples.Sign(SigningSamples.Document(), school);
        var twice = SigningSamples.Sign(once, platform, SigningSamples.SignedAt.AddHours(1));

        var checks = PdfSignatureVerifier.Verify(twice);
        Assert.All(checks, c => Assert.True(c.Valid, c.Problem));
        Assert.Equal([school.Thumbprint, platform.Thumbprint], checks.Select(c => c.Certificate!.Thumbprint).ToArray());
        Assert.False(checks[0].Certificate!.HasPrivateKey);
        Assert.All(checks, c => Assert.DoesNotContain(c.Chain, x => x.Thumbprint == c.Certificate!.Thumbprint));
        Assert.Equal([(long)once.Length, twice.Length], checks.Select(c => c.RevisionLength).ToArray());
        Assert.Equal(SigningSamples.SignedAt.AddHours(1), checks[1].SignedAt);
        // The first revision is exactly the file as it was before the second signature was added.
        Assert.Equal(once, twice[..(int)checks[0].RevisionLength]);
    }

    [Fact]
    public void A_check_serializes_to_json_as_the_api_writes_it_without_certificate_objects()
    {
        var check = Assert.Single(PdfSignatureVerifier.Verify(Signed.Value));
        Assert.NotNull(check.Certificate);
        var json = System.Text.Json.JsonSerializer.Serialize(check, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.Contains("\"signer\":\"甲校\"", System.Text.RegularExpressions.Regex.Unescape(json));
        Assert.Contains($"\"revisionLength\":{Signed.Value.Length}", json);
        Assert.DoesNotContain("certificate", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_signing_certificate_attribute_naming_another_certificate_is_refused()
    {
        var other = SigningSamples.SelfSigned("Pairing 平台");
        var signer = Signer(Forger);
        signer.SignedAttributes.Add(SigningCertificateV2(SHA256.HashData(other.RawData)));
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [signer])));
        Assert.False(check.Valid);
        Assert.Equal("签名证书与签名属性中记录的证书不符", check.Problem);

        // The same attribute naming the signer's certificate, hashed with SHA-512 as it may say, is fine.
        signer = Signer(Forger);
        signer.SignedAttributes.Add(SigningCertificateV2(SHA512.HashData(Forger.RawData), "2.16.840.1.101.3.4.2.3"));
        check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [signer])));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal("Pairing 结对帮扶平台", check.Signer);
    }

    [Fact]
    public void Signature_data_without_a_certificate_or_with_two_signers_is_refused()
    {
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [Signer(Forger, X509IncludeOption.None)])));
        Assert.Equal((false, "签名数据中没有签名证书"), (check.Valid, check.Problem));

        check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [Signer(Forger), Signer(SigningSamples.SelfSigned("乙校"))])));
        Assert.Equal((false, "签名数据应恰有一个签名者"), (check.Valid, check.Problem));
    }

    [Fact]
    public void A_sha1_digest_or_embedded_content_is_refused()
    {
        var sha1 = Signer(Forger);
        sha1.DigestAlgorithm = new Oid("1.3.14.3.2.26");
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [sha1])));
        Assert.False(check.Valid);
        Assert.StartsWith("不支持的摘要算法", check.Problem);

        check = Assert.Single(PdfSignatureVerifier.Verify(Resign(Signed.Value, [Signer(Forger)], embedded: SHA1.HashData(Covered(Signed.Value)))));
        Assert.False(check.Valid);
        Assert.StartsWith("签名数据不是分离式 CMS 签名", check.Problem);
    }

    [Fact]
    public void A_damaged_signature_value_is_invalid_though_the_digest_matches()
    {
        // With only the signer's certificate and no unsigned attributes, the signature value ends the CMS; it signs
        // the signed attributes, whose message digest still matches the file.
        var signer = Signer(Forger);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
        var cms = new SignedCms(new ContentInfo(Covered(Signed.Value)), detached: true);
        cms.ComputeSignature(signer, silent: true);
        var der = cms.Encode();
        der[^1] ^= 0x01;
        var check = Assert.Single(PdfSignatureVerifier.Verify(WithContentsHex(Signed.Value, Convert.ToHexString(der))));
        Assert.False(check.Valid);
        Assert.Equal("签名值无效：不是由签名证书的私钥生成", check.Problem);
    }

    [Fact]
    public void The_signing_time_comes_from_M_else_from_the_signing_time_attribute_and_a_forged_M_is_ignored()
    {
        var at = new DateTime(2024, 9, 3, 2, 0, 0, DateTimeKind.Utc);
        var withoutM = Replace(Signed.Value, "/M(D:", "/X(D:");
        var signer = Signer(Forger);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(at));
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(withoutM, [signer])));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal(new DateTimeOffset(at), check.SignedAt);

        // An offset of 99 hours is no time at all: the signature still verifies, without a time.
        var badOffset = Replace(Signed.Value, "+08'00'", "+99'00'");
        check = Assert.Single(PdfSignatureVerifier.Verify(Resign(badOffset, [Signer(Forger)])));
        Assert.True(check.Valid, check.Problem);
        Assert.Null(check.SignedAt);
    }

    private static AsnEncodedData SigningCertificateV2(byte[] certificateHash, string? hashOid = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            if (hashOid is not null)
                using (writer.PushSequence())
                    writer.WriteObjectIdentifier(hashOid);
            writer.WriteOctetString(certificateHash);
        }
        return new AsnEncodedData("1.2.840.113549.1.9.16.2.47", writer.Encode());
    }
}
