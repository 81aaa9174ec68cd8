using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Web.Api;

namespace Pairing.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "出错了";
    public string Message { get; private set; } = "请求没有完成，请稍后重试。";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    /// <summary>The status comes from the query the status-code pages add, read by hand: binding it would read a
    /// posted form too, and a form over the size limit cannot be read.</summary>
    private void Describe()
    {
        int? code = int.TryParse(Request.Query["code"], out var c) ? c : Response.StatusCode >= 400 ? Response.StatusCode : null;
        (Heading, Message) = code switch
        {
            404 => ("页面不存在", "您要找的内容不存在，或您无权查看。"),
            403 => ("无权访问", "您的账号不能访问这个页面。"),
            400 => ("请求无效", "请求缺少必要的信息或已过期，请返回后重试。"),
            413 => ("上传的内容过大", "上传的文件或表单超过了允许的大小，请缩小后重试。"),
            415 => ("请求类型不受支持", "请通过页面上的表单提交。"),
            409 or 422 => ("未能完成", "请求没有完成，请返回后重试。"),
            429 => ("请求过于频繁", "短时间内的请求太多，请稍等一分钟后再试。"),
            _ => (Heading, Message),
        };
        // A refusal no page handler caught says what was wrong (the limit, the field) in its own words.
        if (code is >= 400 and < 500 && PageErrors.Remembered(HttpContext) is { } said) Message = said;
    }
}
