using MediatR;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;

namespace Pairing.Web.Pages.Shared;

/// <summary>The signed-in account as the header shows it, asked once per request and shared by the navigation and the
/// account part of the header.</summary>
public static class HeaderAccount
{
    private const string Key = "pairing.header-account";

    public static async Task<AccountHeader> GetAsync(HttpContext context, IMediator mediator)
    {
        if (context.Items[Key] is AccountHeader known) return known;
        AccountHeader header;
        try
        {
            header = await mediator.Send(new ShowAccountHeader.Query(context.User.Identity!.Name!), context.RequestAborted);
        }
        catch (PairingException)
        {
            // A sign-in whose account was removed meanwhile: the page still renders; the next request signs it out.
            header = new AccountHeader("当前用户", 0);
        }
        context.Items[Key] = header;
        return header;
    }

    /// <summary>A page that has read the header with its own data (the inbox) hands it over, so the layout does not
    /// ask again.</summary>
    public static void Remember(HttpContext context, AccountHeader header) => context.Items[Key] = header;
}
