using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

/// <summary>The verifier meets the malformed-PDF corpus (truncations, garbage cross-references, twenty-digit numbers,
/// recursive objects, missing /Contents, byte ranges beyond the file, non-PDF bytes, an empty file): it answers every
/// one with a report in which no signature is valid for the whole file, without throwing and without hanging.</summary>
public sealed class MalformedPdfCorpusTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Corpus =
        new(() => MalformedPdfs.From(SigningSamples.Sign(SigningSamples.Document(), SigningSamples.SelfSigned("甲校"))));

    public static TheoryData<string> Names => [.. Corpus.Value.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_malformed_file_is_reported_not_valid_without_throwing_or_hanging(string name)
    {
        var pdf = Corpus.Value.Single(c => c.Name == name).Bytes;
        // A generous bound: the point is that the verifier returns at all, not how fast.
        var checks = await Task.Run(() => PdfSignatureVerifier.Verify(pdf)).WaitAsync(TimeSpan.FromSeconds(60));
        // Something appended after an intact signature leaves that signature valid, but never covering the whole file.
        Assert.All(checks, c => Assert.False(c.Valid && c.CoversWholeDocument, $"{name}: signature {c.Index} came out valid for the whole file"));
        Assert.All(checks.Where(c => !c.Valid), c => Assert.False(string.IsNullOrEmpty(c.Problem), $"{name}: signature {c.Index} is invalid without a reason"));
        Assert.True(checks.Count <= PdfSignatureVerifier.MaxSignatures + 1, $"{name}: {checks.Count} signatures examined");
    }
}
