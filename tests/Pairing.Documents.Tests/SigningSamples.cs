using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

/// <summary>An unsigned agreement, certificates made on the spot, and signing them together.</summary>
internal static class SigningSamples
{
    public static readonly DateTimeOffset SignedAt = new(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly Lazy<byte[]> Unsigned = new(() => new PdfComposer(Path.Combine(RepoPaths.Root, "templates", "fonts"))
        .Compose(new DocumentModel("结对帮扶协议",
            [new Heading1("一、帮扶目标"), new Paragraph("甲乙双方按照一校一案建立一对一帮扶机制，三年内本科上线率提高10个百分点。")],
            new DocumentInfo("Pairing", "协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc)))));

    public static byte[] Document() => (byte[])Unsigned.Value.Clone();

    /// <summary>Signs with 12 KB reserved, as many signers do: room for the larger signature data an attacker writes in
    /// its place (two signers, extra certificates). Pairing's own signer reserves only what its certificate needs.</summary>
    public static byte[] Sign(byte[] pdf, X509Certificate2 certificate, DateTimeOffset? at = null) =>
        IncrementalSigner.Sign(pdf, new SignatureRequest(certificate, certificate.GetNameInfo(X509NameType.SimpleName, false), "签署", at ?? SignedAt),
            reservation: 12 * 1024);

    /// <summary>A self-signed certificate with a private key, e.g. a forger's "Pairing 结对帮扶平台".</summary>
    public static X509Certificate2 SelfSigned(string commonName,
        X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=Pairing, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        // Valid at the sample signing time and today, when pdfsig judges it.
        using var certificate = request.CreateSelfSigned(SignedAt.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
