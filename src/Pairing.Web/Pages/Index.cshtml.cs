using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Domain.Agreements;

namespace Pairing.Web.Pages;

/// <summary>待办: the user's open tasks, overdue first, and recent notifications.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = User.Identity!.Name!;
        Tasks = await mediator.Send(new ListTasks.Query(user), ct);
        Notifications = await mediator.Send(new ListNotifications.Query(user), ct);
    }
}
