using Pairing.Application.Errors;

namespace Pairing.Web.Api;

/// <summary>Maps the application's error to problem details (RFC 9457) that name the field and the reason — the one
/// mapping of the API.</summary>
public static class Problems
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Unavailable => StatusCodes.Status409Conflict,
        ErrorKind.Refused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Of(PairingException ex)
    {
        var extensions = new Dictionary<string, object?> { ["kind"] = ex.Kind.ToString() };
        if (ex.Rule is not null) extensions["rule"] = ex.Rule;
        if (ex.Field is not null) extensions["errors"] = new Dictionary<string, string[]> { [ex.Field] = [ex.Message] };
        return Results.Problem(ex.Message, statusCode: StatusOf(ex.Kind), title: Title(ex.Kind), extensions: extensions);
    }

    public static IResult MissingIdempotencyKey =>
        Invalid("Idempotency-Key", "必须提供 Idempotency-Key 请求头（1–100 个字符），重试时使用同一个值");

    public static IResult Invalid(string field, string message, int status = StatusCodes.Status400BadRequest, string title = "请求无效") =>
        Results.Problem(message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>415 naming the type the route takes.</summary>
    public static IResult UnsupportedType(HttpRequest request, string expected) =>
        Invalid("Content-Type", $"请求体的类型「{request.ContentType ?? "未注明"}」不受支持：此接口接受 {expected}", StatusCodes.Status415UnsupportedMediaType,
            "类型不受支持");

    private static string Title(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "不存在或无权查看",
        ErrorKind.Forbidden => "无权操作",
        ErrorKind.Conflict => "版本冲突",
        ErrorKind.Unavailable => "当前不能执行",
        ErrorKind.Refused => "不符合项目规则",
        _ => "请求无效",
    };
}

/// <summary>Runs an endpoint body and turns the application's errors into problem details.</summary>
public static class Guarded
{
    public static async Task<IResult> Run(Func<Task<IResult>> body)
    {
        try
        {
            return await body();
        }
        catch (PairingException ex)
        {
            return Problems.Of(ex);
        }
    }
}

/// <summary>How a page shows the application's error: the message, and the field when there is one.</summary>
public static class PageErrors
{
    private const string Key = "pairing.page-error";

    /// <summary>Pages show the message alone: it names the field in words; the field path is for API clients.</summary>
    public static string Message(PairingException ex) => ex.Message;

    /// <summary>Keeps the message of a refusal no page handler caught (a body over the limit, an error of a list's
    /// filter) for the error page the status-code pages show next, within the same request.</summary>
    public static void Remember(HttpContext context, string message) => context.Items[Key] = message;

    public static string? Remembered(HttpContext context) => context.Items[Key] as string;
}
