namespace Pairing.Testing;

/// <summary>The program ids and registry tags of the shipped definitions, as tests name them. Programs and tags are
/// data (workflows/*.json); these constants only spare the tests from repeating strings.</summary>
public static class Programs
{
    public const string CountyTrusteeship = "county-trusteeship";
    public const string LabourEducation = "labour-education";
    public const string UniversityPartnership = "university-partnership";
}

public static class Tags
{
    public const string QualityHighSchool = "quality-high-school";
    public const string CountyHighSchool = "county-high-school";
    public const string LabourProvincial = "labour-provincial";
    public const string LabourMunicipal = "labour-municipal";
    public const string University = "university";
    public const string NormalUniversity = "normal-university";
    public const string CountyGovernment = "county-government";
}
