namespace Pairing.Application.Agreements;

/// <summary>A problem with the parties chosen for one role, in words the drafter can act on.</summary>
public sealed record PartyProblem(string Role, string Message);

/// <summary>The checks a draft must pass, split by what the wizard asks on each step, so each step can say at once
/// what is wrong with its own fields. Drafting runs the title and term checks again and the program's full party rules.</summary>
public static class DraftChecks
{
    /// <summary>The parties step: each role filled as the program requires, only institutions offered as eligible,
    /// the drafter's institution among them, and a signatory of that institution where it has several.</summary>
    public static IReadOnlyList<PartyProblem> Parties(ProgramChoices choices, IReadOnlyList<PartyInput> parties)
    {
        var problems = new List<PartyProblem>();
        foreach (var role in choices.Roles)
        {
            var chosen = parties.Where(p => p.Role == role.Role).ToList();
            if (chosen.Count < role.Min)
                problems.Add(new(role.Role, role.Max == 1 ? $"请选择{role.Title}" : $"{role.Title}至少选择 {role.Min} 个，现选 {chosen.Count} 个"));
            if (role.Max > 0 && chosen.Count > role.Max) problems.Add(new(role.Role, $"{role.Title}最多 {role.Max} 个，现选 {chosen.Count} 个"));
            foreach (var party in chosen)
            {
                if (choices.Find(role.Role, party.InstitutionCode) is not { } candidate)
                {
                    problems.Add(new(role.Role,
                        party.InstitutionCode == choices.DrafterInstitution
                            ? $"本校已是{choices.Role(choices.DrafterRole ?? "")?.Title ?? "协议的一方"}，不能再担任{role.Title}"
                        : role.Role == choices.DrafterRole && !role.Multiple ? $"{role.Title}只能是本校（{choices.DrafterName}）"
                        : $"所选单位不在本市名录中，不能担任{role.Title}"));
                    continue;
                }
                if (!candidate.Eligible) problems.Add(new(role.Role, $"{candidate.Name}不能担任{role.Title}：{candidate.Reason}"));
                else if (party.Signatory is { Length: > 0 } signatory && candidate.Signatories.All(s => s.UserName != signatory))
                    problems.Add(new(role.Role, $"所选签署人不是{candidate.Name}具有签署权的人员，请重新选择签署人"));
                else if (string.IsNullOrEmpty(party.Signatory) && candidate.Signatories.Count > 1)
                    problems.Add(new(role.Role, $"{candidate.Name}有 {candidate.Signatories.Count} 位签署人，请选择由谁签署"));
            }
        }
        foreach (var twice in parties.GroupBy(p => p.InstitutionCode).Where(g => g.Count() > 1))
            problems.Add(new(twice.First().Role, $"{choices.Roles.SelectMany(r => r.Candidates).FirstOrDefault(c => c.Code == twice.Key)?.Name ?? "同一单位"}只能担任一个角色"));
        if (choices.DrafterRole is { } own && parties.All(p => p.InstitutionCode != choices.DrafterInstitution))
            problems.Add(new(own, $"起草单位（{choices.DrafterName}）必须是协议的一方"));
        return problems;
    }

    /// <summary>The agreement's title: required, at most 200 characters. Null when it is fine.</summary>
    public static string? Title(string title) =>
        string.IsNullOrWhiteSpace(title) ? "协议名称必填" : title.Length > 200 ? "协议名称不能超过 200 字" : null;

    /// <summary>The term: it ends after it starts and lasts at most ten years. Null when it is fine.</summary>
    public static string? Term(DateOnly start, DateOnly end) =>
        end <= start ? $"协议期限结束日期 {end:yyyy-MM-dd} 必须晚于开始日期 {start:yyyy-MM-dd}"
        : end.DayNumber - start.DayNumber > 366 * 10 ? "协议期限不能超过 10 年"
        : null;
}
