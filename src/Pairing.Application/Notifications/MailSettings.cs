namespace Pairing.Application.Notifications;

/// <summary>The e-mail channel. On by default, delivering to files (one .eml per message in <see cref="Folder"/>);
/// through SMTP once PAIRING_SMTP_HOST is set; off with PAIRING_MAIL=off. Links in messages start with the public
/// address documents print.</summary>
public sealed record MailSettings(bool Enabled, string Folder, string PublicUrl, string From = MailSettings.DefaultFrom,
    string? SmtpHost = null, int SmtpPort = 587, string? SmtpUser = null, string? SmtpPassword = null)
{
    public const string DefaultFrom = "结对帮扶平台 <noreply@localhost>";

    /// <summary>Attempts per message before it is given up, and the wait after each failed one.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    public static int MaxAttempts => RetryDelays.Count + 1;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);

    /// <summary>From PAIRING_MAIL, PAIRING_MAIL_DIR, PAIRING_SMTP_HOST, PAIRING_SMTP_PORT, PAIRING_SMTP_USER,
    /// PAIRING_SMTP_PASSWORD and PAIRING_SMTP_FROM; the folder defaults to one beside the key folder (data/mail).</summary>
    public static MailSettings FromEnvironment(string pkiFolder, string publicUrl)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        var folder = Env("PAIRING_MAIL_DIR") ?? BesideKeys(pkiFolder);
        var port = int.TryParse(Env("PAIRING_SMTP_PORT"), out var p) && p is > 0 and < 65536 ? p : 587;
        return new MailSettings(!string.Equals(Env("PAIRING_MAIL"), "off", StringComparison.OrdinalIgnoreCase), folder, publicUrl,
            Env("PAIRING_SMTP_FROM") ?? DefaultFrom, Env("PAIRING_SMTP_HOST"), port, Env("PAIRING_SMTP_USER"), Env("PAIRING_SMTP_PASSWORD"));
    }

    /// <summary>data/pki → data/mail; {name}-pki (another SQLite file's keys) → {name}-mail, so databases keep apart.</summary>
    private static string BesideKeys(string pkiFolder)
    {
        var full = Path.GetFullPath(pkiFolder).TrimEnd(Path.DirectorySeparatorChar);
        var name = Path.GetFileName(full);
        var mail = name == "pki" ? "mail" : name.EndsWith("-pki", StringComparison.Ordinal) ? name[..^4] + "-mail" : name + "-mail";
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", mail);
    }
}
