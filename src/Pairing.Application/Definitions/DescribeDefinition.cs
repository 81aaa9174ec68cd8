using System.Text.Json.Nodes;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Plugins;
using Pairing.Application.Words;
using Pairing.Data;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Definitions;

/// <summary>One published version described in words for the 流程 page: what the program is, which plan tasks it
/// carries and which targets it is measured by, its rules as sentences, and for each state the task, actions, timers
/// and reports — titles only, no ids.</summary>
public sealed record DefinitionDescription(string Title, int Version, string? ProgramTitle, string? CityName, string? Source, string? Basis,
    IReadOnlyList<PlanTask> Tasks, IReadOnlyList<string> Targets, IReadOnlyList<RuleLine> Rules, IReadOnlyList<StateLine> States,
    WorkflowDefinition Definition);

public sealed record PlanTask(string Ref, string Quote);

public sealed record RuleLine(string Name, string Text);

public sealed record StateLine(string Title, bool Final, string? Task, IReadOnlyList<string> Actions, IReadOnlyList<string> Timers, IReadOnlyList<string> Reports);

public static class DescribeDefinition
{
    public sealed record Query(string Id, int Version) : IRequest<DefinitionDescription>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ProgramDirectory programs) : IRequestHandler<Query, DefinitionDescription>
    {
        public async Task<DefinitionDescription> Handle(Query request, CancellationToken ct)
        {
            var d = await definitions.GetAsync(request.Id, request.Version, ct);
            var info = ProgramInfo.Of(d);
            await using var db = database.Create();
            var cityName = info is null ? null : await db.Cities.AsNoTracking().Where(c => c.Code == info.City).Select(c => c.Name).FirstOrDefaultAsync(ct);
            var tags = await programs.TagsAsync(ct);
            var childTitles = new Dictionary<string, string>();
            foreach (var workflow in d.States.SelectMany(s => s.Children).Select(c => c.Workflow).Distinct())
                childTitles[workflow] = (await definitions.LatestAsync(workflow, ct)).Title;
            var tasks = (d.Metadata["tasks"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(t => new PlanTask(t["ref"]?.ToString() ?? "", t["quote"]?.ToString() ?? "")).ToList();
            var targets = JsonParams.Compliance(d.Parameters["compliance"])
                .Select(r => r.Source.Length > 0 ? $"{r.Title}（{r.Source}）" : r.Title).ToList();
            return new DefinitionDescription(d.Title, d.Version, info?.Title, cityName, d.Metadata["source"]?.ToString(), d.Metadata["basis"]?.ToString(),
                tasks, targets, DefinitionRules.Describe(d.Parameters, tags), d.States.Select(s => Describe(d, s, childTitles)).ToList(), d);
        }

        private static StateLine Describe(WorkflowDefinition d, StateDefinition s, Dictionary<string, string> childTitles) => new(
            s.Title, s.Final,
            s.Task is { } t ? $"{t.Title}（{WorkflowWords.Roles(t.Roles)}，{WorkflowWords.Slot(t.Scope)}{(t.DueInDays is int days ? $"，{days} 天内" : "")}）" : null,
            s.Actions.Where(a => !a.Roles.Contains(Workflows.Plugins.Actor.SystemRole)).Select(a =>
                $"{a.Title}（{WorkflowWords.Roles(a.Roles)}）→ {(a.To is { } to ? d.State(to).Title : s.Signoff?.Action == a.Id ? $"各方完成后「{d.State(s.Signoff.Then).Title}」" : "状态不变")}"
                + (a.Guards.Count > 0 ? $"；检查：{string.Join("、", a.Guards.Select(g => DefinitionRules.Guard(g.Name)))}" : "")
                + (a.CommentRequired ? "；须填写原因" : "")).ToList(),
            s.Timers.Select(t => WorkflowWords.Timer(s, t)).ToList(),
            s.Children.Select(c => $"{DefinitionRules.Calendar(c.Calendar)}一份{childTitles.GetValueOrDefault(c.Workflow, "报告")}，期末后 {c.DueOffsetDays} 天内提交").ToList());
    }
}
