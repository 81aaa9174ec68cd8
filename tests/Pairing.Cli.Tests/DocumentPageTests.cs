using Pairing.Testing;

namespace Pairing.Cli.Tests;

/// <summary>Each kind of document the demo holds, rendered by the command line and rasterised page by page: none is
/// blank, and the pictures are kept as test artifacts (TestResults/pages/).</summary>
public sealed class DocumentPageTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-pages").FullName;

    public Task InitializeAsync() => _cli.SeedAsync("qingyuan");

    public Task DisposeAsync()
    {
        _cli.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("trusteeship-agreement", "441800-TG-2024-001", null, "托管帮扶")]
    [InlineData("labour-agreement", "441800-LD-2024-001", null, "劳动教育")]
    [InlineData("university-agreement", "441800-GX-2024-001", null, "华南师范大学")]
    [InlineData("semester-report", "441800-TG-2024-001", "2024-2025-1", "帮扶工作报告")]
    [InlineData("annual-evaluation", "441800-TG-2024-001", "2024-2025", "帮扶成效评估")]
    public async Task Every_document_type_renders_pages_with_ink(string kind, string number, string? cycle, string expected)
    {
        var pdf = Path.Combine(_folder, $"{kind}.pdf");
        string[] args = ["render", number, "--as", "qy.city", "-o", pdf];
        var render = await _cli.RunAsync(cycle is null ? args : [.. args, "--cycle", cycle]);
        Assert.True(render.Exit == 0, render.Err);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", "-l", "1", pdf, "-"), @"\s", ""));

        var artifacts = Path.Combine(RepoPaths.Root, "TestResults", "pages");
        Directory.CreateDirectory(artifacts);
        Poppler.Run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(artifacts, kind));
        Poppler.Run("pdftoppm", "-gray", "-r", "30", pdf, Path.Combine(_folder, kind));
        var pages = Directory.GetFiles(_folder, $"{kind}*.pgm").Order().ToList();
        Assert.NotEmpty(pages);
        // The first page is well filled; every later page carries at least a few lines besides its number.
        var first = Pgm.Pixels(pages[0]);
        Assert.True(first.Count(p => p < 128) > first.Length / 400, $"{Path.GetFileName(pages[0])} is nearly blank");
        foreach (var page in pages)
            Assert.True(Pgm.Pixels(page).Count(p => p < 128) > 100, $"{Path.GetFileName(page)} is blank");
    }
}

/// <summary>Reads the grey pixels of a binary PGM written by pdftoppm -gray.</summary>
internal static class Pgm
{
    public static byte[] Pixels(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var fields = 0;
        var i = 0;
        while (fields < 4)
        {
            while (char.IsWhiteSpace((char)bytes[i])) i++;
            while (!char.IsWhiteSpace((char)bytes[i])) i++;
            fields++;
        }
        return bytes[(i + 1)..];
    }
}
