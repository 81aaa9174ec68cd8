namespace Pairing.Domain.Registry;

public sealed class City
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string AdminCode { get; set; } = "";
}

public sealed class County
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string AdminCode { get; set; } = "";
    public string CityCode { get; set; } = "";
}
