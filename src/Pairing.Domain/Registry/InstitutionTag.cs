namespace Pairing.Domain.Registry;

/// <summary>Tags that program rules test: what kind of institution this is for a pairing program.</summary>
public static class InstitutionTag
{
    public const string QualityHighSchool = "quality-high-school";
    public const string CountyHighSchool = "county-high-school";
    public const string LabourProvincial = "labour-provincial";
    public const string LabourMunicipal = "labour-municipal";
    public const string University = "university";
    public const string NormalUniversity = "normal-university";
    public const string CountyGovernment = "county-government";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [QualityHighSchool] = "优质普通高中",
        [CountyHighSchool] = "薄弱县中",
        [LabourProvincial] = "省级劳动教育特色学校",
        [LabourMunicipal] = "市级劳动教育示范学校",
        [University] = "高校",
        [NormalUniversity] = "师范院校",
        [CountyGovernment] = "县（市、区）人民政府",
    };

    public static string? Parse(string text)
    {
        var t = text.Trim();
        if (Names.ContainsKey(t)) return t;
        return Names.FirstOrDefault(kv => kv.Value == t).Key;
    }

    public static string Title(string code) => Names.GetValueOrDefault(code, code);
}
