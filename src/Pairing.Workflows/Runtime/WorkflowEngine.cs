using System.Text.Json;
using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Storage;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Workflows.Runtime;

/// <summary>Starts instances and applies actions. Each call is one transaction: the instance, its tasks, timers,
/// children, journal and idempotency record are saved together or not at all.</summary>
public sealed class WorkflowEngine(EngineParts parts)
{
    private readonly EffectOutbox _effects = new(parts);

    public async Task<WorkflowInstance> StartAsync(string definitionId, string subjectType, string subjectId, JsonObject context,
        Dictionary<string, List<string>> scopes, Actor actor, Func<IWorkflowSession, WorkflowInstance, Task>? withinStep = null, CancellationToken ct = default)
    {
        using var telemetry = EngineTelemetry.Step("start");
        var pending = new List<Guid>();
        WorkflowInstance instance;
        await using (var session = await parts.Store.BeginStepAsync(ct))
        {
            var definition = await parts.Definitions.LatestAsync(definitionId, ct);
            EngineTelemetry.Acting(definition.Id);
            var now = parts.UtcNow;
            instance = new WorkflowInstance
            {
                Id = Guid.NewGuid(),
                DefinitionId = definition.Id,
                DefinitionVersion = definition.Version,
                SubjectType = subjectType,
                SubjectId = subjectId,
                ContextJson = context.ToJsonString(EngineJson.Options),
                ScopesJson = InstanceScopes.Write(scopes),
                CreatedAt = now,
                UpdatedAt = now,
                CheckpointSeq = await session.JoinInstanceSetAsync(ct),
            };
            session.Add(instance);
            var step = new Step(parts, session, instance, definition, actor, now, pending);
            step.Journal("started", to: definition.InitialState, data: new JsonObject { ["definition"] = definition.Key });
            await step.EnterAsync(definition.InitialState, ct);
            step.Finish();
            if (withinStep is not null) await withinStep(session, instance);
            await session.CommitAsync(ct);
        }
        await _effects.DeliverAsync(pending, ct);
        telemetry.Done();
        return instance;
    }

    public async Task<ActionOutcome> ExecuteAsync(Guid instanceId, string actionId, Actor actor, ActionRequest request, CancellationToken ct = default)
    {
        using var telemetry = EngineTelemetry.Step("action", instanceId);
        try
        {
            var outcome = await ExecuteStepAsync(instanceId, actionId, actor, request, ct);
            telemetry.Done(outcome.Repeated ? "repeated" : "ok", outcome.Action);
            return outcome;
        }
        catch (Exception ex)
        {
            telemetry.Failed(ex);
            throw;
        }
    }

    private async Task<ActionOutcome> ExecuteStepAsync(Guid instanceId, string actionId, Actor actor, ActionRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
            throw new WorkflowException(WorkflowErrorKind.Invalid, "每个动作都必须带幂等键", "idempotencyKey");
        if (request.IdempotencyKey.Length > 200)
            throw new WorkflowException(WorkflowErrorKind.Invalid, "幂等键不能超过 200 个字符", "idempotencyKey");

        // A repeated key is recognised inside the step, on the step's own connection: no separate probe first.
        var pending = new List<Guid>();
        ActionOutcome outcome;
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            if (RepeatOf(await session.IdempotencyAsync(request.IdempotencyKey, ct), instanceId, actionId, actor) is { } first) return first;
            var instance = await session.InstanceAsync(instanceId, ct)
                ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程实例 {instanceId} 不存在");
            outcome = await ActAsync(session, instance, actionId, actor, request, pending, ct);
            session.Add(new IdempotencyRecord
            {
                Key = request.IdempotencyKey,
                InstanceId = instanceId,
                Action = actionId,
                ActorId = actor.Id,
                OutcomeJson = JsonSerializer.Serialize(outcome),
                CreatedAt = parts.UtcNow,
            });
            await session.CommitAsync(ct);
        }
        catch (Exception ex) when (parts.Store.IsRaceLost(ex))
        {
            // The same key may have won the race from another process: then its outcome is ours too.
            if (RepeatOf(await parts.Store.FindIdempotencyAsync(request.IdempotencyKey, ct), instanceId, actionId, actor) is { } first) return first;
            throw new WorkflowException(WorkflowErrorKind.Conflict, "版本冲突：该事项刚被他人处理，当前状态已变化，请刷新后重试", "version");
        }
        catch (WorkflowException)
        {
            // Under READ COMMITTED a retry can look for its key just before the first request commits and then read the
            // state that request left behind, which no longer allows the action: if the key now answers, that is ours.
            if (RepeatOf(await parts.Store.FindIdempotencyAsync(request.IdempotencyKey, ct), instanceId, actionId, actor) is { } first) return first;
            throw;
        }
        await _effects.DeliverAsync(pending, ct);
        return outcome;
    }

    /// <summary>Changes context fields while the state is editable (a draft), as one journaled step.</summary>
    public async Task<int> UpdateContextAsync(Guid instanceId, JsonObject values, Actor actor, int? expectedVersion,
        Func<IWorkflowSession, WorkflowInstance, Task>? withinStep = null, Dictionary<string, List<string>>? scopes = null, CancellationToken ct = default)
    {
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            var instance = await session.InstanceAsync(instanceId, ct)
                ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程实例 {instanceId} 不存在");
            if (expectedVersion is int v && v != instance.Version)
                throw new WorkflowException(WorkflowErrorKind.Conflict, "版本冲突：您打开页面后内容已被他人修改，请刷新后重试", "version");
            var definition = await parts.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
            var state = definition.State(instance.State);
            if (!state.Editable || instance.Status != InstanceStatus.Open)
                throw new WorkflowException(WorkflowErrorKind.Unavailable, $"当前状态「{state.Title}」不能修改内容");
            var step = new Step(parts, session, instance, definition, actor, parts.UtcNow, []);
            foreach (var (key, value) in values) step.Context[key] = value?.DeepClone();
            if (scopes is not null)
                foreach (var (slot, keys) in scopes) step.Scopes[slot] = keys;
            step.Journal("edited", from: instance.State, to: instance.State, data: new JsonObject { ["fields"] = new JsonArray(values.Select(kv => (JsonNode)kv.Key).ToArray()) });
            step.Finish();
            if (withinStep is not null) await withinStep(session, instance);
            await session.CommitAsync(ct);
            return instance.Version;
        }
        catch (Exception ex) when (parts.Store.IsRaceLost(ex))
        {
            throw new WorkflowException(WorkflowErrorKind.Conflict, "版本冲突：内容刚被他人修改，请刷新后重试", "version");
        }
    }

    /// <summary>Applies one action inside an open transaction. Shared by user actions and timer-fired actions.</summary>
    internal async Task<ActionOutcome> ActAsync(IWorkflowSession session, WorkflowInstance instance, string actionId, Actor actor,
        ActionRequest request, List<Guid> pending, CancellationToken ct)
    {
        if (request.ExpectedVersion is int expected && expected != instance.Version)
            throw new WorkflowException(WorkflowErrorKind.Conflict, "版本冲突：您打开页面后此事项已被他人办理，请刷新后重试", "version");
        var definition = await parts.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        var state = definition.State(instance.State);
        if (instance.Status != InstanceStatus.Open)
            throw new WorkflowException(WorkflowErrorKind.Unavailable, $"流程已结束（{state.Title}），不能再执行动作");
        var action = state.Actions.FirstOrDefault(a => a.Id == actionId)
            ?? throw new WorkflowException(WorkflowErrorKind.Unavailable,
                $"当前状态「{state.Title}」不能执行「{TitleOf(definition, actionId)}」（可执行：{string.Join("、", state.Actions.Select(a => a.Title))}）", "action");
        EngineTelemetry.Acting(definition.Id, action.Id);

        var step = new Step(parts, session, instance, definition, actor, parts.UtcNow, pending);
        Authorize(action, actor, step);
        var inputs = ValidateInputs(action, InputsOf(action, step.Context), request);
        foreach (var guardRef in action.Guards)
        {
            var guard = parts.Plugins.Guard(guardRef.Name)!;
            var result = await guard.CheckAsync(new GuardContext(session, instance, definition, action, actor, guardRef.Params), ct);
            if (!result.Allowed) throw new WorkflowException(WorkflowErrorKind.Refused, result.Message, rule: result.Rule);
        }

        var from = instance.State;
        foreach (var (name, value) in inputs) step.Context[name] = value;
        var data = new JsonObject();
        foreach (var (name, value) in inputs) data[name] = value;
        var openSignoffs = 0;
        if (state.Signoff is { } signoff && signoff.Action == action.Id)
            openSignoffs = await SignOffAsync(session, step, action, signoff, actor, request, data, ct);
        else if (action.To is { } to)
        {
            step.Journal("action", action.Id, from, to, request.Comment, data);
            await step.LeaveAsync(action.Id, ct);
            await step.EnterAsync(to, ct);
        }
        else
            step.Journal("action", action.Id, from, from, request.Comment, data);

        for (var i = 0; i < action.Effects.Count; i++) await step.RunEffectAsync(action.Effects[i], $"action:{action.Id}:{i}", ct);
        step.Finish();
        if (request.WithinStep is not null) await request.WithinStep(session, instance);
        return new ActionOutcome(instance.Id, action.Id, from, instance.State, instance.Version, false, openSignoffs);
    }

    private static async Task<int> SignOffAsync(IWorkflowSession session, Step step, ActionDefinition action, SignoffDefinition signoff,
        Actor actor, ActionRequest request, JsonObject data, CancellationToken ct)
    {
        var tasks = (await session.OpenTasksAsync(step.Instance.Id, ct)).Where(t => t.SignoffAction == action.Id && t.Status == TaskStatus.Open).ToList();
        var mine = tasks.Where(t => actor.Scopes.Contains(Actor.AnyScope) || actor.Scopes.Contains(t.Scope))
            .Where(t => request.Participant is null || t.Scope == request.Participant).ToList();
        if (mine.Count == 0)
            throw new WorkflowException(WorkflowErrorKind.Unavailable, "您代表的一方已经完成此操作，或不在待完成的参与方中", "participant");
        if (mine.Count > 1)
            throw new WorkflowException(WorkflowErrorKind.Invalid,
                $"请用 participant 指明代表哪一方（{string.Join("、", mine.Select(t => t.Scope))}）", "participant");
        var task = mine[0];
        task.Status = TaskStatus.Done;
        task.Outcome = action.Id;
        task.ClosedAt = step.Now;
        task.ClosedBy = actor.Id;
        data["participant"] = task.Scope;
        var remaining = tasks.Count - 1;
        var from = step.Instance.State;
        step.Journal("signoff", action.Id, from, remaining == 0 ? signoff.Then : from, request.Comment, data);
        if (remaining == 0)
        {
            await step.LeaveAsync(action.Id, ct);
            await step.EnterAsync(signoff.Then, ct);
        }
        return remaining;
    }

    private static void Authorize(ActionDefinition action, Actor actor, Step step)
    {
        if (!action.Roles.Any(actor.Roles.Contains))
            throw new WorkflowException(WorkflowErrorKind.Forbidden,
                $"无权执行「{action.Title}」：需要角色 {string.Join(" 或 ", action.Roles)}", "actor");
        if (actor.IsSystem) return;
        var scopeValues = action.Scope is { } slot ? InstanceScopes.Slot(step.Scopes, slot) : InstanceScopes.All(step.Scopes).ToList();
        if (!actor.InScope(scopeValues))
            throw new WorkflowException(WorkflowErrorKind.Forbidden,
                $"无权执行「{action.Title}」：您不属于本事项的{(action.Scope is null ? "相关" : $" {action.Scope} ")}范围", "actor");
    }

    /// <summary>An action's title anywhere in the definition, for messages; the id only if no state has it.</summary>
    private static string TitleOf(WorkflowDefinition definition, string actionId) =>
        definition.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == actionId)?.Title ?? actionId;

    /// <summary>The inputs an action asks for on this instance: its own, then those its context lists (InputsFrom).</summary>
    public static IReadOnlyList<InputDefinition> InputsOf(ActionDefinition action, JsonObject context) =>
        action.InputsFrom is { } field ? [.. action.Inputs, .. InputDefinition.ListFrom(context[field]).Where(i => action.Inputs.All(a => a.Name != i.Name))]
            : action.Inputs;

    private static List<(string Name, string Value)> ValidateInputs(ActionDefinition action, IReadOnlyList<InputDefinition> inputs, ActionRequest request)
    {
        if (action.CommentRequired && string.IsNullOrWhiteSpace(request.Comment))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"「{action.Title}」必须填写理由", "comment");
        if (request.Comment is { Length: > 2000 })
            throw new WorkflowException(WorkflowErrorKind.Invalid, "意见不能超过 2000 字", "comment");
        var given = request.Inputs ?? new Dictionary<string, string>();
        foreach (var name in given.Keys.Where(k => inputs.All(i => i.Name != k)))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"「{action.Title}」没有字段 {name}", name);
        var result = new List<(string, string)>();
        foreach (var input in inputs)
        {
            given.TryGetValue(input.Name, out var value);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (input.Required) throw new WorkflowException(WorkflowErrorKind.Invalid, $"「{input.Title}」必须填写", input.Name);
                continue;
            }
            var (normalised, error) = input.Check(value);
            if (error is not null) throw new WorkflowException(WorkflowErrorKind.Invalid, error, input.Name);
            result.Add((input.Name, normalised!));
        }
        return result;
    }

    private static ActionOutcome? RepeatOf(IdempotencyRecord? record, Guid instanceId, string actionId, Actor actor)
    {
        if (record is null) return null;
        if (record.InstanceId != instanceId || record.Action != actionId || record.ActorId != actor.Id)
            throw new WorkflowException(WorkflowErrorKind.Conflict, "幂等键已用于另一个动作，请换一个新的键", "idempotencyKey");
        return JsonSerializer.Deserialize<ActionOutcome>(record.OutcomeJson)! with { Repeated = true };
    }

}
