namespace Pairing.Domain.Registry;

/// <summary>Scope keys shared by accounts and workflow instances: who sees and acts on what.</summary>
public static class Scope
{
    public static string Institution(string code) => $"inst:{code}";
    public static string County(string code) => $"county:{code}";
    public static string City(string code) => $"city:{code}";
}
