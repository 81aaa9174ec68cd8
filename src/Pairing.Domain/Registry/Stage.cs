namespace Pairing.Domain.Registry;

/// <summary>School stages (学段). A complete secondary school holds junior and senior.</summary>
public static class Stage
{
    public const string Kindergarten = "kindergarten";
    public const string Primary = "primary";
    public const string Junior = "junior";
    public const string Senior = "senior";
    public const string Vocational = "vocational";
    public const string University = "university";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Kindergarten] = "幼儿园",
        [Primary] = "小学",
        [Junior] = "初中",
        [Senior] = "高中",
        [Vocational] = "中职",
        [University] = "高校",
    };

    /// <summary>Accepts the code or the Chinese name, as bureau spreadsheets use either.</summary>
    public static string? Parse(string text)
    {
        var t = text.Trim();
        if (Names.ContainsKey(t)) return t;
        return Names.FirstOrDefault(kv => kv.Value == t).Key;
    }

    public static string Title(string code) => Names.GetValueOrDefault(code, code);
}
