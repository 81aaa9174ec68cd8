using System.Security.Cryptography;

namespace Pairing.Application.Audit;

/// <summary>The key that seals journals (see Pairing.Workflows.Journal.JournalSeal): PAIRING_JOURNAL_KEY (base64, at
/// least 16 bytes), or 32 random bytes generated once into journal.key in the key folder, readable by the service
/// account only. It must not live in the database it protects; every process using one database needs the same key.</summary>
public static class JournalKeyFile
{
    public const string FileName = "journal.key";

    public static byte[] LoadOrCreate(string folder)
    {
        if (Environment.GetEnvironmentVariable("PAIRING_JOURNAL_KEY") is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 16 ? key : throw new InvalidOperationException("PAIRING_JOURNAL_KEY 至少需要 16 字节（base64 编码）");
        }
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var created = RandomNumberGenerator.GetBytes(32);
        // Written aside and moved into place, so a concurrent reader never sees a half-written key.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(created));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
