using System.Text.Json;

namespace Pairing.Web.Api;

/// <summary>Reads a JSON request body; malformed JSON becomes a problem that names the JSON path and line.</summary>
public static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;
    public const string Limit = "1 MB";

    /// <summary>The limit the server enforces on a JSON route, also for a body sent without its length (chunked).</summary>
    public static BodyLimitAttribute BodyLimit => new(MaxBytes, "body", $"JSON 请求体不能超过 {Limit}");
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentLength > MaxBytes)
            return (null, Problems.Invalid("body", $"请求体过大，上限 {Limit}", StatusCodes.Status413PayloadTooLarge, "请求体过大"));
        if (request.HasJsonContentType() is false) return (null, Problems.UnsupportedType(request, "application/json"));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options);
            return value is null ? (null, Problems.Invalid("body", "请求体为空")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Problems.Invalid(field, $"JSON 无效（{ex.Path ?? "$"}，第 {(ex.LineNumber ?? 0) + 1} 行）：{Reason(ex)}"));
        }
    }

    /// <summary>The serializer's reason, in Chinese: its own messages are English sentences.</summary>
    private static string Reason(JsonException ex) => ((ex.InnerException?.Message ?? "") + ex.Message) switch
    {
        var m when m.Contains("UTF", StringComparison.Ordinal) || m.Contains("surrogate", StringComparison.OrdinalIgnoreCase) => "含有无效字符",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "值的类型不对（应为文字、数字、日期、列表或对象之一）",
        var m when m.Contains("depth", StringComparison.OrdinalIgnoreCase) => "嵌套层数过多",
        _ => "不是有效的 JSON（语法错误，或含有无效字符）",
    };
}
