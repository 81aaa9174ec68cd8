using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;

namespace Pairing.Web.Pages.Agreements;

/// <summary>The drafting wizard, one step per screen: 项目 → 参与方 → 帮扶计划 → 期限与经费 → 核对提交. The program step is
/// a GET; every later step posts the whole draft so far (the other steps' answers ride along as hidden fields), is
/// checked on the server, and comes back with its own errors next to its own fields. Nothing is saved until
/// 保存草稿 on the last step; what the application then refuses is shown on the step that owns the field.</summary>
public sealed class NewAgreementModel(IMediator mediator) : PageModel
{
    public static readonly IReadOnlyList<string> StepTitles = ["项目", "参与方", "帮扶计划", "期限与经费", "核对提交"];
    public const int ProgramStep = 0, PartiesStep = 1, PlanStep = 2, TermStep = 3, ReviewStep = 4;
    private static readonly string[] PlanFields = ["title", "goals", "measures", "targets", "focus"];
    private static readonly string[] TermFields = ["termStart", "termEnd", "budgetId", "fundingSource", "budgetLine", "fundingAmount", "contactName", "contactPhone"];

    [BindProperty(SupportsGet = true)] public string? Program { get; set; }

    /// <summary>The role the drafter's school drafts in, where it may take several (?as=partner).</summary>
    [BindProperty(SupportsGet = true, Name = "as")] public string? As { get; set; }

    public int Step { get; private set; }
    public IReadOnlyList<ProgramOption> Programs { get; private set; } = [];
    public ProgramChoices? Choices { get; private set; }
    public string? Error { get; private set; }

    /// <summary>What is wrong on the current step: the field (title, termEnd, role:supporter…) and the message.</summary>
    public List<(string Field, string Message)> Problems { get; } = [];

    private readonly Dictionary<string, StringValues> _values = new(StringComparer.Ordinal);

    public string Value(string name, string fallback = "") => _values.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : fallback;

    /// <summary>An answer as the review shows it: （未填写） when left empty.</summary>
    public string Shown(string name) => Value(name).Trim() is { Length: > 0 } v ? v : "（未填写）";

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var v) ? v.OfType<string>().ToList() : [];

    public string? ProblemOf(string field) => Problems.FirstOrDefault(p => p.Field == field).Message;

    /// <summary>The answers of the other steps, carried as hidden fields through this one.</summary>
    public IEnumerable<(string Name, string Value)> Carried =>
        _values.Where(kv => StepOf(kv.Key) is { } step && step != Step).SelectMany(kv => kv.Value.OfType<string>().Select(v => (kv.Key, v)));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Program is null) return await ProgramsAsync(ct);
        if (!await LoadAsync(ct)) return Forbid();
        if (Choices is null) return await ProgramsAsync(ct);
        Step = PartiesStep;
        if (Choices.DrafterRole is { } own) _values[$"party.{own}"] = Choices.DrafterInstitution;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        foreach (var (key, value) in Request.Form)
            if (StepOf(key) is not null) _values[key] = value;
        if (!await LoadAsync(ct)) return Forbid();
        if (Choices is null) return await ProgramsAsync(ct);
        var from = int.TryParse(Request.Form["step"], out var s) && s is >= PartiesStep and <= ReviewStep ? s : PartiesStep;
        var go = Request.Form["go"].ToString();
        if (!Choices.CanDraft) Step = PartiesStep;
        else if (go == "back") Step = Math.Max(PartiesStep, from - 1);
        else if (go.StartsWith("step-", StringComparison.Ordinal) && int.TryParse(go[5..], out var to) && to >= PartiesStep && to < from) Step = to;
        else if (go == "save") return await SaveAsync(ct);
        else if (!Check(from)) Step = from;
        else
        {
            Step = Math.Min(from + 1, ReviewStep);
            if (Step == PlanStep && Value("title").Trim().Length == 0) _values["title"] = SuggestedTitle();
        }
        return Page();
    }

    private async Task<IActionResult> SaveAsync(CancellationToken ct)
    {
        foreach (var step in new[] { PartiesStep, PlanStep, TermStep })
            if (!Check(step))
            {
                Step = step;
                return Page();
            }
        try
        {
            var summary = await mediator.Send(new DraftAgreement.Command(User.Identity!.Name!, DraftOf(Choices!)), ct);
            return Redirect($"/agreements/{summary.Number}");
        }
        catch (PairingException ex)
        {
            // The application's own refusal (a party rule, a budget of another program) lands on the step of its field.
            Step = ex.Field switch
            {
                "title" or "goals" or "measures" or "targets" or "focusAreas" => PlanStep,
                "termStart" or "termEnd" or "budgetId" or "fundingAmount" or "fundingSource" or "budgetLine" or "contactName" or "contactPhone" => TermStep,
                { } f when f.StartsWith("parties", StringComparison.Ordinal) => PartiesStep,
                _ => ReviewStep,
            };
            Problems.Add((ex.Field switch { "focusAreas" => "focus", { } f when f.StartsWith("parties", StringComparison.Ordinal) => "parties", { } f => f, null => "" },
                ex.Message));
            return Page();
        }
    }

    /// <summary>Checks one step's own fields; what is wrong goes to <see cref="Problems"/>.</summary>
    private bool Check(int step)
    {
        switch (step)
        {
            case PartiesStep:
                foreach (var problem in DraftChecks.Parties(Choices!, PartiesOf(Choices!))) Problems.Add(($"role:{problem.Role}", problem.Message));
                break;
            case PlanStep:
                if (DraftChecks.Title(Value("title").Trim()) is { } title) Problems.Add(("title", title));
                break;
            case TermStep:
                var start = Date("termStart", "开始日期");
                var end = Date("termEnd", "结束日期");
                if (start is { } s && end is { } e && DraftChecks.Term(s, e) is { } term) Problems.Add(("termEnd", term));
                Amount();
                Budget();
                break;
        }
        return Problems.Count == 0;
    }

    /// <summary>The step that asks a field; null for anything that is not an answer.</summary>
    private static int? StepOf(string name) =>
        name.StartsWith("party.", StringComparison.Ordinal) || name.StartsWith("signatory.", StringComparison.Ordinal) ? PartiesStep
        : PlanFields.Contains(name) ? PlanStep
        : TermFields.Contains(name) ? TermStep
        : null;

    private async Task<IActionResult> ProgramsAsync(CancellationToken ct)
    {
        Step = ProgramStep;
        try
        {
            Programs = await mediator.Send(new ChooseProgram.Query(User.Identity!.Name!), ct);
            return Page();
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.Forbidden)
        {
            return Forbid();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Choices = await mediator.Send(new ChooseParties.Query(User.Identity!.Name!, Program!, As), ct);
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.Forbidden)
        {
            return false;
        }
        catch (PairingException)
        {
            Error = "没有这个项目，请在下面选择。";
            Program = null;
            return true;
        }
    }

    /// <summary>The parties as posted: one institution for a role of one, any number for the others.</summary>
    public List<PartyInput> PartiesOf(ProgramChoices choices)
    {
        var parties = new List<PartyInput>();
        foreach (var role in choices.Roles)
        {
            if (!role.Multiple)
            {
                if (Value($"party.{role.Role}") is { Length: > 0 } code)
                    parties.Add(new PartyInput(code, role.Role, Optional($"signatory.{role.Role}")));
            }
            else
                parties.AddRange(Values($"party.{role.Role}").Distinct().Select(code => new PartyInput(code, role.Role, Optional($"signatory.{role.Role}.{code}"))));
        }
        return parties;
    }

    /// <summary>A party as the review shows it: role, institution with its county, and who signs.</summary>
    public IEnumerable<(string Role, string Institution, string Signatory)> ChosenParties()
    {
        foreach (var party in PartiesOf(Choices!))
        {
            var role = Choices!.Role(party.Role)!;
            var candidate = Choices.Find(party.Role, party.InstitutionCode);
            if (candidate is null) continue;
            var signatory = candidate.Signatories.FirstOrDefault(s => s.UserName == party.Signatory)?.Text
                ?? (candidate.Signatories.Count == 1 ? candidate.Signatories[0].Text : "尚未指定（提交审核前须由管理员开通签署人）");
            yield return (role.Title, candidate.County is null ? candidate.Name : $"{candidate.Name}（{candidate.County}）", signatory);
        }
    }

    /// <summary>A title from the parties that fill a role of one, e.g. 揭东区第一中学、揭东区玉湖中学县中托管帮扶协议.</summary>
    private string SuggestedTitle()
    {
        var names = PartiesOf(Choices!).Where(p => Choices!.Role(p.Role) is { Multiple: false })
            .Select(p => Choices!.Find(p.Role, p.InstitutionCode)?.Name).OfType<string>().ToList();
        if (names.Count == 0) names.Add(Choices!.DrafterName);
        return $"{string.Join("、", names)}{Choices!.Title}协议";
    }

    private AgreementDraft DraftOf(ProgramChoices choices) =>
        new(choices.Program, Value("title").Trim(), Date("termStart", "开始日期")!.Value, Date("termEnd", "结束日期")!.Value, PartiesOf(choices),
            Value("goals").Trim(), Lines("measures"), Values("focus").ToList(), Optional("fundingSource"), Optional("budgetLine"), Amount(),
            Optional("contactName"), Optional("contactPhone"), Lines("targets"), Budget());

    private string? Optional(string name) => Value(name).Trim() is { Length: > 0 } v ? v : null;

    private List<string> Lines(string name) => Value(name).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public DateOnly? DateValue(string name) =>
        DateOnly.TryParseExact(Value(name).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private DateOnly? Date(string name, string title)
    {
        if (DateValue(name) is { } d) return d;
        Problems.Add((name, Value(name).Trim().Length == 0 ? $"请填写{title}" : $"{title}「{Value(name)}」不是有效日期，请按 年-月-日 填写，如 2025-09-01"));
        return null;
    }

    private Guid? Budget()
    {
        if (Optional("budgetId") is not { } text) return null;
        if (Guid.TryParse(text, out var id) && Choices!.Budgets?.Any(b => b.Id == id) == true) return id;
        Problems.Add(("budgetId", "所选县级预算不是本市本项目的预算，请重新选择"));
        return null;
    }

    private decimal? Amount()
    {
        var text = Value("fundingAmount").Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (text.Length == 0) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0) return amount;
        Problems.Add(("fundingAmount", $"金额「{Value("fundingAmount")}」无效，请填写不小于 0 的数字（元），如 120000"));
        return null;
    }
}
