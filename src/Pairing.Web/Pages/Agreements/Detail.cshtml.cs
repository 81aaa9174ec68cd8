using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Agreements;

/// <summary>One agreement: parties, plan, state and the actions the policy offers this user, documents, cycles,
/// journal. Actions post with an idempotency key and the version the user saw, so a double click or a stale page is
/// safe.</summary>
public sealed class AgreementDetailModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    public AgreementDetail? Detail { get; private set; }
    public Flash? Flash { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = Flash.From(TempData);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostActAsync(string action, string key, int version, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var title = Detail!.Actions.FirstOrDefault(a => a.Id == action)?.Title;
        try
        {
            var outcome = await mediator.Send(new ActOnAgreement.Command(User.Identity!.Name!, new AgreementAction(Number, action, key,
                string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), ExpectedVersion: version)), ct);
            Flash.Done(TempData, title, outcome.Repeated);
            return RedirectToPage();
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            Flash = Flash.Error(PageErrors.Message(ex));
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(int version, string title, DateOnly? termStart, DateOnly? termEnd, string? goals, string? focus,
        string? measures, string? targets, string? fundingSource, string? budgetLine, string? fundingAmount, string? contactName, string? contactPhone,
        CancellationToken ct)
    {
        static List<string> Lines(string? text) => (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        try
        {
            if (!ModelState.IsValid)
                throw new PairingException(ErrorKind.Invalid, "起始日期或终止日期不是有效日期（格式：2025-09-01）", "termStart");
            await mediator.Send(new UpdateAgreement.Command(User.Identity!.Name!, Number, new AgreementChanges(Title: title, TermStart: termStart,
                TermEnd: termEnd, Goals: goals?.Trim() ?? "", Measures: Lines(measures), Targets: Lines(targets),
                FocusAreas: (focus ?? "").Split(['、', '，', ',', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                FundingSource: fundingSource?.Trim(), BudgetLine: budgetLine?.Trim(), FundingAmount: Amount(fundingAmount),
                ContactName: contactName?.Trim(), ContactPhone: contactPhone?.Trim()), version), ct);
            Flash.Say(TempData, "修改已保存");
            return RedirectToPage();
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            Flash = Flash.Error(PageErrors.Message(ex));
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private static decimal? Amount(string? text)
    {
        var plain = (text ?? "").Trim().Replace(",", "").Replace("，", "");
        if (plain.Length == 0) return null;
        return decimal.TryParse(plain, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0 ? amount
            : throw new PairingException(ErrorKind.Invalid, $"经费金额「{text}」不是有效的金额", "fundingAmount");
    }

    public async Task<IActionResult> OnPostRenewAsync(CancellationToken ct)
    {
        try
        {
            var renewal = await mediator.Send(new RenewAgreement.Command(User.Identity!.Name!, Number), ct);
            return Redirect($"/agreements/{renewal.Number}");
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            Flash = Flash.Error(PageErrors.Message(ex));
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnGetDocumentAsync(string? format, int? revision, CancellationToken ct) =>
        FileOf(new ExportAgreementDocument.Query(User.Identity!.Name!, Number, format ?? "pdf", revision), ct);

    public Task<IActionResult> OnGetCycleAsync(string cycle, CancellationToken ct) =>
        FileOf(new RenderCycleDocument.Query(User.Identity!.Name!, Number, cycle), ct);

    private async Task<IActionResult> FileOf(IRequest<DocumentFile> request, CancellationToken ct)
    {
        try
        {
            var file = await mediator.Send(request, ct);
            return File(file.Bytes, file.ContentType, file.FileName);
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Detail = await mediator.Send(new ShowAgreement.Query(User.Identity!.Name!, Number), ct);
            if (Flash?.Pending == true) Flash = Flash.Describe(Detail.Summary.StateTitle, Detail.OpenTasks.Select(t => t.Title).Distinct().ToList());
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }
}
