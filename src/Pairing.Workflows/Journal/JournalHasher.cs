using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Journal;

/// <summary>The hash of an entry covers every field and the previous entry's hash, so editing or removing any entry
/// breaks the chain from there on.</summary>
public static class JournalHasher
{
    public static string Compute(JournalEntry e)
    {
        var text = string.Join('\u001f',
            e.PrevHash, e.InstanceId.ToString("N"), e.Seq.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            e.ActorId, e.ActorName, e.Kind, e.Action ?? "", e.FromState ?? "", e.ToState ?? "", e.Comment ?? "", e.DataJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
