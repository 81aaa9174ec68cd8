using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Pairing.Documents.Signing;

/// <summary>The ESS signing-certificate attributes (RFC 2634, RFC 5035) bind the signed attributes to one certificate
/// by its hash, so a signature cannot be passed off as made with another certificate for the same key.</summary>
internal static class EssSigningCertificate
{
    private const string V2Oid = "1.2.840.113549.1.9.16.2.47";
    private const string V1Oid = "1.2.840.113549.1.9.16.2.12";

    /// <summary>Null when the attributes present name the signer certificate (or there are none), else why not.</summary>
    public static string? Problem(SignerInfo info, X509Certificate2 certificate)
    {
        var v2 = CmsSignature.Values(info, V2Oid);
        var v1 = CmsSignature.Values(info, V1Oid);
        if (v2.Count > 1 || v1.Count > 1) return "签名证书属性损坏：属性重复";
        foreach (var (value, isV2) in v2.Select(v => (v, true)).Concat(v1.Select(v => (v, false))))
        {
            HashAlgorithmName? algorithm;
            byte[] hash;
            try
            {
                (algorithm, hash) = FirstCertificateHash(value.RawData, isV2);
            }
            catch (AsnContentException)
            {
                return "签名证书属性损坏";
            }
            if (algorithm is not { } name) return "签名证书属性使用了不支持的摘要算法";
            if (!CryptographicOperations.HashData(name, certificate.RawData).AsSpan().SequenceEqual(hash))
                return "签名证书与签名属性中记录的证书不符";
        }
        return null;
    }

    /// <summary>The hash of the first certificate listed: the signer's. In v2 the algorithm defaults to SHA-256;
    /// v1 (older signers) always uses SHA-1, here only to name a certificate the CMS already carries.</summary>
    private static (HashAlgorithmName? Algorithm, byte[] Hash) FirstCertificateHash(byte[] encoded, bool isV2)
    {
        var attribute = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
        var certificates = attribute.ReadSequence();
        var first = certificates.ReadSequence();
        HashAlgorithmName? algorithm = isV2 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        if (isV2 && first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            algorithm = HashAlgorithms.ByOid(first.ReadSequence().ReadObjectIdentifier());
        return (algorithm, first.ReadOctetString());
    }
}
