using System.Diagnostics;

namespace Pairing.Testing;

/// <summary>Runs poppler-utils on a produced PDF: the outside judge of what a reader will see.</summary>
public static class Poppler
{
    public static string Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {error}");
        return output;
    }

    /// <summary>The text pdftotext reads from the PDF bytes (UTF-8).</summary>
    public static string Text(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pairing-text-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(file, pdf);
            return Run("pdftotext", "-enc", "UTF-8", file, "-");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
