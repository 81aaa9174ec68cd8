using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Registry;
using Pairing.Domain.Registry;

namespace Pairing.Web.Pages.Registry;

/// <summary>名录: the city's institutions with their tags and stages. Bureaus import a CSV or Excel list: a preview shows
/// every bad row first, and only a list without errors can be committed.</summary>
[RequestSizeLimit(ImportInstitutions.MaxBytes + 64 * 1024)]
public sealed class RegistryModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    public IReadOnlyList<Institution> Institutions { get; private set; } = [];
    public IReadOnlyList<County> Counties { get; private set; } = [];
    public bool CanImport { get; private set; }
    public TagVocabulary Tags { get; private set; } = new(new Dictionary<string, string>());
    public ImportReport? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanImport) return Forbid();
        var ext = Path.GetExtension(file?.FileName ?? "").ToLowerInvariant();
        if (file is null || file.Length == 0) (Message, Failed) = ("请选择 CSV 或 Excel 文件", true);
        else if (ext is not (".csv" or ".xlsx")) (Message, Failed) = ($"{file.FileName}：只支持 .csv 和 .xlsx", true);
        else if (file.Length > ImportInstitutions.MaxBytes) (Message, Failed) = ("文件过大，上限 10 MB", true);
        else
        {
            var token = Guid.NewGuid().ToString("N");
            var path = Upload(token, ext);
            await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
            Preview = await Guard(() => mediator.Send(new ImportInstitutions.Command(path, User.Identity!.Name, DryRun: true), ct));
            Token = Preview is { Errors.Count: 0 } ? token + ext : null;
            if (Token is null) System.IO.File.Delete(path);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync(string token, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanImport) return Forbid();
        // The token names a file this page wrote; anything else is refused rather than resolved as a path.
        var ext = Path.GetExtension(token);
        if (!Guid.TryParseExact(Path.GetFileNameWithoutExtension(token), "N", out var id) || ext is not (".csv" or ".xlsx")
            || !System.IO.File.Exists(Upload(id.ToString("N"), ext)))
        {
            (Message, Failed) = ("预览已过期，请重新上传", true);
            return Page();
        }
        var path = Upload(id.ToString("N"), ext);
        Preview = await Guard(() => mediator.Send(new ImportInstitutions.Command(path, User.Identity!.Name), ct));
        System.IO.File.Delete(path);
        if (Preview is { Committed: true }) Message = $"已导入：新增 {Preview.Created}，更新 {Preview.Updated}";
        await LoadAsync(ct);
        return Page();
    }

    private async Task<ImportReport?> Guard(Func<Task<ImportReport>> import)
    {
        try
        {
            return await import();
        }
        catch (PairingException ex)
        {
            (Message, Failed) = (ex.Message, true);
            return null;
        }
    }

    private static string Upload(string token, string ext) => Path.Combine(Path.GetTempPath(), $"pairing-import-{token}{ext}");

    private async Task LoadAsync(CancellationToken ct)
    {
        var registry = await mediator.Send(new ListInstitutions.Query(User.Identity!.Name!, County: County, Tag: Tag, Search: Search), ct);
        (Institutions, Counties, CanImport, Tags) = (registry.Institutions, registry.Counties, registry.CanImport, registry.Tags);
    }
}
