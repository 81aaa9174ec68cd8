using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Pairing.Application.Errors;

namespace Pairing.Web.Api;

/// <summary>What goes wrong around an endpoint rather than inside a use case, answered the way its caller reads
/// answers. A body over the endpoint's limit is 413, a malformed form 400, a type the route does not take 415, and a
/// use case's error that a page did not catch itself gets the status of its kind. Under /api the answer is a problem
/// body (application/problem+json) naming the field — also for the framework's bare 401, 404 or 405. A page gets the
/// error page with a Chinese message: this sets the status and leaves the body empty, so the status-code pages
/// re-execute /Error, which shows <see cref="PageErrors.Remembered"/>. Registered inside the exception handler and
/// the status-code pages, so its answers are the final ones.</summary>
public sealed class RequestErrors(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        Refusal? refusal;
        try
        {
            await next(context);
            refusal = context.Response.HasStarted || context.Response.StatusCode < 400 ? null
                // A page's antiforgery check reads the form first and reports a body over the limit as a bare 400.
                : context.Request.ContentLength > LimitOf(context) ? TooLarge(context)
                : IsApi(context) ? Bare(context)
                : null;
        }
        catch (Exception ex) when (!context.Response.HasStarted && Of(context, ex) is { } known)
        {
            context.Response.Clear();
            refusal = known;
        }
        if (refusal is null) return;
        if (IsApi(context))
        {
            context.Response.StatusCode = refusal.Status;
            await Problems.Invalid(refusal.Field, refusal.Message, refusal.Status, refusal.Title).ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = refusal.Status;
            PageErrors.Remember(context, refusal.Message);
        }
    }

    private sealed record Refusal(int Status, string Field, string Message, string Title = "请求无效");

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static Refusal? Of(HttpContext context, Exception ex) => ex switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(context),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            new(StatusCodes.Status408RequestTimeout, "body", "请求体传输过慢或中断，请重试"),
        BadHttpRequestException bad => new(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "body", "请求不完整或格式错误，请检查后重试"),
        // The form reader's own limits (value count, value length, multipart length) and malformed multipart bodies.
        InvalidDataException form when form.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => TooLarge(context),
        InvalidDataException => new(StatusCodes.Status400BadRequest, "body", "表单格式错误（multipart/form-data 无法解析），请检查后重试"),
        PairingException error => new(Problems.StatusOf(error.Kind), error.Field ?? "body", PageErrors.Message(error)),
        _ => null,
    };

    private static long? LimitOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
        ?? context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    private static Refusal TooLarge(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitAttribute>();
        var bytes = LimitOf(context);
        var words = limit?.Limit ?? (bytes is { } b ? $"上限 {Size(b)}" : "超过服务器允许的大小");
        return new(StatusCodes.Status413PayloadTooLarge, limit?.Field ?? "body", $"上传的内容过大：{words}", "请求体过大");
    }

    /// <summary>The framework's own refusals, which carry no body: say them in words.</summary>
    private static Refusal? Bare(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status401Unauthorized => new(401, "user", "请先登录（API 使用登录后的 Cookie）", "未登录"),
        StatusCodes.Status403Forbidden => new(403, "user", "当前账号无权执行此操作", "无权操作"),
        StatusCodes.Status404NotFound => new(404, "path", "没有这个接口或资源", "不存在或无权查看"),
        StatusCodes.Status405MethodNotAllowed => new(405, "method", $"此接口不接受 {context.Request.Method} 请求", "方法不允许"),
        StatusCodes.Status415UnsupportedMediaType => new(415, "Content-Type",
            $"请求体的类型「{context.Request.ContentType ?? "未注明"}」不受支持：此接口接受 application/json", "类型不受支持"),
        StatusCodes.Status413PayloadTooLarge => TooLarge(context),
        >= 400 and < 500 and var status => new(status, "body", "请求无效"),
        _ => null,
    };

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MB" : $"{bytes / 1024} KB";
}
