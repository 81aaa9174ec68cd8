namespace Pairing.Workflows.Plugins;

/// <summary>Who is acting. Roles are the definition's role names; Scopes are keys such as "inst:QY-G01" or
/// "county:441802" that are matched against the instance's scope slots. "*" matches every scope.</summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes)
{
    public const string SystemRole = "system";
    public const string AnyScope = "*";

    public static Actor System { get; } = new("system", "系统", new HashSet<string> { SystemRole }, new HashSet<string> { AnyScope });

    public bool IsSystem => Roles.Contains(SystemRole);

    public bool InScope(IEnumerable<string> scopeValues) =>
        Scopes.Contains(AnyScope) || scopeValues.Any(Scopes.Contains);
}
