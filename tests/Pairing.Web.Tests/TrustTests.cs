using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Pairing.Application.Documents;
using Pairing.Testing;
using Pairing.Web.Hosting;
using Pairing.Web.Pages.Account;

namespace Pairing.Web.Tests;

/// <summary>What the outside can learn and trust: nothing about user names or agreement numbers, the published
/// certificate authority, and documents that print this deployment's own verification address.</summary>
[Collection(WebCollection.Name)]
public sealed class TrustTests(WebWorld web)
{
    private static async Task<string> SignInAttemptAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = WebWorld.Token(form) }));
        var html = await response.Content.ReadAsStringAsync();
        return html.Contains(LoginModel.LockedOut) ? "locked" : html.Contains(LoginModel.WrongPassword) ? "wrong" : $"other:{response.StatusCode}";
    }

    [Fact]
    public async Task Sign_in_answers_a_name_that_does_not_exist_exactly_as_one_that_does()
    {
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });
        var existing = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            existing.Add(await SignInAttemptAsync(client, "qy.g08", "wrong-password"));
            unknown.Add(await SignInAttemptAsync(client, "qy.nobody", "wrong-password"));
        }
        Assert.Equal(["wrong", "wrong", "wrong", "wrong", "locked", "locked", "locked"], existing);
        Assert.Equal(existing, unknown);
        // Locked even with the right password.
        Assert.Equal("locked", await SignInAttemptAsync(client, "qy.g08", WebSetup.DemoPassword));
    }

    [Fact]
    public async Task An_upload_that_only_names_a_reference_gets_the_same_answer_whether_the_agreement_exists_or_not()
    {
        using var anonymous = await web.SignedInAsync(null);
        async Task<string> Verify(string reference)
        {
            var pdf = Encoding.Latin1.GetBytes($"%PDF-1.4\n1 0 obj\n<</PairingReference ({reference})>>\nendobj\ntrailer\n<</Root 1 0 R/Info 1 0 R>>\n%%EOF\n");
            var response = await anonymous.PostAsync("/api/v1/verify", new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "x.pdf" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        var existing = await Verify("441800-TG-2024-002/r1");
        Assert.Equal(await Verify("441800-TG-2099-999/r1"), existing);
        Assert.DoesNotContain("托管帮扶", existing);
        Assert.Contains("\"record\":null", existing);
    }

    [Fact]
    public async Task The_certificate_authority_is_published_for_anyone_to_trust_in_their_own_reader()
    {
        using var anonymous = await web.SignedInAsync(null);
        var page = await anonymous.GetStringAsync("/verify/ca");
        var local = web.App.Get<SigningKeys>().Authority.Certificate;
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(local.RawData)), page);
        Assert.Contains("pdfsig -nssdir", page);
        Assert.Contains("Adobe Acrobat", page);

        var pem = X509Certificate2.CreateFromPem(await anonymous.GetStringAsync("/verify/ca.pem"));
        Assert.Equal(local.RawData, pem.RawData);
        Assert.False(pem.HasPrivateKey);
        var der = await anonymous.GetByteArrayAsync("/verify/ca.crt");
        Assert.Equal(local.RawData, der);
    }

    [Fact]
    public async Task Documents_print_the_configured_verification_address_and_a_local_one_is_warned_about()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var pdf = await school.GetByteArrayAsync("/api/v1/agreements/441800-TG-2024-001/document");
        var file = Path.Combine(Path.GetTempPath(), $"pairing-url-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var text = Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", file, "-"), @"\s", "");
            Assert.Contains($"{WebWorld.PublicUrl}/verify/441800-TG-2024-001/1?h=", text);
            Assert.DoesNotContain("localhost", text);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Null(DemoStartup.PublicUrlWarning(web.App.Get<DocumentSettings>()));
        foreach (var local in new[] { "http://localhost:5080", "http://127.0.0.1:8080", "http://0.0.0.0:80", "http://[::1]:5080" })
            Assert.Contains("PAIRING_PUBLIC_URL", DemoStartup.PublicUrlWarning(web.App.Get<DocumentSettings>() with { PublicUrl = local }));
    }

    [Fact]
    public async Task The_holder_of_a_signed_agreement_can_fetch_its_signing_certificate_and_nobody_else()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var pdf = await school.GetByteArrayAsync("/api/v1/agreements/441800-TG-2024-001/document");
        var certificate = await school.GetByteArrayAsync("/agreements/441800-TG-2024-001?handler=Document&revision=1&format=certificate");
        Assert.Equal(VerdictKind.Final, (await web.App.Send(new VerifyDocument.Query(certificate))).Kind);

        // The verify page links it for whoever uploaded the agreement itself.
        using var anonymous = await web.SignedInAsync(null);
        var result = await WebWorld.PostFormAsync(anonymous, "/verify", [], [("file", "agreement.pdf", pdf)]);
        var html = await result.Content.ReadAsStringAsync();
        Assert.Contains("真实有效且为最终版本", html);
        var link = Regex.Match(html, "href=\"(/verify/[^\"]+handler=Certificate[^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Equal(certificate, await anonymous.GetByteArrayAsync(link));

        // Without the key printed on the document, or with a guessed one, there is nothing.
        foreach (var guess in new[] { "/verify/441800-TG-2024-001/1?handler=Certificate", "/verify/441800-TG-2024-001/1?handler=Certificate&h=0000000000000000",
                     "/verify/441800-TG-2099-001/1?handler=Certificate&h=0000000000000000" })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(guess)).StatusCode);
    }
}
