using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Agreements;

/// <summary>The new-agreement wizard: pick a program, then parties from pickers that offer only eligible institutions
/// and say why the others cannot be chosen. A refusal keeps everything typed and names the rule and the school.</summary>
public sealed class NewAgreementModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Program { get; set; }
    public ProgramChoices? Choices { get; private set; }
    public IReadOnlyList<ProgramView> Programs { get; private set; } = [];
    public string? Error { get; private set; }
    private IFormCollection? _posted;

    public string Value(string name, string fallback = "") => _posted?[name] is { Count: > 0 } v ? v.ToString() : fallback;

    public IReadOnlyList<string> Values(string name) => _posted?[name] is { Count: > 0 } v ? v.OfType<string>().ToList() : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Program is null)
        {
            Programs = await mediator.Send(new ListPrograms.Query(User.Identity!.Name!), ct);
            return Page();
        }
        return await LoadAsync(ct) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        _posted = Request.Form;
        if (!await LoadAsync(ct)) return Forbid();
        try
        {
            var summary = await mediator.Send(new DraftAgreement.Command(User.Identity!.Name!, DraftOf(Choices!)), ct);
            return Redirect($"/agreements/{summary.Number}");
        }
        catch (PairingException ex)
        {
            Error = PageErrors.Message(ex);
            return Page();
        }
    }

    private AgreementDraft DraftOf(ProgramChoices choices)
    {
        var parties = new List<PartyInput>();
        foreach (var role in choices.Roles)
        {
            if (role.Max == 1)
            {
                if (Value($"party.{role.Role}") is { Length: > 0 } code)
                    parties.Add(new PartyInput(code, role.Role, Optional($"signatory.{role.Role}")));
            }
            else
                parties.AddRange(Values($"party.{role.Role}").Select(code => new PartyInput(code, role.Role, Optional($"signatory.{role.Role}.{code}"))));
        }
        return new AgreementDraft(choices.Program, Value("title").Trim(), Date("termStart"), Date("termEnd"), parties, Value("goals").Trim(),
            Lines("measures"), Values("focus").ToList(), Optional("fundingSource"), Optional("budgetLine"), Amount(), Optional("contactName"),
            Optional("contactPhone"), Lines("targets"), Budget());
    }

    private string? Optional(string name) => Value(name).Trim() is { Length: > 0 } v ? v : null;

    private List<string> Lines(string name) => Value(name).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private DateOnly Date(string name) =>
        DateOnly.TryParseExact(Value(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new PairingException(ErrorKind.Invalid, $"日期「{Value(name)}」无效，应为 yyyy-MM-dd", name);

    private Guid? Budget() =>
        Optional("budgetId") is not { } text ? null
            : Guid.TryParse(text, out var id) ? id : throw new PairingException(ErrorKind.Invalid, $"县级预算「{text}」无效", "budgetId");

    private decimal? Amount()
    {
        var text = Value("fundingAmount").Trim().Replace(",", "");
        if (text.Length == 0) return null;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0 ? amount
            : throw new PairingException(ErrorKind.Invalid, $"金额「{text}」无效", "fundingAmount");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Choices = await mediator.Send(new ChooseParties.Query(User.Identity!.Name!, Program!), ct);
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.Forbidden)
        {
            return false;
        }
        catch (PairingException ex)
        {
            Error = ex.Message;
            Program = null;
            return true;
        }
    }
}
