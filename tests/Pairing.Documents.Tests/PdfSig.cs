using System.Diagnostics;

namespace Pairing.Documents.Tests;

/// <summary>What poppler's pdfsig says about the signatures of a PDF.</summary>
internal static class PdfSig
{
    public static string Report(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pairing-pdfsig-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            // pdfsig exits non-zero when a signature is invalid; its report is what we judge.
            var info = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(file);
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
