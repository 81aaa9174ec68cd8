namespace Pairing.Documents.Fonts;

/// <summary>The families documents use, by role in the house style.</summary>
public static class FontFaces
{
    public const string Serif = "Noto Serif SC";
    public const string Sans = "Noto Sans SC";

    internal static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["serif"] = "NotoSerifSC-Regular.ttf",
        ["serif-bold"] = "NotoSerifSC-Bold.ttf",
        ["sans"] = "NotoSansSC-Regular.ttf",
    };
}
