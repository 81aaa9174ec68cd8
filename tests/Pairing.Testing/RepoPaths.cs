namespace Pairing.Testing;

/// <summary>Finds folders of the repository (workflows/, seeds/) from the test output directory.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pairing.sln"))) return dir.FullName;
            throw new InvalidOperationException("Pairing.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Workflows => Path.Combine(Root, "workflows");
    public static string Seeds => Path.Combine(Root, "seeds");
}
