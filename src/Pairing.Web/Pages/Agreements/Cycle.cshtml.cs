using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Agreements;

/// <summary>One report or evaluation: submit it with indicators and evidence files, or review it (accept, or return
/// with comments). A failed submission keeps what was typed and saves nothing; the files are checked first.</summary>
[RequestSizeLimit(Evidence.MaxFiles * Evidence.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = Evidence.MaxFiles * Evidence.MaxBytes + 1024 * 1024)]
public sealed class CycleModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";
    public CycleDetail? Detail { get; private set; }
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    private IFormCollection? _posted;

    public string Value(string name) => _posted?[name].ToString() ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string action, string key, int version, string? comment, CancellationToken ct)
    {
        _posted = Request.Form;
        try
        {
            var inputs = _posted.Keys.Where(k => k.StartsWith("input.", StringComparison.Ordinal) && _posted[k].ToString().Trim() != "")
                .ToDictionary(k => k["input.".Length..], k => _posted[k].ToString().Trim());
            var uploads = await Api.EvidenceForm.ReadAsync(_posted.Files, ct);
            var outcome = await mediator.Send(new ActOnAgreement.Command(User.Identity!.Name!, new AgreementAction(Number, action, key,
                string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), Cycle, inputs, version, Evidence: uploads)), ct);
            Message = outcome.Repeated ? "该操作已完成（重复提交被忽略）" : "已完成";
            _posted = null;
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            (Message, Failed) = (PageErrors.Message(ex), true);
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
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }
}
