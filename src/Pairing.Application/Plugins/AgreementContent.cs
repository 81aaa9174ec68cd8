using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pairing.Domain.Agreements;
using Pairing.Domain.Registry;

namespace Pairing.Application.Plugins;

/// <summary>The signed content of an agreement as canonical JSON and its SHA-256, the basis of revisions.</summary>
public static class AgreementContent
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (string Json, string Hash) Snapshot(Agreement a, IReadOnlyList<Institution> institutions)
    {
        var content = new
        {
            a.Number,
            a.Program,
            a.Title,
            TermStart = a.TermStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TermEnd = a.TermEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            a.Goals,
            a.Measures,
            a.FocusAreas,
            a.Targets,
            Funding = new { Source = a.FundingSource, a.BudgetLine, Amount = a.FundingAmount },
            Contact = new { Name = a.ContactName, Phone = a.ContactPhone },
            Parties = a.Parties.OrderBy(p => p.InstitutionCode).Select(p => new
            {
                Code = p.InstitutionCode,
                Name = institutions.FirstOrDefault(i => i.Id == p.InstitutionId)?.Name ?? p.InstitutionCode,
                p.Role,
                p.SignatoryAccount,
                p.Signatory,
            }),
        };
        var json = JsonSerializer.Serialize(content, Options);
        return (json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
    }
}
