namespace Pairing.Domain.Accounts;

/// <summary>A user. Staff belong to an institution (and may hold signing authority); bureau staff to a county or
/// the city; administrators keep the registry of their city, province administrators every city's.</summary>
public sealed class Account
{
    public Guid Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>The person's name as printed where they sign (e.g. 黄国), and their position (e.g. 校长).</summary>
    public string PersonName { get; set; } = "";
    public string Position { get; set; } = "";
    public string Role { get; set; } = AccountRole.Staff;
    public string CityCode { get; set; } = "";
    public string? CountyCode { get; set; }
    public Guid? InstitutionId { get; set; }
    public string? InstitutionCode { get; set; }
    public bool CanSign { get; set; }
    /// <summary>Where notifications are also e-mailed, when the e-mail channel is on; none means the inbox only.</summary>
    public string? Email { get; set; }

    /// <summary>How a signatory appears on a document: 黄国（校长）.</summary>
    public string SignatoryText => Position.Length == 0 ? PersonName : $"{PersonName}（{Position}）";
}

public static class AccountRole
{
    public const string Staff = "staff";
    public const string CountyBureau = "county-bureau";
    public const string CityBureau = "city-bureau";
    /// <summary>Keeps its own city's registry and sees its city's agreements.</summary>
    public const string Admin = "admin";
    /// <summary>Sees every city; the only role whose reach is the whole province.</summary>
    public const string ProvinceAdmin = "province-admin";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Staff] = "学校经办人",
        [CountyBureau] = "县（市、区）教育局",
        [CityBureau] = "市教育局",
        [Admin] = "市级管理员",
        [ProvinceAdmin] = "省级管理员",
        [Signatory] = "签署人",
    };

    /// <summary>The signing right is a separate workflow role so that only 法定代表人或授权签署人 can sign.</summary>
    public const string Signatory = "signatory";
}
