using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;

namespace Pairing.Web.Pages.Reports;

/// <summary>报告: the report and evaluation tasks of this user — a school's reports to submit, a bureau's review queue.</summary>
public sealed class ReportsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Tasks = (await mediator.Send(new ListTasks.Query(User.Identity!.Name!), ct)).Where(t => t.Cycle is not null).ToList();
}
