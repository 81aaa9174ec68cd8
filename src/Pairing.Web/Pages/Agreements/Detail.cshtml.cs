using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application;
using Pairing.Application.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Pages.Agreements;

/// <summary>One agreement: parties, plan, state and the actions this user may take, documents, cycles, journal.
/// Actions post with an idempotency key and the version the user saw, so a double click or a stale page is safe.</summary>
public sealed class AgreementDetailModel(PairingApp app) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    public AgreementDetail? Detail { get; private set; }
    public List<(string Id, string Title)> Actions { get; private set; } = [];
    public string? Message { get; private set; }
    /// <summary>The draft's owner may edit it: shown when the user can submit it.</summary>
    public bool CanEdit => Actions.Any(a => a.Id is "submit" or "resubmit");
    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(string action, string key, int version, string? comment, CancellationToken ct)
    {
        try
        {
            var outcome = await app.Agreements.ActAsync(User.Identity!.Name!, new AgreementAction(Number, action, key,
                string.IsNullOrWhiteSpace(comment) ? null : comment, ExpectedVersion: version), ct);
            Message = outcome.Repeated ? "该操作已完成（重复提交被忽略）" : "已完成";
        }
        catch (WorkflowException ex)
        {
            (Message, Failed) = (ex.Message, true);
            if (ex.Kind == WorkflowErrorKind.NotFound) return NotFound();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(int version, string title, string? goals, string? measures, string? targets, CancellationToken ct)
    {
        static List<string> Lines(string? text) => (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        try
        {
            await app.Agreements.UpdateAsync(User.Identity!.Name!, Number, new AgreementChanges(Title: title, Goals: goals?.Trim() ?? "",
                Measures: Lines(measures), Targets: Lines(targets)), version, ct);
            Message = "已保存";
        }
        catch (WorkflowException ex)
        {
            if (ex.Kind == WorkflowErrorKind.NotFound) return NotFound();
            (Message, Failed) = (ex.Field is null ? ex.Message : $"{ex.Message}（字段：{ex.Field}）", true);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetDocumentAsync(string? format, int? revision, CancellationToken ct)
    {
        try
        {
            var file = await app.Documents.ExportAsync(User.Identity!.Name!, Number, format ?? "pdf", revision, ct);
            return File(file.Bytes, file.ContentType, file.FileName);
        }
        catch (WorkflowException ex) when (ex.Kind == WorkflowErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnGetCycleAsync(string cycle, CancellationToken ct)
    {
        try
        {
            var file = await app.CycleDocuments.RenderAsync(User.Identity!.Name!, Number, cycle, "pdf", ct);
            return File(file.Bytes, file.ContentType, file.FileName);
        }
        catch (WorkflowException ex) when (ex.Kind == WorkflowErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Detail = await app.Queries.ShowAsync(User.Identity!.Name!, Number, ct);
        }
        catch (WorkflowException ex) when (ex.Kind == WorkflowErrorKind.NotFound)
        {
            return false;
        }
        // Available actions read "id（title）".
        Actions = Detail.AvailableActions.Select(a => a.Split('（', 2)).Select(p => (p[0], p.Length > 1 ? p[1].TrimEnd('）') : p[0])).ToList();
        return true;
    }
}
