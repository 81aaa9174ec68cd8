using Pairing.Testing;

namespace Pairing.Cli.Tests;

public sealed record CliResult(int Exit, string Out, string Err);

/// <summary>Runs `pairing` in-process on its own SQLite file, as a user would type it.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-cli-{Guid.NewGuid():N}.db");

    public string Db => $"Data Source={_file};Pooling=False";

    private static readonly Dictionary<string, Lazy<Task<CliRunner>>> Seeded = new();

    /// <summary>Seeding renders and signs every demo agreement, which takes seconds; each city is seeded once per
    /// run and every test gets its own copy of that database and its keys.</summary>
    public async Task SeedAsync(string city)
    {
        Lazy<Task<CliRunner>> master;
        lock (Seeded)
        {
            if (!Seeded.TryGetValue(city, out master!))
                Seeded[city] = master = new(async () =>
                {
                    var runner = new CliRunner();
                    var seed = await runner.RunAsync("seed", "--city", city);
                    Assert.True(seed.Exit == 0, seed.Err);
                    return runner;
                });
        }
        var source = await master.Value;
        File.Copy(source._file, _file, overwrite: true);
        CopyFolder(source.Pki, Pki);
    }

    /// <summary>The database file (for tests that back it up, restore it or damage it).</summary>
    public string DatabaseFile => _file;

    /// <summary>The key folder beside the database file: journal key, local CA, certificates.</summary>
    public string Pki => Path.Combine(Path.GetDirectoryName(_file)!, Path.GetFileNameWithoutExtension(_file) + "-pki");

    /// <summary>Puts another runner's keys beside this database, as an operator restores the key folder with a backup.</summary>
    public void CopyKeysFrom(CliRunner other) => CopyFolder(other.Pki, Pki);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

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
        if (Directory.Exists(Pki)) Directory.Delete(Pki, recursive: true);
    }
}
