using Microsoft.EntityFrameworkCore;
using Pairing.Application;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Domain.Accounts;

namespace Pairing.Web.Api;

public sealed record ActionRequest(string Action, string? Comment = null, string? Cycle = null, Dictionary<string, string>? Inputs = null,
    int? ExpectedVersion = null, string? Participant = null);

public sealed record UpdateRequest(AgreementChanges Changes, int? ExpectedVersion = null);

/// <summary>/api/v1: the same use cases and the same authorization as the pages, for other bureau systems.</summary>
public static class ApiEndpoints
{
    public static void Map(WebApplication web)
    {
        var api = web.MapGroup("/api/v1").RequireAuthorization().DisableAntiforgery();
        var app = web.Services.GetRequiredService<PairingApp>();

        api.MapGet("/me", (HttpContext c, CancellationToken ct) => Guarded.Run(async () =>
        {
            var a = await CurrentAccount.OfAsync(app, c.User);
            return Results.Ok(new { a.UserName, a.DisplayName, a.Role, a.CityCode, a.CountyCode, a.InstitutionCode, a.CanSign });
        })).WithSummary("当前账号");

        api.MapGet("/agreements", (HttpContext c, string? program, string? state, string? county, int? year, string? search) => Guarded.Run(async () =>
            Results.Ok(await app.Queries.ListAsync(CurrentAccount.UserName(c.User), new AgreementFilter(program, state, county, year, search)))))
            .WithSummary("可见的协议（按项目、状态、县、年份筛选，按名称或编号搜索）");

        api.MapPost("/agreements", (HttpContext c, CancellationToken ct) => Guarded.Run(async () =>
        {
            var (draft, problem) = await JsonBody.ReadAsync<AgreementDraft>(c.Request);
            if (problem is not null) return problem;
            var summary = await app.Agreements.DraftAsync(CurrentAccount.UserName(c.User), draft!);
            return Results.Created($"/api/v1/agreements/{summary.Number}", summary);
        })).WithSummary("起草协议").Accepts<AgreementDraft>("application/json");

        api.MapGet("/agreements/{number}", (HttpContext c, string number) => Guarded.Run(async () =>
            Results.Ok(await app.Queries.ShowAsync(CurrentAccount.UserName(c.User), number)))).WithSummary("协议详情");

        api.MapPatch("/agreements/{number}", (HttpContext c, string number) => Guarded.Run(async () =>
        {
            var (request, problem) = await JsonBody.ReadAsync<UpdateRequest>(c.Request);
            if (problem is not null) return problem;
            var version = await app.Agreements.UpdateAsync(CurrentAccount.UserName(c.User), number, request!.Changes, request.ExpectedVersion);
            return Results.Ok(new { number, version });
        })).WithSummary("修改草稿；expectedVersion 过期时返回 409").Accepts<UpdateRequest>("application/json");

        api.MapPost("/agreements/{number}/actions", (HttpContext c, string number) => Guarded.Run(async () =>
        {
            if (EvidenceForm.IdempotencyKey(c.Request) is not { } key) return Problems.MissingIdempotencyKey;
            var (request, problem) = await JsonBody.ReadAsync<ActionRequest>(c.Request);
            if (problem is not null) return problem;
            var outcome = await app.Agreements.ActAsync(CurrentAccount.UserName(c.User), new AgreementAction(number, request!.Action, key,
                request.Comment, request.Cycle, request.Inputs, request.ExpectedVersion, request.Participant));
            return Results.Ok(outcome);
        })).WithSummary("执行动作（提交、审核、退回、签署、报告…）；需 Idempotency-Key").Accepts<ActionRequest>("application/json");

        api.MapGet("/agreements/{number}/document", (HttpContext c, string number, string? format, int? revision) => Guarded.Run(async () =>
        {
            var file = await app.Documents.ExportAsync(CurrentAccount.UserName(c.User), number, format ?? "pdf", revision);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        })).WithSummary("协议文件（已签署 PDF 或带“草稿”水印的预览；format=docx 为 Word，format=certificate 为签署证书）");

        api.MapGet("/agreements/{number}/cycles/{cycle}/document", (HttpContext c, string number, string cycle, string? format) => Guarded.Run(async () =>
        {
            var file = await app.CycleDocuments.RenderAsync(CurrentAccount.UserName(c.User), number, cycle, format ?? "pdf");
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        })).WithSummary("学期报告或学年评估文件");

        api.MapGet("/agreements/{number}/cycles/{cycle}", (HttpContext c, string number, string cycle) => Guarded.Run(async () =>
            Results.Ok(await app.Queries.CycleAsync(CurrentAccount.UserName(c.User), number, cycle)))).WithSummary("报告或评估：内容、可执行动作、佐证文件、记录");

        api.MapPost("/agreements/{number}/cycles/{cycle}/actions", (HttpContext c, string number, string cycle) => Guarded.Run(async () =>
        {
            if (EvidenceForm.IdempotencyKey(c.Request) is not { } key) return Problems.MissingIdempotencyKey;
            if (!c.Request.HasFormContentType) return Problems.Invalid("body", "请以 multipart/form-data 提交：action、comment、input.<字段>、evidence 文件");
            var form = await c.Request.ReadFormAsync();
            if (form["action"].ToString() is not { Length: > 0 } action) return Problems.Invalid("action", "缺少 action");
            var inputs = form.Keys.Where(k => k.StartsWith("input.", StringComparison.Ordinal)).ToDictionary(k => k["input.".Length..], k => form[k].ToString());
            var uploads = await EvidenceForm.ReadAsync(form.Files, c.RequestAborted);
            int? version = int.TryParse(form["expectedVersion"], out var v) ? v : null;
            var comment = form["comment"].ToString();
            return Results.Ok(await app.Agreements.ActAsync(CurrentAccount.UserName(c.User), new AgreementAction(number, action, key,
                comment.Length == 0 ? null : comment, cycle, inputs, version, Evidence: uploads)));
        })).WithSummary("提交、审核报告或评估（multipart，含佐证文件）；需 Idempotency-Key").DisableAntiforgery();

        api.MapGet("/agreements/{number}/evidence/{id:guid}", (HttpContext c, string number, Guid id) => Guarded.Run(async () =>
        {
            var file = await app.Queries.EvidenceAsync(CurrentAccount.UserName(c.User), number, id);
            return Results.File(file.Content, file.ContentType, file.FileName);
        })).WithSummary("佐证文件");

        api.MapGet("/tasks", (HttpContext c, CancellationToken ct) => Guarded.Run(async () =>
            Results.Ok(await app.Queries.TasksAsync(CurrentAccount.UserName(c.User))))).WithSummary("待办（逾期在前）");

        api.MapGet("/notifications", (HttpContext c, CancellationToken ct) => Guarded.Run(async () =>
            Results.Ok(await app.Queries.NotificationsAsync(CurrentAccount.UserName(c.User))))).WithSummary("通知");

        api.MapGet("/institutions", (HttpContext c, string? county, string? tag) => Guarded.Run(async () =>
        {
            var account = await CurrentAccount.OfAsync(app, c.User);
            await using var db = app.Db();
            var query = db.Institutions.AsNoTracking();
            if (account.Role != AccountRole.ProvinceAdmin) query = query.Where(i => i.CityCode == account.CityCode);
            if (county is not null) query = query.Where(i => i.CountyCode == county);
            var list = await query.OrderBy(i => i.Code).ToListAsync();
            if (tag is not null) list = list.Where(i => i.Tags.Contains(tag)).ToList();
            return Results.Ok(list.Select(i => new { i.Code, i.Name, i.CityCode, i.CountyCode, i.Stages, i.Tags }));
        })).WithSummary("本市机构名录");

        api.MapGet("/compliance", (HttpContext c, string? city) => Guarded.Run(async () =>
        {
            var account = await CurrentAccount.OfAsync(app, c.User);
            if (!CurrentAccount.IsBureau(account)) return Problems.Of(new(Workflows.Runtime.WorkflowErrorKind.Forbidden, "只有教育局和管理员可以查看达标情况", "user"));
            var scope = account.Role == AccountRole.ProvinceAdmin ? city : account.CityCode;
            return Results.Ok(await app.Compliance.ComputeAsync(scope));
        })).WithSummary("各项目目标与实际（教育局）");

        web.MapGet("/verify/ca.pem", () => Pages.Verify.VerifyCaModel.Pem(app)).AllowAnonymous().WithSummary("本平台根证书（PEM）");
        web.MapGet("/verify/ca.crt", () => Pages.Verify.VerifyCaModel.Der(app)).AllowAnonymous().WithSummary("本平台根证书（DER）");
        web.MapPost("/api/v1/verify", (HttpRequest request) => Guarded.Run(async () =>
        {
            var (bytes, problem) = await Uploads.ReadPdfAsync(request);
            if (problem is not null) return problem;
            return Results.Ok(await app.Verifier.VerifyAsync(bytes!));
        })).AllowAnonymous().DisableAntiforgery().WithSummary("核验 PDF（任何人，无需登录）");
    }
}
