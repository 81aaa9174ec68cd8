using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Signing;

/// <summary>Who signs, when and why; with a field, the signature is visible there, otherwise it is invisible.</summary>
public sealed record SignatureRequest(X509Certificate2 Certificate, string SignerName, string Reason, DateTimeOffset SignedAt,
    SignatureField? Field = null);

/// <summary>Where a visible signature goes: a page (0-based), a rectangle in PDF points from the page's bottom-left
/// corner, and what is drawn in it (see <see cref="SignatureAppearance"/>), in a box of Width × Height.</summary>
public sealed record SignatureField(int PageIndex, double Left, double Bottom, double Width, double Height, StampAppearance Appearance);

/// <summary>Adds a detached CMS (PAdES baseline, ETSI.CAdES.detached) signature to a PDF as an incremental update: the original bytes stay untouched, so
/// every earlier signature remains valid, and each signature covers everything before it.</summary>
public static class IncrementalSigner
{
    /// <summary>Room left in /Contents beyond the measured size of a signature with the same certificate: the signed
    /// attributes have a fixed size, an RSA value too, an ECDSA value varies by a few bytes. A chain that grew since it
    /// was measured does not fit, and the signature is made again with room for it.</summary>
    internal const int Margin = 64;
    private const string ByteRangePlaceholder = "0 0000000000 0000000000 0000000000";
    private static readonly ConcurrentDictionary<string, int> MeasuredSizes = new();
    private static readonly ConcurrentDictionary<string, X509Certificate2[]> Chains = new();

    public static byte[] Sign(byte[] pdf, SignatureRequest request)
    {
        if (!request.Certificate.HasPrivateKey) throw new ArgumentException("签名证书没有私钥", nameof(request));
        return Sign(pdf, request, Reservation(request.Certificate));
    }

    /// <summary>Signs with this many bytes reserved for the CMS; a signature that does not fit is made again with room
    /// for it, never cut short.</summary>
    internal static byte[] Sign(byte[] pdf, SignatureRequest request, int reservation) => Sign(pdf, request, reservation, retry: true);

    /// <summary>The bytes reserved for a signature made with this certificate: what a signature with it measured
    /// (the certificates of its chain, the signature value, the signed attributes), plus a margin. It depends on the
    /// certificate only, so the same input still gives the same bytes.</summary>
    internal static int Reservation(X509Certificate2 certificate) =>
        MeasuredSizes.GetOrAdd(certificate.GetCertHashString(HashAlgorithmName.SHA256), _ => Cms([0], certificate).Length) + Margin;

    private static byte[] Sign(byte[] pdf, SignatureRequest request, int reservation, bool retry)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var revision = new PdfRevision(text);
        var catalog = revision.Body(revision.Root);
        var field = request.Field;
        if (field is not null && (field.Width <= 0 || field.Height <= 0))
            throw new ArgumentException("A signature field needs a positive width and height", nameof(request));
        var pageNumber = PageAt(revision, catalog, field?.PageIndex ?? 0);
        var page = revision.Body(pageNumber);
        var sigNumber = revision.Size;
        var widgetNumber = revision.Size + 1;
        var appearanceNumber = revision.Size + 2;
        // A visible signature's stamp font: its Type 0 font, CID font, descriptor, program and ToUnicode map.
        var fontNumber = revision.Size + 3;
        var size = field is null ? revision.Size + 2 : revision.Size + 8;
        var fields = Regex.Match(catalog, @"/Fields\s*\[([^\]]*)\]");
        var fieldCount = fields.Success ? Regex.Count(fields.Groups[1].Value, @"\d+\s+\d+\s+R") : 0;
        if (!fields.Success && catalog.Contains("/AcroForm", StringComparison.Ordinal))
            throw new NotSupportedException("The document already has a form this signer does not manage");

        // Latin-1 maps bytes 0–255 one to one onto chars, so string positions are byte offsets and binary stream data
        // survives the round trip.
        var output = new StringBuilder(text);
        if (!text.EndsWith('\n')) output.Append('\n');
        var offsets = new SortedDictionary<int, int>();
        void Write(int number, string body)
        {
            offsets[number] = output.Length;
            output.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }

        var contents = new string('0', reservation * 2);
        Write(sigNumber, $"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange[{ByteRangePlaceholder}]" +
                         $"/Contents<{contents}>/M{PdfDate(request.SignedAt)}/Name{PdfText(request.SignerName)}/Reason{PdfText(request.Reason)}>>");
        if (field is null)
            Write(widgetNumber, $"<</Type/Annot/Subtype/Widget/FT/Sig/Rect[0 0 0 0]/F 132/T(Signature{fieldCount + 1})/V {sigNumber} 0 R/P {pageNumber} 0 R>>");
        else
        {
            var stream = Deflate(field.Appearance.Content);
            Write(appearanceNumber, $"<</Type/XObject/Subtype/Form/BBox[0 0 {Number(field.Width)} {Number(field.Height)}]" +
                                    $"/Resources<</Font<</{StampFont.Resource} {fontNumber} 0 R>>>>" +
                                    $"/Filter/FlateDecode/Length {stream.Length}>>\nstream\n{Encoding.Latin1.GetString(stream)}\nendstream");
            var font = field.Appearance.Font;
            Write(fontNumber, font.Type0(fontNumber + 1, fontNumber + 4));
            Write(fontNumber + 1, font.CidFont(fontNumber + 2));
            Write(fontNumber + 2, font.Descriptor(fontNumber + 3));
            var program = Deflate(font.Program);
            Write(fontNumber + 3, $"<</Length1 {font.Program.Length}/Filter/FlateDecode/Length {program.Length}>>\nstream\n{Encoding.Latin1.GetString(program)}\nendstream");
            var toUnicode = Deflate(font.ToUnicode());
            Write(fontNumber + 4, $"<</Filter/FlateDecode/Length {toUnicode.Length}>>\nstream\n{Encoding.Latin1.GetString(toUnicode)}\nendstream");
            var rect = $"{Number(field.Left)} {Number(field.Bottom)} {Number(field.Left + field.Width)} {Number(field.Bottom + field.Height)}";
            Write(widgetNumber, $"<</Type/Annot/Subtype/Widget/FT/Sig/Rect[{rect}]/F 4/T(Signature{fieldCount + 1})/V {sigNumber} 0 R" +
                                $"/P {pageNumber} 0 R/AP<</N {appearanceNumber} 0 R>>>>");
        }
        // A page's /Annots may be an array object of its own; then that object gets a new version and the page stays.
        var annots = Regex.Match(page, @"/Annots\s*(\d+)\s+\d+\s+R");
        if (annots.Success)
        {
            var arrayNumber = int.Parse(annots.Groups[1].Value, CultureInfo.InvariantCulture);
            var array = revision.Body(arrayNumber);
            Write(arrayNumber, array.Insert(array.LastIndexOf(']'), $" {widgetNumber} 0 R"));
        }
        else Write(pageNumber, AddToArray(page, "/Annots", $"{widgetNumber} 0 R"));
        Write(revision.Root, fields.Success
            ? catalog.Insert(fields.Groups[1].Index + fields.Groups[1].Length, $" {widgetNumber} 0 R")
            : InsertBeforeEnd(catalog, $"/AcroForm<</Fields[{widgetNumber} 0 R]/SigFlags 3>>"));

        var xref = output.Length;
        output.Append("xref\n");
        foreach (var (number, offset) in offsets)
            output.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n \n");
        output.Append(CultureInfo.InvariantCulture,
            $"trailer\n<</Size {size}/Root {revision.Root} 0 R{(revision.Info is int info ? $"/Info {info} 0 R" : "")}/Prev {revision.StartXrefOffset}{revision.Id}>>\nstartxref\n{xref}\n%%EOF\n");

        // The signature covers every byte except the hex string that will hold it.
        var signed = output.ToString();
        var contentsStart = signed.IndexOf("/Contents<", offsets[sigNumber], StringComparison.Ordinal) + "/Contents".Length;
        var contentsEnd = contentsStart + contents.Length + 2;
        var byteRange = $"0 {contentsStart} {contentsEnd} {signed.Length - contentsEnd}".PadRight(ByteRangePlaceholder.Length);
        var placeholderAt = signed.IndexOf(ByteRangePlaceholder, offsets[sigNumber], StringComparison.Ordinal);
        var bytes = Encoding.Latin1.GetBytes(signed.Remove(placeholderAt, ByteRangePlaceholder.Length).Insert(placeholderAt, byteRange));

        var data = new byte[contentsStart + (bytes.Length - contentsEnd)];
        Buffer.BlockCopy(bytes, 0, data, 0, contentsStart);
        Buffer.BlockCopy(bytes, contentsEnd, data, contentsStart, bytes.Length - contentsEnd);
        var cms = Cms(data, request.Certificate);
        if (cms.Length > reservation)
            return retry ? Sign(pdf, request, cms.Length + Margin, retry: false) : throw new InvalidOperationException("签名数据超出预留空间");
        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(bytes, contentsStart + 1);
        return bytes;
    }

    /// <summary>The certificates above the signer's in its chain, as CmsSigner's whole-chain option finds them, found
    /// once per certificate: building a chain searches the system's certificate stores.</summary>
    private static X509Certificate2[] ChainAbove(X509Certificate2 certificate) =>
        Chains.GetOrAdd(certificate.GetCertHashString(HashAlgorithmName.SHA256), _ =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
            chain.Build(certificate);
            return chain.ChainElements.Skip(1).Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToArray();
        });

    /// <summary>The detached CMS over the data.</summary>
    private static byte[] Cms(byte[] data, X509Certificate2 certificate)
    {
        var cms = new SignedCms(new ContentInfo(data), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(ChainAbove(certificate));
        // PAdES baseline (B-B): the signing certificate is bound by an ESS signing-certificate-v2 attribute, and the
        // signing time lives in the signature dictionary's /M, not in a signing-time attribute.
        signer.SignedAttributes.Add(SigningCertificateV2(certificate));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    private static AsnEncodedData SigningCertificateV2(X509Certificate2 certificate)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())                    // SigningCertificateV2
        using (w.PushSequence())                    // certs
        using (w.PushSequence())                    // ESSCertIDv2, hash algorithm defaults to SHA-256
        {
            w.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (w.PushSequence())                // IssuerSerial
            {
                using (w.PushSequence())            // GeneralNames
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                    w.WriteEncodedValue(certificate.IssuerName.RawData);
                w.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }
        return new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), w.Encode());
    }

    /// <summary>The object number of a page (0-based), walking the page tree in order through nested /Pages nodes.</summary>
    private static int PageAt(PdfRevision revision, string catalog, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Pages(revision, PdfRevision.Reference(catalog, "/Pages"), 0).Skip(index).Cast<int?>().FirstOrDefault()
            ?? throw new ArgumentOutOfRangeException(nameof(index), $"The document has no page {index + 1}");
    }

    private static IEnumerable<int> Pages(PdfRevision revision, int node, int depth)
    {
        if (depth > 64) throw new FormatException("The page tree nests too deeply");
        var body = revision.Body(node);
        if (!Regex.IsMatch(body, @"/Type\s*/Pages\b"))
        {
            yield return node;
            yield break;
        }
        var kids = Regex.Match(body, @"/Kids\s*\[([^\]]*)\]");
        if (!kids.Success) throw new FormatException($"Page tree node {node} has no /Kids array");
        foreach (Match kid in Regex.Matches(kids.Groups[1].Value, @"(\d+)\s+\d+\s+R"))
            foreach (var page in Pages(revision, int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture), depth + 1))
                yield return page;
    }

    private static string AddToArray(string dictionary, string key, string item)
    {
        var existing = Regex.Match(dictionary, Regex.Escape(key) + @"\s*\[([^\]]*)\]");
        if (existing.Success) return dictionary.Insert(existing.Groups[1].Index + existing.Groups[1].Length, $" {item}");
        return InsertBeforeEnd(dictionary, $"{key}[{item}]");
    }

    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize)) zlib.Write(data);
        return buffer.ToArray();
    }

    private static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string InsertBeforeEnd(string dictionary, string entry) => dictionary.Insert(dictionary.LastIndexOf(">>", StringComparison.Ordinal), entry);

    private static string PdfDate(DateTimeOffset t) =>
        $"(D:{t:yyyyMMddHHmmss}{(t.Offset < TimeSpan.Zero ? '-' : '+')}{Math.Abs(t.Offset.Hours):00}'{Math.Abs(t.Offset.Minutes):00}')";

    /// <summary>A PDF text string in UTF-16BE, so Chinese names survive.</summary>
    private static string PdfText(string s) => $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(s))}>";
}
