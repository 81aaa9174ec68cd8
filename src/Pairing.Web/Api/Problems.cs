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

    public static IResult Invalid(string field, string message) => Results.Problem(message, statusCode: 400, title: "请求无效",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

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
    /// <summary>Pages show the message alone: it names the field in words; the field path is for API clients.</summary>
    public static string Message(PairingException ex) => ex.Message;
}
