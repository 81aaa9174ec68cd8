using System.Security.Cryptography;
using Pairing.Application.Catalog;

namespace Pairing.Application.Documents;

/// <summary>Where templates and signing keys live, and the public address printed in verification QR codes.
/// SealPfx/SealPassword name a real platform certificate (PKCS#12); without one, a local certificate authority and a
/// platform certificate are created under PkiFolder on first use. TrustRoots are certificate files or folders whose
/// roots verification accepts besides the local CA (the root of a real seal certificate, of imported institution
/// certificates).</summary>
public sealed record DocumentSettings(string TemplatesFolder, string PkiFolder, string PublicUrl, string? SealPfx = null, string? SealPassword = null,
    IReadOnlyList<string>? TrustRoots = null)
{
    public const string DefaultPublicUrl = "http://localhost:5080";

    public string FontsFolder => Path.Combine(TemplatesFolder, "fonts");

    /// <summary>From PAIRING_TEMPLATES, PAIRING_PKI, PAIRING_PUBLIC_URL, PAIRING_SEAL_PFX, PAIRING_SEAL_PASSWORD and
    /// PAIRING_TRUST_ROOTS (paths separated by the platform's path separator, ':' on Linux); the PKI folder defaults to
    /// pki/ beside a SQLite database file, or ./data/pki.</summary>
    public static DocumentSettings FromEnvironment(string connectionString)
    {
        var templates = Environment.GetEnvironmentVariable("PAIRING_TEMPLATES") ?? WorkflowCatalog.FindUp("templates") ?? "templates";
        var pki = Environment.GetEnvironmentVariable("PAIRING_PKI") ?? PkiFolderOf(connectionString);
        var url = Environment.GetEnvironmentVariable("PAIRING_PUBLIC_URL") is { Length: > 0 } configured ? configured : DefaultPublicUrl;
        var roots = (Environment.GetEnvironmentVariable("PAIRING_TRUST_ROOTS") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new DocumentSettings(templates, pki, url.TrimEnd('/'), Environment.GetEnvironmentVariable("PAIRING_SEAL_PFX"),
            Environment.GetEnvironmentVariable("PAIRING_SEAL_PASSWORD"), roots);
    }

    /// <summary>Whether the verification address printed in documents can only be reached on this machine.</summary>
    public bool PublicUrlIsLocal =>
        !Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || uri.IsLoopback || uri.Host is "0.0.0.0" or "[::]" or "+" or "*";

    /// <summary>data/pki beside the default data/pairing.db; {name}-pki beside any other SQLite file, so separate
    /// databases keep separate keys; ./data/pki for a server database.</summary>
    private static string PkiFolderOf(string connectionString)
    {
        var source = connectionString.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Data Source", StringComparison.OrdinalIgnoreCase));
        if (source is null) return Path.Combine("data", "pki");
        var file = Path.GetFullPath(source[1].Trim());
        var name = Path.GetFileNameWithoutExtension(file);
        return Path.Combine(Path.GetDirectoryName(file)!, name == "pairing" ? "pki" : $"{name}-pki");
    }

    /// <summary>The password protecting the local CA's key files: PAIRING_PKI_PASSWORD, or one generated once and kept
    /// beside them (readable by the service account only).</summary>
    public string PkiPassword()
    {
        if (Environment.GetEnvironmentVariable("PAIRING_PKI_PASSWORD") is { Length: > 0 } fromEnv) return fromEnv;
        Directory.CreateDirectory(PkiFolder);
        var file = Path.Combine(PkiFolder, "password");
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(password));
            return password;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created it first; theirs is the one the key files use.
            Thread.Sleep(50);
            return File.ReadAllText(file).Trim();
        }
    }
}
