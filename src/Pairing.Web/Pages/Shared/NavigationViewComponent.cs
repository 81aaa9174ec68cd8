using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Pairing.Web.Pages.Shared;

/// <summary>The header's links for the signed-in account: bureau pages (看板, 预算) only for bureau accounts, and the
/// current section marked with aria-current so it reads and shows as "you are here".</summary>
public sealed class NavigationViewComponent(IMediator mediator) : ViewComponent
{
    public sealed record Link(string Href, string Text, bool Current);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var bureau = (await HeaderAccount.GetAsync(HttpContext, mediator)).IsBureau;
        var path = HttpContext.Request.Path.Value ?? "/";
        var links = new List<(string Href, string Text, bool Show)>
        {
            ("/", "待办", true), ("/agreements", "协议", true), ("/reports", "报告", true), ("/dashboard", "看板", bureau),
            ("/workflows", "流程", true), ("/registry", "名录", true), ("/budgets", "预算", bureau), ("/verify", "验证", true),
        };
        return View(links.Where(l => l.Show).Select(l => new Link(l.Href, l.Text,
            l.Href == "/" ? path == "/" : path == l.Href || path.StartsWith(l.Href + "/", StringComparison.OrdinalIgnoreCase))).ToList());
    }
}
