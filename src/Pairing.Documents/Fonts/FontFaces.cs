namespace Pairing.Documents.Fonts;

/// <summary>The families documents use, by role in the house style.</summary>
public static class FontFaces
{
    public const string Serif = "Noto Serif SC";
    public const string Sans = "Noto Sans SC";
    public const string Kai = "AR PL UKai CN";

    internal static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["serif"] = "NotoSerifSC-Regular.ttf",
        ["serif-bold"] = "NotoSerifSC-Bold.ttf",
        ["sans"] = "NotoSansSC-Regular.ttf",
        ["kai"] = "ukai-cn.ttf",
    };

    /// <summary>The file behind a family as the resolver serves it (regular weight).</summary>
    public static string FileOf(string family) => family switch
    {
        Serif => Files["serif"],
        Sans => Files["sans"],
        Kai => Files["kai"],
        _ => throw new ArgumentException($"unknown family {family}", nameof(family)),
    };
}
