using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Pairing.Documents.Signing;

/// <summary>What the CMS in a signature's /Contents says, and the first thing wrong with it (null when it holds).</summary>
internal sealed record CmsReading(X509Certificate2? Certificate, IReadOnlyList<X509Certificate2> Chain, DateTimeOffset? SigningTime, string? Problem);

/// <summary>Decodes the detached CMS of a PDF signature and checks it over the bytes its dictionary's range covers:
/// one signer, a certificate, the ESS signing-certificate binding, the message digest and the signature value.</summary>
internal static class CmsSignature
{
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";

    public static CmsReading Check(byte[] pdf, SignatureDictionary dictionary)
    {
        try
        {
            var der = WithoutPadding(dictionary.Signature);
            var cms = new SignedCms();
            cms.Decode(der);
            // Decoded without content, a detached CMS has none; one that embeds content (adbe.pkcs7.sha1) does not
            // sign the PDF bytes themselves.
            if (cms.ContentInfo.Content.Length > 0) return new(null, [], null, "签名数据不是分离式 CMS 签名（不支持的格式）");
            if (cms.SignerInfos.Count != 1) return new(null, [], null, "签名数据应恰有一个签名者");

            var info = cms.SignerInfos[0];
            var certificate = info.Certificate;
            var chain = cms.Certificates.Where(c => certificate is null || !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)).ToList();
            var time = SigningTime(info);
            if (certificate is null) return new(null, chain, time, "签名数据中没有签名证书");
            var problem = EssSigningCertificate.Problem(info, certificate) ?? DigestProblem(pdf, dictionary, info)
                ?? SignatureValueProblem(pdf, dictionary, der);
            return new(certificate, chain, time, problem);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            return new(null, [], null, "签名数据无法解析");
        }
    }

    /// <summary>Checks the signature value. Called once the digest matched (or there are no signed attributes): only
    /// then are the covered bytes copied, which SignedCms needs for the check.</summary>
    private static string? SignatureValueProblem(byte[] pdf, SignatureDictionary dictionary, byte[] der)
    {
        var cms = new SignedCms(new ContentInfo(dictionary.SignedBytes(pdf)), detached: true);
        cms.Decode(der);
        var info = cms.SignerInfos[0];
        try
        {
            info.CheckSignature(verifySignatureOnly: true);
            return null;
        }
        catch (CryptographicException)
        {
            return info.SignedAttributes.Count > 0 ? "签名值无效：不是由签名证书的私钥生成" : "签名后内容被修改（摘要不符）";
        }
    }

    /// <summary>The /Contents hex string is padded with zeros; the outer BER/DER header says how long the CMS is.</summary>
    private static byte[] WithoutPadding(byte[] signature)
    {
        AsnDecoder.ReadEncodedValue(signature, AsnEncodingRules.BER, out _, out _, out var length);
        return signature[..length];
    }

    /// <summary>Compares the message-digest attribute with a digest of the covered bytes, hashed where they lie.</summary>
    private static string? DigestProblem(byte[] pdf, SignatureDictionary dictionary, SignerInfo info)
    {
        var algorithm = HashAlgorithms.ByOid(info.DigestAlgorithm.Value);
        if (algorithm is not { } name) return $"不支持的摘要算法（{info.DigestAlgorithm.Value}）";
        // Without signed attributes the signature is over the content itself: the signature check compares it.
        if (info.SignedAttributes.Count == 0) return null;
        var values = Values(info, MessageDigestOid);
        if (values.Count != 1) return "签名属性损坏：消息摘要缺失或重复";
        using var hash = IncrementalHash.CreateHash(name);
        hash.AppendData(pdf, 0, dictionary.ContentsStart);
        hash.AppendData(pdf, dictionary.ContentsEnd, dictionary.RevisionEnd - dictionary.ContentsEnd);
        var expected = AsnDecoder.ReadOctetString(values[0].RawData, AsnEncodingRules.BER, out _);
        return hash.GetHashAndReset().AsSpan().SequenceEqual(expected) ? null : "签名后内容被修改（摘要不符）";
    }

    private static DateTimeOffset? SigningTime(SignerInfo info)
    {
        var values = Values(info, SigningTimeOid);
        if (values.Count != 1) return null;
        try
        {
            return new DateTimeOffset(DateTime.SpecifyKind(new Pkcs9SigningTime(values[0].RawData).SigningTime, DateTimeKind.Utc));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Every value of the signed attributes with this type, however many attributes carry it.</summary>
    internal static List<AsnEncodedData> Values(SignerInfo info, string oid) =>
        info.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == oid)
            .SelectMany(a => a.Values.Cast<AsnEncodedData>()).ToList();
}
