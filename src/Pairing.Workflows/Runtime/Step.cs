using System.Globalization;
using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Journal;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Storage;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Workflows.Runtime;

/// <summary>Everything one step does to one instance inside the step's transaction: leave the old state (close its
/// tasks, cancel its timers), enter the new one (open tasks, schedule timers, start children, run effects) and
/// write the journal. Child instances get their own Step sharing the same transaction.</summary>
internal sealed class Step
{
    private readonly EngineParts _parts;
    private readonly IWorkflowSession _session;
    private readonly Actor _actor;
    private readonly List<Guid> _afterCommit;

    public Step(EngineParts parts, IWorkflowSession session, WorkflowInstance instance, WorkflowDefinition definition, Actor actor, DateTime now, List<Guid> afterCommit)
    {
        _parts = parts;
        _session = session;
        Instance = instance;
        Definition = definition;
        _actor = actor;
        Now = now;
        _afterCommit = afterCommit;
        Context = JsonNode.Parse(instance.ContextJson) as JsonObject ?? new JsonObject();
        Scopes = InstanceScopes.Parse(instance.ScopesJson);
    }

    public WorkflowInstance Instance { get; }
    public WorkflowDefinition Definition { get; }
    public DateTime Now { get; }
    public JsonObject Context { get; }
    public Dictionary<string, List<string>> Scopes { get; }

    /// <summary>Closes the state's open tasks (done, or cancelled when the instance itself is cancelled) and cancels
    /// its pending timers.</summary>
    public async Task LeaveAsync(string outcome, CancellationToken ct, string taskStatus = TaskStatus.Done)
    {
        var tasks = await _session.OpenTasksAsync(Instance.Id, ct);
        foreach (var task in tasks.Where(t => t.Status == TaskStatus.Open))
        {
            task.Status = taskStatus;
            task.Outcome ??= outcome;
            task.ClosedAt = Now;
            task.ClosedBy ??= _actor.Id;
        }
        await CancelTimersAsync(ct);
    }

    private async Task CancelTimersAsync(CancellationToken ct)
    {
        var timers = await _session.PendingTimersAsync(Instance.Id, ct);
        // A timer being fired in this very step is already marked fired in memory; leave it so.
        foreach (var timer in timers.Where(t => t.Status == TimerStatus.Pending)) timer.Status = TimerStatus.Cancelled;
    }

    public async Task EnterAsync(string stateId, CancellationToken ct)
    {
        var state = Definition.State(stateId);
        Instance.State = stateId;
        // With a sign-off, each participant's task is its sign-off (named by the state's task when it has one, e.g.
        // 审核协议 for each county that must approve); otherwise the state's task opens once per scope key.
        if (state.Signoff is { } signoff)
        {
            var action = state.Actions.First(a => a.Id == signoff.Action);
            foreach (var scope in InstanceScopes.Slot(Scopes, action.Scope!))
                AddTask(state.Id, state.Task?.Title ?? action.Title, action.Roles, scope, action.Id, state.Task?.DueInDays);
        }
        else if (state.Task is { } task)
            foreach (var scope in task.OfActingParty ? InstanceScopes.OfActor(Scopes, task.Scope, _actor.Scopes) : InstanceScopes.Slot(Scopes, task.Scope))
                AddTask(state.Id, task.Title, task.Roles, scope, null, task.DueInDays);
        foreach (var timer in state.Timers)
            _session.Add(new WorkflowTimer
            {
                Id = Guid.NewGuid(),
                InstanceId = Instance.Id,
                State = state.Id,
                TimerId = timer.Id,
                DueAt = DueOf(timer, state),
                CreatedAt = Now,
            });
        foreach (var child in state.Children) await SpawnChildrenAsync(child, ct);
        for (var i = 0; i < state.OnEnter.Count; i++) await RunEffectAsync(state.OnEnter[i], $"enter:{state.Id}:{i}", ct);
        if (state.Final)
        {
            Instance.Status = InstanceStatus.Completed;
            await CancelChildrenAsync(ct);
        }
    }

    public async Task RunEffectAsync(EffectRef effect, string stepName, CancellationToken ct)
    {
        var plugin = _parts.Plugins.Effect(effect.Name) ?? throw new InvalidOperationException($"Effect {effect.Name} is not registered.");
        var key = $"{Instance.Id:N}/{Instance.JournalCount}/{stepName}/{effect.Name}";
        if (plugin.AfterCommit)
        {
            // Stored with the step, so a crash after commit cannot lose it; the step's caller runs it right after.
            var row = EffectOutbox.Row(Instance, Definition, stepName, effect, key, _actor, Now);
            _session.Add(row);
            _afterCommit.Add(row.Id);
        }
        else
            await plugin.RunAsync(new EffectContext(_session, Instance, Definition, effect.Params, _actor, Now, key, Context), ct);
    }

    public void Journal(string kind, string? action = null, string? from = null, string? to = null, string? comment = null, JsonObject? data = null) =>
        _session.Add(JournalWriter.Append(Instance, _actor, Now, kind, action, from, to, comment, data));

    /// <summary>Writes the context back and bumps the version that guards against concurrent steps.</summary>
    public void Finish()
    {
        Instance.ContextJson = Context.ToJsonString(EngineJson.Options);
        Instance.ScopesJson = InstanceScopes.Write(Scopes);
        Instance.Version += 1;
        Instance.UpdatedAt = Now;
        Instance.JournalSeal = JournalSeal.Of(_parts.Options.JournalKey, Instance);
    }



    private void AddTask(string state, string title, IReadOnlyList<string> roles, string scope, string? signoffAction, int? dueInDays) =>
        _session.Add(new WorkflowTask
        {
            Id = Guid.NewGuid(),
            InstanceId = Instance.Id,
            State = state,
            Title = title,
            Roles = string.Join(',', roles),
            Scope = scope,
            SignoffAction = signoffAction,
            CreatedAt = Now,
            DueAt = dueInDays is int d ? Now.AddDays(d) : DueFromContext(),
        });

    /// <summary>A task in an instance that has a dueDate (a report cycle) is due then.</summary>
    private DateTime? DueFromContext() =>
        DateField("dueDate") is DateOnly due ? _parts.Options.LocalMidnightUtc(due.AddDays(1)) : null;

    public DateOnly? DateField(string name) =>
        Context[name] is JsonValue v && v.TryGetValue<string>(out var s) &&
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private DateTime DueOf(TimerDefinition timer, StateDefinition state)
    {
        DateOnly baseDate;
        if (timer.At.Date is DateOnly date) baseDate = date;
        else if (timer.At.Field is { } field)
            baseDate = DateField(field) ?? throw new WorkflowException(WorkflowErrorKind.Invalid,
                $"状态「{state.Title}」的定时器 {timer.Id} 需要日期字段 {field}，但它没有填写", field);
        else
            baseDate = _parts.Plugins.Calendar(timer.At.Calendar!)!.NextEnd(_parts.Options.LocalDate(Now));
        return _parts.Options.LocalMidnightUtc(baseDate.AddDays(timer.At.OffsetDays));
    }

    private static JsonObject ChildContext(ChildSpec spec, CalendarPeriod period)
    {
        var context = new JsonObject();
        foreach (var (key, value) in spec.With ?? []) context[key] = value?.DeepClone();
        context["periodKey"] = period.Key;
        context["periodLabel"] = period.Label;
        context["periodStart"] = period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        context["periodEnd"] = period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        context["dueDate"] = spec.DueDate(period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return context;
    }

    private async Task SpawnChildrenAsync(ChildSpec spec, CancellationToken ct)
    {
        var from = DateField(spec.FromField);
        var to = DateField(spec.ToField);
        if (from is null || to is null)
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"启动子流程 {spec.Workflow} 需要日期字段 {spec.FromField} 和 {spec.ToField}", spec.FromField);
        var calendar = _parts.Plugins.Calendar(spec.Calendar)!;
        var childDefinition = await _parts.Definitions.LatestAsync(spec.Workflow, ct);
        var existing = (await _session.ChildrenAsync(Instance.Id, ct)).Select(i => i.ChildKey).ToList();
        var started = new JsonArray();
        long? checkpoint = null;
        foreach (var period in calendar.Periods(from.Value, to.Value))
        {
            var key = $"{spec.Workflow}:{period.Key}";
            // Re-entering the state (after an amendment) must not start the same period twice.
            if (existing.Contains(key)) continue;
            var child = new WorkflowInstance
            {
                Id = Guid.NewGuid(),
                DefinitionId = childDefinition.Id,
                DefinitionVersion = childDefinition.Version,
                SubjectType = Instance.SubjectType,
                SubjectId = Instance.SubjectId,
                ParentId = Instance.Id,
                ChildKey = key,
                ScopesJson = Instance.ScopesJson,
                ContextJson = ChildContext(spec, period).ToJsonString(EngineJson.Options),
                CreatedAt = Now,
                UpdatedAt = Now,
                CheckpointSeq = checkpoint ??= await _session.JoinInstanceSetAsync(ct),
            };
            _session.Add(child);
            started.Add((JsonNode)child.Id.ToString());
            var childStep = new Step(_parts, _session, child, childDefinition, _actor, Now, _afterCommit);
            childStep.Journal("started", to: childDefinition.InitialState, data: new JsonObject { ["parent"] = Instance.Id.ToString(), ["period"] = period.Label });
            await childStep.EnterAsync(childDefinition.InitialState, ct);
            childStep.Finish();
        }
        // The parent's sealed chain names every child it started, so deleting a child with its journal is detected.
        if (started.Count > 0)
            Journal("children", from: Instance.State, to: Instance.State, data: new JsonObject { ["workflow"] = spec.Workflow, ["children"] = started });
    }

    private async Task CancelChildrenAsync(CancellationToken ct)
    {
        var children = (await _session.ChildrenAsync(Instance.Id, ct)).Where(i => i.Status == InstanceStatus.Open).ToList();
        foreach (var child in children)
        {
            var definition = await _parts.Definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
            var childStep = new Step(_parts, _session, child, definition, _actor, Now, _afterCommit);
            await childStep.LeaveAsync("cancelled", ct, TaskStatus.Cancelled);
            child.Status = InstanceStatus.Cancelled;
            childStep.Journal("cancelled", from: child.State, to: child.State, comment: "上级流程已结束");
            childStep.Finish();
        }
    }
}
