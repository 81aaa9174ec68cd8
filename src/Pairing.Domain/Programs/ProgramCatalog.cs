namespace Pairing.Domain.Programs;

/// <summary>The programs of the seed plans. Rules are in each program's workflow definition, not here.</summary>
public static class ProgramCatalog
{
    public const string CountyTrusteeship = "county-trusteeship";
    public const string LabourEducation = "labour-education";
    public const string UniversityPartnership = "university-partnership";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [CountyTrusteeship] = "县中托管帮扶",
        [LabourEducation] = "劳动教育结对共建",
        [UniversityPartnership] = "高校帮扶",
    };

    public static readonly IReadOnlyDictionary<string, string> NumberPrefixes = new Dictionary<string, string>
    {
        [CountyTrusteeship] = "TG",
        [LabourEducation] = "LD",
        [UniversityPartnership] = "GX",
    };

    public static string Title(string program) => Names.GetValueOrDefault(program, program);

    /// <summary>The definition of a program for a city: one file per program and city variant.</summary>
    public static string DefinitionId(string program, string city) => $"{program}.{city}";
}
