using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Pairing.Web.Pages.Shared;

/// <summary>The header's account part: the person's name and unit (never the account code) and how many
/// notifications they have not read, linking to them in the inbox.</summary>
public sealed class AccountHeaderViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() => View(await HeaderAccount.GetAsync(HttpContext, mediator));
}
