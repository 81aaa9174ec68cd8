using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Lists;
using Pairing.Application.Registry;
using Pairing.Domain.Registry;
using Pairing.Web.Api;
using Pairing.Web.Lists;

namespace Pairing.Web.Pages.Registry;

/// <summary>名录: the city's institutions with their tags and stages, filtered, sorted and paged in the query string and
/// exportable to Excel. Bureaus import a CSV or Excel list: a preview shows every bad row, or — when clean — every row
/// it will create or update, and only a clean list can be committed. Uploaded files live only between preview and
/// commit; a failed preview leaves none behind.</summary>
[BodyLimit(ImportInstitutions.MaxBytes + 64 * 1024, "file", "名录文件不能超过 10 MB")]
public sealed class RegistryModel(IMediator mediator) : PageModel
{
    /// <summary>A previewed file nobody committed is removed after this long.</summary>
    private static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(12);

    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.SortKey)] public string? SortColumn { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.DirKey)] public string? SortDirection { get; set; }
    // Not bound: Razor Pages reserves the route value "page" for the page's own path.
    public string? PageNumber => Request.Query[ListLinks.PageKey];
    [BindProperty(SupportsGet = true, Name = ListLinks.SizeKey)] public string? PageSize { get; set; }
    public PageOf<Institution> Institutions { get; private set; } = new([], 0, 1, PageRequest.DefaultSize);
    public IReadOnlyList<County> Counties { get; private set; } = [];
    public bool CanImport { get; private set; }
    public TagVocabulary Tags { get; private set; } = new(new Dictionary<string, string>());
    public SortOrder Sort { get; private set; } = new(ListInstitutions.ByCode);
    public ListLinks Links { get; private set; } = new("/registry", []);
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
            RemoveStalePreviews();
            var token = Guid.NewGuid().ToString("N");
            var path = Upload(token, ext);
            var keep = false;
            try
            {
                await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
                Preview = await Guard(() => mediator.Send(new ImportInstitutions.Command(path, User.Identity!.Name, DryRun: true, file.FileName), ct));
                keep = Preview is { Errors.Count: 0 };
                Token = keep ? token + ext : null;
            }
            finally
            {
                // Only a clean preview waits for its commit; anything else (errors, a refusal, a failure) is removed now.
                if (!keep) System.IO.File.Delete(path);
            }
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
        try
        {
            Preview = await Guard(() => mediator.Send(new ImportInstitutions.Command(path, User.Identity!.Name), ct));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        if (Preview is { Committed: true }) Message = $"已导入：新增 {Preview.Created}，更新 {Preview.Updated}";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>名录导入模板 (CSV with a byte-order mark, or .xlsx): the header row and one example row.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? format, CancellationToken ct)
    {
        try
        {
            var file = await mediator.Send(new ImportTemplate.Query(User.Identity!.Name!, format ?? ImportTemplate.Csv), ct);
            return File(file.Bytes, file.ContentType, file.FileName);
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.Invalid)
        {
            return BadRequest(ex.Message);
        }
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

    public static string UploadFolder => Path.GetTempPath();

    public const string UploadPrefix = "pairing-import-";

    private static string Upload(string token, string ext) => Path.Combine(UploadFolder, $"{UploadPrefix}{token}{ext}");

    /// <summary>Clean previews abandoned without a commit.</summary>
    private static void RemoveStalePreviews()
    {
        foreach (var stale in Directory.EnumerateFiles(UploadFolder, UploadPrefix + "*")
                     .Where(f => System.IO.File.GetLastWriteTimeUtc(f) < DateTime.UtcNow - PreviewLifetime))
            try { System.IO.File.Delete(stale); } catch (IOException) { }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Links = ListLinks.Of(Request);
        Sort = SortOrder.Of(SortColumn, SortDirection, ListInstitutions.SortColumns, ListInstitutions.ByCode);
        var page = PageRequest.Of(Int(PageNumber), Int(PageSize));
        var registry = await mediator.Send(new ListInstitutions.Query(User.Identity!.Name!, County: County, Tag: Tag, Search: Search, Sort: Sort, Page: page), ct);
        (Counties, CanImport, Tags) = (registry.Counties, registry.CanImport, registry.Tags);
        Institutions = new PageOf<Institution>(registry.Institutions, registry.Total, registry.PageNumber, page.Size);
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
