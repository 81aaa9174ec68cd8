using MediatR;
using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Funding;
using Pairing.Application.Indicators;
using Pairing.Application.Lists;
using Pairing.Application.Registry;

namespace Pairing.Web.Api;

public sealed record ActionRequest(string Action, string? Comment = null, string? Cycle = null, Dictionary<string, string>? Inputs = null,
    int? ExpectedVersion = null, string? Participant = null);

public sealed record UpdateRequest(AgreementChanges Changes, int? ExpectedVersion = null);

public sealed record BudgetRequest(string? County, string Program, int Year, string Line, decimal Amount, string Document);

/// <summary>/api/v1: the same use cases (slices) and the same policy as the pages, for other bureau systems. Each
/// endpoint reads its input, sends one request, and maps the application's error to problem details.</summary>
public static class ApiEndpoints
{
    public static void Map(WebApplication web)
    {
        var api = web.MapGroup("/api/v1").RequireAuthorization().DisableAntiforgery();

        api.MapGet("/me", (HttpContext c, IMediator m) => Guarded.Run(async () =>
            Results.Ok(await CurrentAccount.OfAsync(m, c.User, c.RequestAborted)))).WithSummary("当前账号及可做的事");

        api.MapGet("/agreements", (HttpContext c, IMediator m, string? program, string? state, string? county, string? year, string? search, string? city,
            string? institution, string? role, string? live, string? sort, string? dir, string? page, string? size) => Guarded.Run(async () =>
        {
            var (filter, problem) = ExportEndpoints.AgreementQuery(program, state, county, year, search, city, institution, role, live);
            var (paging, badPage) = ApiPaging.Read(page, size);
            return problem ?? badPage ?? Results.Ok(ApiPaging.Of(await m.Send(new ListAgreements.PageQuery(CurrentAccount.UserName(c.User), filter!,
                SortOrder.Of(sort, dir, ListAgreements.SortColumns, ListAgreements.ByNumber), paging!), c.RequestAborted)));
        }))
            .WithSummary("可见的协议，分页（按项目、状态（代码或中文名称）、县、年份筛选，按名称或编号搜索；sort=number|title|state|start，dir=asc|desc；page、size）");

        api.MapGet("/reports", (HttpContext c, IMediator m, string? scope, string? program, string? state, string? county, string? search, string? sort,
            string? dir, string? page, string? size) => Guarded.Run(async () =>
        {
            var (paging, badPage) = ApiPaging.Read(page, size);
            return badPage ?? Results.Ok(ApiPaging.Slice(await m.Send(new ListReports.Query(CurrentAccount.UserName(c.User),
                ExportEndpoints.ReportQuery(scope, program, state, county, search), SortOrder.Of(sort, dir, ListReports.SortColumns, ListReports.ByDue)),
                c.RequestAborted), paging!));
        }))
            .WithSummary("学期报告和学年评估，分页（默认为待我处理，scope=all 为可见协议的全部报告；page、size）");

        ExportEndpoints.Map(api);

        api.MapPost("/agreements", (HttpContext c, IMediator m) => Guarded.Run(async () =>
        {
            var (draft, problem) = await JsonBody.ReadAsync<AgreementDraft>(c.Request);
            if (problem is not null) return problem;
            var summary = await m.Send(new DraftAgreement.Command(CurrentAccount.UserName(c.User), draft!), c.RequestAborted);
            return Results.Created($"/api/v1/agreements/{summary.Number}", summary);
        })).WithSummary("起草协议").Accepts<AgreementDraft>("application/json").WithMetadata(JsonBody.BodyLimit);

        api.MapGet("/agreements/{number}", (HttpContext c, IMediator m, string number) => Guarded.Run(async () =>
            Results.Ok(await m.Send(new ShowAgreement.Query(CurrentAccount.UserName(c.User), number), c.RequestAborted))))
            .WithSummary("协议详情，含当前账号可执行的动作（actions）");

        api.MapPatch("/agreements/{number}", (HttpContext c, IMediator m, string number) => Guarded.Run(async () =>
        {
            var (request, problem) = await JsonBody.ReadAsync<UpdateRequest>(c.Request);
            if (problem is not null) return problem;
            var version = await m.Send(new UpdateAgreement.Command(CurrentAccount.UserName(c.User), number, request!.Changes, request.ExpectedVersion), c.RequestAborted);
            return Results.Ok(new { number, version });
        })).WithSummary("修改草稿；expectedVersion 过期时返回 409").Accepts<UpdateRequest>("application/json").WithMetadata(JsonBody.BodyLimit);

        api.MapPost("/agreements/{number}/actions", (HttpContext c, IMediator m, string number) => Guarded.Run(async () =>
        {
            if (EvidenceForm.IdempotencyKey(c.Request) is not { } key) return Problems.MissingIdempotencyKey;
            var (request, problem) = await JsonBody.ReadAsync<ActionRequest>(c.Request);
            if (problem is not null) return problem;
            var outcome = await m.Send(new ActOnAgreement.Command(CurrentAccount.UserName(c.User), new AgreementAction(number, request!.Action, key,
                request.Comment, request.Cycle, request.Inputs, request.ExpectedVersion, request.Participant)), c.RequestAborted);
            return Results.Ok(outcome);
        })).WithSummary("执行动作（提交、审核、退回、签署、报告…）；需 Idempotency-Key").Accepts<ActionRequest>("application/json")
            .WithMetadata(JsonBody.BodyLimit);

        api.MapPost("/agreements/{number}/renewal", (HttpContext c, IMediator m, string number) => Guarded.Run(async () =>
        {
            var summary = await m.Send(new RenewAgreement.Command(CurrentAccount.UserName(c.User), number), c.RequestAborted);
            return Results.Created($"/api/v1/agreements/{summary.Number}", summary);
        })).WithSummary("续签：以原协议的参与方和内容起草下一期协议（期限接续原协议，学年目标重新填写）");

        api.MapGet("/agreements/{number}/document", (HttpContext c, IMediator m, string number, string? format, string? revision) => Guarded.Run(async () =>
        {
            var (n, badRevision) = QueryValues.Int(revision, "revision");
            if (badRevision is not null) return badRevision;
            var file = await m.Send(new ExportAgreementDocument.Query(CurrentAccount.UserName(c.User), number, format ?? "pdf", n), c.RequestAborted);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        })).WithSummary("协议文件（已签署 PDF 或带“草稿”水印的预览；format=docx 为 Word，format=certificate 为签署证书）");

        api.MapGet("/agreements/{number}/cycles/{cycle}/document", (HttpContext c, IMediator m, string number, string cycle, string? format) => Guarded.Run(async () =>
        {
            var file = await m.Send(new RenderCycleDocument.Query(CurrentAccount.UserName(c.User), number, cycle, format ?? "pdf"), c.RequestAborted);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        })).WithSummary("学期报告或学年评估文件");

        api.MapGet("/agreements/{number}/cycles/{cycle}", (HttpContext c, IMediator m, string number, string cycle) => Guarded.Run(async () =>
            Results.Ok(await m.Send(new ShowCycle.Query(CurrentAccount.UserName(c.User), number, cycle), c.RequestAborted))))
            .WithSummary("报告或评估：内容、可执行动作、佐证文件、记录");

        api.MapPost("/agreements/{number}/cycles/{cycle}/actions", (HttpContext c, IMediator m, string number, string cycle) => Guarded.Run(async () =>
        {
            if (EvidenceForm.IdempotencyKey(c.Request) is not { } key) return Problems.MissingIdempotencyKey;
            if (!c.Request.HasFormContentType) return Problems.UnsupportedType(c.Request, "multipart/form-data（action、comment、input.<字段>、evidence 文件）");
            var form = await c.Request.ReadFormAsync(c.RequestAborted);
            if (form["action"].ToString() is not { Length: > 0 } action) return Problems.Invalid("action", "缺少 action");
            var inputs = form.Keys.Where(k => k.StartsWith("input.", StringComparison.Ordinal)).ToDictionary(k => k["input.".Length..], k => form[k].ToString());
            var uploads = await EvidenceForm.ReadAsync(form.Files, c.RequestAborted);
            int? version = int.TryParse(form["expectedVersion"], out var v) ? v : null;
            var comment = form["comment"].ToString();
            return Results.Ok(await m.Send(new ActOnAgreement.Command(CurrentAccount.UserName(c.User), new AgreementAction(number, action, key,
                comment.Length == 0 ? null : comment, cycle, inputs, version, Evidence: uploads)), c.RequestAborted));
        })).WithSummary("提交、审核报告或评估（multipart，含佐证文件）；需 Idempotency-Key").DisableAntiforgery()
            .WithMetadata(new BodyLimitAttribute(EvidenceForm.MaxRequestBytes, "evidence", EvidenceForm.Limit));

        api.MapGet("/agreements/{number}/evidence/{id:guid}", (HttpContext c, IMediator m, string number, Guid id) => Guarded.Run(async () =>
        {
            var file = await m.Send(new DownloadEvidence.Query(CurrentAccount.UserName(c.User), number, id), c.RequestAborted);
            return Results.File(file.Content, file.ContentType, file.FileName);
        })).WithSummary("佐证文件");

        api.MapGet("/tasks", (HttpContext c, IMediator m, string? page, string? size) => Guarded.Run(async () =>
        {
            var (paging, badPage) = ApiPaging.Read(page, size);
            return badPage ?? Results.Ok(ApiPaging.Slice(await m.Send(new ListTasks.Query(CurrentAccount.UserName(c.User)), c.RequestAborted), paging!));
        })).WithSummary("待办，分页（先列未逾期的，截止早的在前；再列已逾期的；page、size）");

        NotificationEndpoints.Map(api);

        api.MapGet("/institutions", (HttpContext c, IMediator m, string? county, string? tag, string? page, string? size) => Guarded.Run(async () =>
        {
            var (paging, badPage) = ApiPaging.Read(page, size);
            if (badPage is not null) return badPage;
            var registry = await m.Send(new ListInstitutions.Query(CurrentAccount.UserName(c.User), County: county, Tag: tag, Page: paging), c.RequestAborted);
            return Results.Ok(new ApiPage<InstitutionRow>(registry.Institutions.Select(i => new InstitutionRow(i.Code, i.Name, i.CityCode, i.CountyCode,
                i.Stages, i.Tags)).ToList(), registry.Total, registry.PageNumber, paging!.Size));
        })).WithSummary("本市机构名录，分页（page、size）");

        api.MapGet("/compliance", (HttpContext c, IMediator m, string? city, string? asOf) => Guarded.Run(async () =>
        {
            var (day, problem) = QueryValues.Date(asOf, "asOf");
            return problem ?? Results.Ok(await m.Send(new ComputeCompliance.Query(CurrentAccount.UserName(c.User), city, day), c.RequestAborted));
        }))
            .WithSummary("各项目目标与实际（教育局）；asOf=yyyy-MM-dd 按该日履行中的协议计算，默认今天");

        api.MapGet("/budgets", (HttpContext c, IMediator m, string? program, string? year) => Guarded.Run(async () =>
        {
            var (y, problem) = QueryValues.Int(year, "year");
            return problem ?? Results.Ok(await m.Send(new CountyBudgets.List(CurrentAccount.UserName(c.User), program, y), c.RequestAborted));
        }))
            .WithSummary("本市县级预算（劳动教育结对共建资金）及已被协议占用的金额");

        api.MapPost("/budgets", (HttpContext c, IMediator m) => Guarded.Run(async () =>
        {
            var (body, problem) = await JsonBody.ReadAsync<BudgetRequest>(c.Request);
            if (problem is not null) return problem;
            var budget = await m.Send(new CountyBudgets.Record(CurrentAccount.UserName(c.User), body!.County, body.Program, body.Year, body.Line,
                body.Amount, body.Document), c.RequestAborted);
            return Results.Created($"/api/v1/budgets/{budget.Id}", budget);
        })).WithSummary("登记县级预算（县级教育局：本县；市教育局、管理员：本市任一县）").Accepts<BudgetRequest>("application/json")
            .WithMetadata(JsonBody.BodyLimit);

        api.MapGet("/indicators", (HttpContext c, IMediator m, string? city, string? program, string? from, string? to, string? county, string? pending) =>
            Guarded.Run(async () =>
            {
                var (start, badStart) = QueryValues.Date(from, "from");
                var (end, badEnd) = QueryValues.Date(to, "to");
                return badStart ?? badEnd ?? Results.Ok(await m.Send(new SummarizeIndicators.Query(CurrentAccount.UserName(c.User), city, program, start, end,
                    county, pending is "true" or "1"), c.RequestAborted));
            }))
            .WithSummary("报告与评估指标汇总（教育局）：按协议、县和全市求和、求平均；from/to 按报告期开始日期筛选");

        web.MapGet("/verify/ca.pem", async (IMediator m) =>
        {
            var anchors = await m.Send(new ShowTrustAnchors.Query());
            return Results.File(System.Text.Encoding.ASCII.GetBytes(anchors.LocalPem + "\n"), "application/x-pem-file", "pairing-ca.pem");
        }).AllowAnonymous().WithSummary("本平台根证书（PEM）");
        web.MapGet("/verify/ca.crt", async (IMediator m) =>
            Results.File((await m.Send(new ShowTrustAnchors.Query())).LocalDer, "application/pkix-cert", "pairing-ca.crt"))
            .AllowAnonymous().WithSummary("本平台根证书（DER）");
        web.MapPost("/api/v1/verify", (HttpRequest request, IMediator m) => Guarded.Run(async () =>
        {
            var (bytes, problem) = await Uploads.ReadPdfAsync(request);
            if (problem is not null) return problem;
            return Results.Ok(await m.Send(new VerifyDocument.Query(bytes!), request.HttpContext.RequestAborted));
        })).AllowAnonymous().DisableAntiforgery().WithMetadata(Uploads.Limit).WithSummary("核验 PDF（任何人，无需登录）");
    }
}
