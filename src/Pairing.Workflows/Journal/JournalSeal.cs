using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Journal;

/// <summary>The chains themselves are plain SHA-256, which anyone with write access could recompute. What anchors them
/// is an HMAC with a key kept outside the database: over each instance's identity, parent, journal length and head,
/// and over each checkpoint. Without the key a rewound, re-chained or re-parented journal cannot be sealed again.</summary>
public static class JournalSeal
{
    public static string Of(byte[] key, WorkflowInstance i) => Mac(key, "instance-v1", i.Id.ToString("N"), i.ParentId?.ToString("N") ?? "",
        i.DefinitionId, i.JournalCount.ToString(CultureInfo.InvariantCulture), i.JournalHead, i.CheckpointSeq.ToString(CultureInfo.InvariantCulture));

    public static string Of(byte[] key, JournalCheckpoint c) => Mac(key, "checkpoint-v1", c.Seq.ToString(CultureInfo.InvariantCulture),
        DateTime.SpecifyKind(c.At, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
        c.Instances.ToString(CultureInfo.InvariantCulture), c.Entries.ToString(CultureInfo.InvariantCulture), c.SetDigest, c.PrevMac);

    /// <summary>Constant-time comparison, so a verifier answering over the network leaks nothing about a near miss.</summary>
    public static bool Matches(string expected, string actual) =>
        expected.Length == actual.Length &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    private static string Mac(byte[] key, params string[] fields)
    {
        if (key.Length < 16) throw new InvalidOperationException("The journal key must be at least 16 bytes.");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\u001f', fields))));
    }
}
