using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Agreements;

/// <summary>One report or evaluation: submit it with indicators and evidence files, or review it (accept, or return
/// with a reason). A failed submission keeps what was typed and saves nothing; a returned one opens with what was last
/// submitted and the reason on top. After an action the page reloads (post/redirect/get) and says what happened.</summary>
[BodyLimit(EvidenceForm.MaxRequestBytes, "evidence", EvidenceForm.Limit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceForm.MaxRequestBytes)]
public sealed class CycleModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";
    public CycleDetail? Detail { get; private set; }
    public Flash? Flash { get; private set; }
    private IFormCollection? _posted;

    /// <summary>What a field shows: what was just posted (after a refusal), else what was last submitted.</summary>
    public string Value(string field, string? input = null) =>
        _posted is not null ? _posted[field].ToString()
        : input is not null && Detail?.Previous?.GetValueOrDefault(input) is { } previous ? previous : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = Flash.From(TempData);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string action, string key, int version, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var title = Detail!.Actions.FirstOrDefault(a => a.Id == action)?.Title;
        _posted = Request.Form;
        try
        {
            var inputs = _posted.Keys.Where(k => k.StartsWith("input.", StringComparison.Ordinal) && _posted[k].ToString().Trim() != "")
                .ToDictionary(k => k["input.".Length..], k => _posted[k].ToString().Trim());
            var uploads = await EvidenceForm.ReadAsync(_posted.Files, ct);
            var outcome = await mediator.Send(new ActOnAgreement.Command(User.Identity!.Name!, new AgreementAction(Number, action, key,
                string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), Cycle, inputs, version, Evidence: uploads)), ct);
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

    public async Task<IActionResult> OnPostRemoveEvidenceAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var name = await mediator.Send(new RemoveEvidence.Command(User.Identity!.Name!, Number, Cycle, id), ct);
            Flash.Say(TempData, $"已删除佐证文件「{name}」");
            return RedirectToPage();
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            Flash = Flash.Error(PageErrors.Message(ex));
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetEvidenceAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var file = await mediator.Send(new DownloadEvidence.Query(User.Identity!.Name!, Number, id), ct);
            return File(file.Content, file.ContentType, file.FileName);
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
            Detail = await mediator.Send(new ShowCycle.Query(User.Identity!.Name!, Number, Cycle), ct);
            if (Flash?.Pending == true) Flash = Flash.Describe(Detail.Cycle.StateTitle, []);
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }
}
