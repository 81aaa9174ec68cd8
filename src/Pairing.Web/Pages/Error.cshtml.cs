using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Pairing.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "出错了";
    public string Message { get; private set; } = "请求没有完成，请稍后重试。";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Heading, Message) = code switch
        {
            404 => ("页面不存在", "您要找的内容不存在，或您无权查看。"),
            403 => ("无权访问", "您的账号不能访问这个页面。"),
            400 => ("请求无效", "请求缺少必要的信息或已过期，请返回后重试。"),
            _ => (Heading, Message),
        };
    }
}
