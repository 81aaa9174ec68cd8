using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Pairing.Documents.Signing;

/// <summary>Finds every signature dictionary, recomputes what it covers and checks the CMS signature over it. Files
/// come from anyone: whatever the bytes, Verify returns a report and never throws; each broken signature becomes an
/// invalid <see cref="SignatureCheck"/> saying in Chinese what is wrong.</summary>
public static class PdfSignatureVerifier
{
    /// <summary>Signatures examined per file. Real agreements carry a handful; a file with thousands of fake
    /// signature dictionaries must not make the server decode thousands of CMS structures.</summary>
    public const int MaxSignatures = 50;

    private const string ByteRange = "/ByteRange";

    public static IReadOnlyList<SignatureCheck> Verify(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var checks = new List<SignatureCheck>();
        for (var at = text.IndexOf(ByteRange, StringComparison.Ordinal); at >= 0; at = text.IndexOf(ByteRange, at + 1, StringComparison.Ordinal))
        {
            var index = checks.Count + 1;
            if (index > MaxSignatures)
            {
                checks.Add(new(index, "", null, false, false, $"签名数量超过上限（{MaxSignatures} 个），其余签名未检查"));
                break;
            }
            checks.Add(Check(index, pdf, text, at));
        }
        return checks;
    }

    private static SignatureCheck Check(int index, byte[] pdf, string text, int at)
    {
        try
        {
            if (!SignatureDictionary.TryRead(text, at, out var dictionary, out var problem))
                return new(index, "", null, false, false, problem);
            var cms = CmsSignature.Check(pdf, dictionary);
            // PAdES signatures carry their time in the dictionary's /M; older CMS ones in a signing-time attribute.
            var time = PdfDate.SigningTime(dictionary.Text) ?? cms.SigningTime;
            var signer = cms.Certificate?.GetNameInfo(X509NameType.SimpleName, false) ?? "";
            return new(index, signer, time, cms.Problem is null, dictionary.RevisionEnd == pdf.Length, cms.Problem)
            {
                Certificate = cms.Certificate,
                Chain = cms.Chain,
                RevisionLength = dictionary.RevisionEnd,
            };
        }
        catch (Exception)
        {
            // The checks above expect every malformed input they know of; this keeps one nobody thought of from
            // turning an uploaded file into a server error. The signature is then simply not valid.
            return new(index, "", null, false, false, "签名数据无法解析");
        }
    }
}
