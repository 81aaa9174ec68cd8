namespace Pairing.Domain.Registry;

/// <summary>A school, kindergarten, university or county government that can be a party to an agreement.
/// Source is "plan" when the name appears in a city's action plan, otherwise "illustrative" or "import".</summary>
public sealed class Institution
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string? CountyCode { get; set; }
    public List<string> Stages { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string Source { get; set; } = "illustrative";

    public string ScopeKey => Scope.Institution(Code);
}
