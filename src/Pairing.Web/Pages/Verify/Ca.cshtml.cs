using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application;

namespace Pairing.Web.Pages.Verify;

public sealed record RootView(string Subject, DateTime NotBefore, DateTime NotAfter, string Sha256, bool IsLocal);

/// <summary>The trust anchors verification uses, published so anyone can trust them in their own reader: the page
/// explains how, /verify/ca.pem and /verify/ca.crt serve the local CA's certificate.</summary>
public sealed class VerifyCaModel(PairingApp app) : PageModel
{
    public IReadOnlyList<RootView> Roots { get; private set; } = [];

    public void OnGet()
    {
        var local = app.Documents.Keys.Authority.Certificate;
        Roots = app.Documents.Keys.TrustAnchors().Roots.Select(r => new RootView(r.Subject, r.NotBefore, r.NotAfter,
            Convert.ToHexStringLower(SHA256.HashData(r.RawData)), r.RawData.AsSpan().SequenceEqual(local.RawData))).ToList();
    }

    public static IResult Pem(PairingApp app) =>
        Results.File(System.Text.Encoding.ASCII.GetBytes(app.Documents.Keys.Authority.Certificate.ExportCertificatePem() + "\n"),
            "application/x-pem-file", "pairing-ca.pem");

    public static IResult Der(PairingApp app) =>
        Results.File(app.Documents.Keys.Authority.Certificate.RawData, "application/pkix-cert", "pairing-ca.crt");
}
