using Pairing.Documents.Templates;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Api;

/// <summary>Maps the application's errors to problem details (RFC 9457) that name the field and the reason.</summary>
public static class Problems
{
    public static int StatusOf(WorkflowErrorKind kind) => kind switch
    {
        WorkflowErrorKind.NotFound => StatusCodes.Status404NotFound,
        WorkflowErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        WorkflowErrorKind.Conflict => StatusCodes.Status409Conflict,
        WorkflowErrorKind.Unavailable => StatusCodes.Status409Conflict,
        WorkflowErrorKind.Refused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Of(WorkflowException ex)
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

    private static string Title(WorkflowErrorKind kind) => kind switch
    {
        WorkflowErrorKind.NotFound => "不存在或无权查看",
        WorkflowErrorKind.Forbidden => "无权操作",
        WorkflowErrorKind.Conflict => "版本冲突",
        WorkflowErrorKind.Unavailable => "当前不能执行",
        WorkflowErrorKind.Refused => "不符合项目规则",
        _ => "请求无效",
    };
}

/// <summary>Runs an endpoint body and turns application errors into problem details.</summary>
public static class Guarded
{
    public static async Task<IResult> Run(Func<Task<IResult>> body)
    {
        try
        {
            return await body();
        }
        catch (WorkflowException ex)
        {
            return Problems.Of(ex);
        }
    }
}
