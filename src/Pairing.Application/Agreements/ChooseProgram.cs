using MediatR;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>A program as the first step of the wizard shows it: what it is (a line of the plan it rests on), who takes
/// part, the role the drafter's school would take, and why the school cannot draft it now (none when it can).</summary>
public sealed record ProgramOption(string Program, string Title, string Description, IReadOnlyList<string> Roles, string? DrafterRole,
    IReadOnlyList<string> Blockers)
{
    public bool CanDraft => Blockers.Count == 0;
}

/// <summary>起草向导（项目）: every program of the drafter's own city, each with whether the drafter's school can draft
/// it today and, if not, why — decided by the same choices the parties step offers.</summary>
public static class ChooseProgram
{
    public sealed record Query(string User) : IRequest<IReadOnlyList<ProgramOption>>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs, EngineOptions engine, TimeProvider clock)
        : IRequestHandler<Query, IReadOnlyList<ProgramOption>>
    {
        public async Task<IReadOnlyList<ProgramOption>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureMayDraft(account);
            var registry = await PartyRegistry.LoadAsync(db, account, programs, engine.LocalDate(clock.GetUtcNow().UtcDateTime), ct);
            var options = new List<ProgramOption>();
            foreach (var info in await programs.ProgramsAsync(account.CityCode, ct))
            {
                var choices = await registry.ChoicesAsync(db, info, null, ct);
                options.Add(new ProgramOption(info.Program, info.Title, choices.Description,
                    choices.Roles.Select(r => r.Title == r.Qualification ? r.Title : $"{r.Title}（{r.Qualification}）").ToList(), choices.Role(choices.DrafterRole ?? "")?.Title, choices.Blockers));
            }
            // What the school can draft comes first; otherwise the programs keep their published order.
            return options.OrderByDescending(o => o.CanDraft).ToList();
        }
    }
}
