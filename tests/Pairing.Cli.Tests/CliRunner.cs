using Pairing.Testing;

namespace Pairing.Cli.Tests;

public sealed record CliResult(int Exit, string Out, string Err);

/// <summary>Runs `pairing` in-process on its own SQLite file, as a user would type it.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-cli-{Guid.NewGuid():N}.db");

    public string Db => $"Data Source={_file};Pooling=False";

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(RepoPaths.Root);
        try
        {
            var exit = await CliApp.RunAsync([.. args, "--db", Db], output, error);
            return new CliResult(exit, output.ToString(), error.ToString());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    public void Dispose()
    {
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
