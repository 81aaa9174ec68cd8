using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;

namespace Pairing.Web.Pages.Notifications;

/// <summary>A notification's link (from the inbox or an e-mail): marks it read for the signed-in user and goes on to
/// the agreement or report it is about. Someone else's notification is 404.</summary>
public sealed class OpenModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return LocalRedirect(await mediator.Send(new OpenNotification.Command(User.Identity!.Name!, id), ct));
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
    }
}
