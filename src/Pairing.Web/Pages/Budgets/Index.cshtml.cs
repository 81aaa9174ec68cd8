using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Errors;
using Pairing.Application.Funding;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Budgets;

/// <summary>预算: the county budget records for programs funded from county budgets (labour education). Bureaus record
/// them; schools see them, since they choose one when drafting. A refused record keeps what was typed.</summary>
public sealed class BudgetsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<BudgetView> Budgets { get; private set; } = [];
    public BudgetForm Form { get; private set; } = new([], [], false);
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    private IFormCollection? _posted;

    public string Value(string name) => _posted?[name].ToString() ?? "";

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        _posted = Request.Form;
        try
        {
            var year = int.TryParse(Value("year"), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y
                : throw new PairingException(ErrorKind.Invalid, $"预算年度「{Value("year")}」无效", "year");
            var amount = decimal.TryParse(Value("amount").Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a
                : throw new PairingException(ErrorKind.Invalid, $"金额「{Value("amount")}」无效", "amount");
            var recorded = await mediator.Send(new CountyBudgets.Record(User.Identity!.Name!, Value("county"), Value("program"), year, Value("line"),
                amount, Value("document")), ct);
            (Message, _posted) = ($"已登记：{recorded.CountyName} {recorded.Year} 年度 {recorded.Line} {recorded.Amount:#,0.##} 元（{recorded.Document}）", null);
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.Forbidden) return Forbid();
            (Message, Failed) = (PageErrors.Message(ex), true);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Form = await mediator.Send(new CountyBudgets.Form(User.Identity!.Name!), ct);
        Budgets = await mediator.Send(new CountyBudgets.List(User.Identity!.Name!), ct);
    }
}
