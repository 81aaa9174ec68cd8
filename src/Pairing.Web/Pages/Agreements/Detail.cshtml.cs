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
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(string action, string key, int version, string? comment, CancellationToken ct)
    {
        try
        {
            var outcome = await mediator.Send(new ActOnAgreement.Command(User.Identity!.Name!, new AgreementAction(Number, action, key,
                string.IsNullOrWhiteSpace(comment) ? null : comment, ExpectedVersion: version)), ct);
            Message = outcome.Repeated ? "该操作已完成（重复提交被忽略）" : "已完成";
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            (Message, Failed) = (PageErrors.Message(ex), true);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(int version, string title, string? goals, string? measures, string? targets, CancellationToken ct)
    {
        static List<string> Lines(string? text) => (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        try
        {
            await mediator.Send(new UpdateAgreement.Command(User.Identity!.Name!, Number, new AgreementChanges(Title: title, Goals: goals?.Trim() ?? "",
                Measures: Lines(measures), Targets: Lines(targets)), version), ct);
            Message = "已保存";
        }
        catch (PairingException ex)
        {
            if (ex.Kind == ErrorKind.NotFound && ex.Field is "number") return NotFound();
            (Message, Failed) = (PageErrors.Message(ex), true);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
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
            (Message, Failed) = (PageErrors.Message(ex), true);
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
            return true;
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }
}
