using System.Globalization;
using Pairing.Workflows.Journal;
using Pairing.Data;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Audit;

/// <summary>Checkpoints and verification of the journal. Besides the database, each checkpoint's number and MAC are
/// kept in journal.anchor beside the key: if the database's checkpoints fall behind that file, they were deleted or
/// the database was put back to an older copy.</summary>
public sealed class JournalAudit(EngineParts parts, PairingDatabase database, Documents.DocumentSettings settings)
{
    private readonly string _keyFolder = settings.PkiFolder;

    /// <summary>One anchor per database, so a key folder shared by several databases never mixes their checkpoints.</summary>
    public string AnchorFile { get; } = $"journal-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(database.Identity)))[..12]}.anchor";

    public async Task<JournalCheckpoint> CheckpointAsync(CancellationToken ct = default)
    {
        var checkpoint = await JournalCheckpoints.TakeAsync(parts, ct);
        var anchor = ReadAnchor();
        if (anchor is null || anchor.Value.Seq < checkpoint.Seq)
        {
            Directory.CreateDirectory(_keyFolder);
            var temporary = Path.Combine(_keyFolder, $"{AnchorFile}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(temporary, $"{checkpoint.Seq.ToString(CultureInfo.InvariantCulture)} {checkpoint.Mac}", ct);
            File.Move(temporary, Path.Combine(_keyFolder, AnchorFile), overwrite: true);
        }
        return checkpoint;
    }

    public async Task<JournalReport> VerifyAsync(IProgress<int>? progress = null, CancellationToken ct = default)
    {
        // Read before the snapshot starts: the file is written after its checkpoint commits, so the snapshot sees it.
        var read = ReadAnchor();
        var report = await JournalVerifier.VerifyAsync(parts, progress, ct);
        if (read is not { } anchor) return report;
        var problems = report.Problems.ToList();
        if (anchor.Seq > report.LatestCheckpoint)
            problems.Add(new(Guid.Empty, 0, $"本机记录已有第 {anchor.Seq} 号检查点，数据库中最新的是第 {report.LatestCheckpoint} 号：检查点被删除，或数据库被换回旧副本"));
        else
        {
            await using var db = database.Create();
            var stored = await db.Set<JournalCheckpoint>().FindAsync([anchor.Seq], ct);
            if (stored is not null && !JournalSeal.Matches(anchor.Mac, stored.Mac))
                problems.Add(new(Guid.Empty, 0, $"第 {anchor.Seq} 号检查点与本机记录不符：检查点被替换"));
        }
        return report with { Problems = problems };
    }

    private (long Seq, string Mac)? ReadAnchor()
    {
        var path = Path.Combine(_keyFolder, AnchorFile);
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq) ? (seq, parts[1]) : null;
    }
}
