using System.Security.Cryptography;
using Pairing.Application.Catalog;
using Pairing.Documents.Rendering;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;

namespace Pairing.Application.Documents;

/// <summary>The signing certificate (签署证书) issued when an agreement revision is fully signed: every signature with
/// its party, account, time and certificate, and the SHA-256 of the sealed agreement it certifies. It is a separate
/// PDF, sealed by the platform, so the agreement itself is never changed after the parties sign it.</summary>
public static class SigningCertificate
{
    public static DocumentModel Model(Agreement a, string programTitle, AgreementRevision revision, AgreementDocument sealedAgreement, IReadOnlyList<Institution> institutions,
        string reference, string verifyUrl, DateTime issuedAt)
    {
        string NameOf(string signer) => signer == SignatureRecord.Platform ? AgreementDocuments.PlatformName
            : institutions.FirstOrDefault(i => i.Code == signer)?.Name ?? signer;
        var rows = sealedAgreement.Signatures.Select((s, n) => (IReadOnlyList<string>)
        [
            (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            NameOf(s.Signer),
            s.Signer == SignatureRecord.Platform ? "平台封存" : $"{s.Name}（账号 {s.Account}）",
            ChineseDates.Time(s.SignedAt),
            $"{s.CertificateSubject}；指纹 {s.CertificateSha256[..16]}",
        ]).ToList();
        Block[] blocks =
        [
            new Paragraph($"兹证明：{programTitle}协议 {a.Number}《{a.Title}》第 {revision.Number} 版已由下列各方以数字签名签署，" +
                          $"并由{AgreementDocuments.PlatformName}封存。各方签名以增量方式附加在协议文件中，任何一方签名后文件的任何改动都会使签名失效。"),
            new Heading1("协议文件"),
            new Table(["项目", "内容"],
            [
                ["协议编号", a.Number],
                ["协议名称", a.Title],
                ["版本", $"第 {revision.Number} 版（{ChineseDates.Date(revision.FrozenAt)}定稿）"],
                ["协议内容摘要（SHA-256）", revision.ContentHash],
                ["已签署文件摘要（SHA-256）", Convert.ToHexStringLower(SHA256.HashData(sealedAgreement.Pdf))],
                ["已签署文件大小", $"{sealedAgreement.Pdf.LongLength} 字节"],
            ], [1, 2]),
            new Heading1("签署记录"),
            new Table(["序号", "签署方", "签署人", "时间（北京时间）", "签名证书"], rows, [1, 4, 4, 3, 6]),
            new Paragraph($"本证书于{ChineseDates.Date(issuedAt)}签发，由{AgreementDocuments.PlatformName}以平台证书签名。"),
            new QrCode(verifyUrl, $"扫描二维码或访问 {verifyUrl} 核验协议；也可在核验页上传协议文件或本证书。"),
        ];
        var names = string.Join("、", institutions.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => i.Name));
        return new DocumentModel("签署证书", blocks, new DocumentInfo(names, "结对帮扶协议签署证书", $"结对帮扶,签署证书,{a.Number}", issuedAt, reference));
    }
}
