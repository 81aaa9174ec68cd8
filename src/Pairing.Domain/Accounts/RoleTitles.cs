namespace Pairing.Domain.Accounts;

/// <summary>What a role is called on screen and in documents (学校经办人, 县（市、区）教育局…): a name, never a decision.</summary>
public static class RoleTitles
{
    public static string Of(string role) => AccountRole.Names.GetValueOrDefault(role, role);
}
