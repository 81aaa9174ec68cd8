using MediatR;
using Microsoft.AspNetCore.Mvc;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;

namespace Pairing.Web.Pages.Shared;

/// <summary>The header's account part: the person's name and unit (never the account code) and how many
/// notifications they have not read, linking to them in the inbox.</summary>
public sealed class AccountHeaderViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        try
        {
            return View(await mediator.Send(new ShowAccountHeader.Query(UserClaimsPrincipal.Identity!.Name!), HttpContext.RequestAborted));
        }
        catch (PairingException)
        {
            // A sign-in whose account was removed meanwhile: the page still renders; the next request signs it out.
            return View(new AccountHeader("当前用户", 0));
        }
    }
}
