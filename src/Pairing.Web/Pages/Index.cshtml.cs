using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Web.Pages.Shared;

namespace Pairing.Web.Pages;

/// <summary>待办: what waits for this user — first what can still be done on time, then what is overdue — and the
/// notifications addressed to them, unread ones marked.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>Read notifications shown below the unread ones.</summary>
    private const int ReadShown = 20;

    public IReadOnlyList<TaskView> Pending { get; private set; } = [];
    public IReadOnlyList<TaskView> Overdue { get; private set; } = [];
    public IReadOnlyList<NotificationView> Notifications { get; private set; } = [];
    public int Unread { get; private set; }
    public int OlderRead { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int? Marked { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var inbox = await mediator.Send(new ShowInbox.Query(User.Identity!.Name!), ct);
        HeaderAccount.Remember(HttpContext, inbox.Header);
        Pending = inbox.Tasks.Where(t => !t.Overdue).ToList();
        Overdue = inbox.Tasks.Where(t => t.Overdue).ToList();
        var notes = inbox.Notifications;
        Unread = notes.Count(n => n.Unread);
        var read = notes.Where(n => !n.Unread).ToList();
        OlderRead = Math.Max(0, read.Count - ReadShown);
        Notifications = notes.Where(n => n.Unread).Concat(read.Take(ReadShown)).OrderByDescending(n => n.At).ToList();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var result = await mediator.Send(new MarkNotificationsRead.Command(User.Identity!.Name!, [], All: true), ct);
        return Redirect($"/?marked={result.Marked}#notifications");
    }
}
