using System.Globalization;
using System.Text.Json.Nodes;
using Pairing.Application.Catalog;
using Pairing.Documents.Templates;
using Pairing.Domain.Agreements;
using Pairing.Domain.Calendars;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Documents;

/// <summary>What agreement templates can use. Every key is always present (empty when the agreement has no value),
/// so a template that misspells a field fails loudly instead of printing a gap.</summary>
public static class AgreementTemplateData
{
    private static readonly string[] PartyLabels = ["甲方", "乙方", "丙方", "丁方", "戊方", "己方", "庚方", "辛方", "壬方", "癸方"];

    /// <summary>Schedule is what the engine will start for the term (ChildSchedule), so printed deadlines are the
    /// deadlines its timers enforce.</summary>
    public sealed record Sources(Agreement Agreement, IReadOnlyList<Institution> Institutions, IReadOnlyDictionary<string, string> Counties,
        string CityName, WorkflowDefinition Definition, AgreementRevision? Revision, string Reference, string VerifyUrl,
        IReadOnlyList<ScheduledChild> Schedule);

    public static Dictionary<string, object?> Build(Sources s)
    {
        var a = s.Agreement;
        var roles = s.Definition.Parameters["roles"] as JsonArray ?? [];
        var roleOrder = roles.Select(r => r?["role"]?.GetValue<string>() ?? "").ToList();
        var roleTitle = roles.ToDictionary(r => r?["role"]?.GetValue<string>() ?? "", r => r?["title"]?.GetValue<string>() ?? "");
        // What each role undertakes, as the definition words it (templates of new structures print it).
        var duties = s.Definition.Parameters["duties"] as JsonObject ?? [];
        var parties = a.Parties
            .OrderBy(p => roleOrder.IndexOf(p.Role) is var i && i < 0 ? int.MaxValue : i).ThenBy(p => p.InstitutionCode, StringComparer.Ordinal)
            .Select((p, n) =>
            {
                var institution = s.Institutions.First(i => i.Id == p.InstitutionId);
                var label = n < PartyLabels.Length ? PartyLabels[n] : $"第{n + 1}方";
                var title = roleTitle.GetValueOrDefault(p.Role, p.Role);
                return new Dictionary<string, object?>
                {
                    ["label"] = label,
                    ["role"] = p.Role,
                    ["roleTitle"] = title,
                    ["roleLabel"] = $"{label}（{title}）",
                    ["name"] = institution.Name,
                    ["code"] = institution.Code,
                    ["county"] = institution.CountyCode is { } county && s.Counties.TryGetValue(county, out var countyName) ? countyName : "",
                    ["stages"] = string.Join("、", institution.Stages.Select(Stage.Title)),
                    ["signatory"] = p.Signatory ?? "",
                    ["duty"] = duties[p.Role]?.ToString() ?? "",
                };
            }).ToList();

        List<Dictionary<string, object?>> Schedule(string calendar) => s.Schedule.Where(c => c.Spec.Calendar == calendar)
            .Select(c => new Dictionary<string, object?> { ["period"] = c.Period.Label, ["due"] = ChineseDates.Date(c.DueDate) }).ToList();
        var semesters = Schedule("semester");
        var years = Schedule("school-year");
        // Every role of the program is a key, empty when no party has it, so {{#if byRole.government}} works.
        var byRole = roleOrder.Where(r => r.Length > 0).ToDictionary(r => r, r => (object?)parties.FirstOrDefault(p => (string?)p["role"] == r) ?? "");

        return new Dictionary<string, object?>
        {
            ["number"] = a.Number,
            ["title"] = a.Title,
            ["program"] = ProgramInfo.Of(s.Definition)?.Title ?? a.Program,
            ["city"] = s.CityName,
            // What the agreement is based on, as the definition cites its city's own plan: 根据{{basis}}，…
            ["basis"] = s.Definition.Metadata["basis"]?.GetValue<string>() ?? "",
            ["termStart"] = ChineseDates.Date(a.TermStart),
            ["termEnd"] = ChineseDates.Date(a.TermEnd),
            ["termYears"] = SchoolCalendar.SchoolYears(a.TermStart, a.TermEnd).Count(),
            ["goals"] = a.Goals,
            ["measures"] = a.Measures.Select(Split).ToList(),
            ["focusAreas"] = string.Join("、", a.FocusAreas),
            ["targets"] = a.Targets.Select(Split).ToList(),
            ["reports"] = semesters,
            ["evaluations"] = years,
            ["parties"] = parties,
            ["lead"] = parties.FirstOrDefault(),
            ["partners"] = parties.Skip(1).ToList(),
            ["partnerCount"] = Math.Max(parties.Count - 1, 0),
            ["byRole"] = byRole,
            // One copy for each party and one for the bureau's files: 一式三份.
            ["copies"] = ChineseNumerals.Of(parties.Count + 1),
            ["funding"] = new Dictionary<string, object?>
            {
                ["any"] = a.FundingSource is not null || a.FundingAmount is not null,
                ["source"] = a.FundingSource ?? "",
                ["budgetLine"] = a.BudgetLine ?? "",
                ["amount"] = a.FundingAmount is { } amount ? amount.ToString("#,0.00", CultureInfo.InvariantCulture) + "元" : "",
            },
            ["contact"] = new Dictionary<string, object?>
            {
                ["any"] = a.ContactName is not null,
                ["name"] = a.ContactName ?? "",
                ["phone"] = a.ContactPhone ?? "",
            },
            ["revision"] = s.Revision?.Number ?? 0,
            ["contentHash"] = s.Revision?.ContentHash ?? "",
            ["frozenAt"] = s.Revision is { } r ? ChineseDates.Date(r.FrozenAt) : "",
            ["reference"] = s.Reference,
            ["verifyUrl"] = s.VerifyUrl,
        };
    }

    /// <summary>"领域：内容" becomes an area and its text; a line without a colon is text with no area.</summary>
    private static Dictionary<string, object?> Split(string line)
    {
        var at = line.IndexOfAny(['：', ':']);
        return at > 0
            ? new() { ["area"] = line[..at].Trim(), ["text"] = line[(at + 1)..].Trim() }
            : new() { ["area"] = "", ["text"] = line.Trim() };
    }
}
