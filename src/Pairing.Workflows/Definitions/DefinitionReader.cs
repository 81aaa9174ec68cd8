using System.Globalization;
using System.Text.Json.Nodes;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Definitions;

/// <summary>Reads one definition object, collecting every problem instead of stopping at the first.</summary>
internal sealed class DefinitionReader(string file, PluginRegistry plugins)
{
    public List<DefinitionError> Errors { get; } = [];
    private JsonObject _parameters = new();

    private void Error(string path, string message) => Errors.Add(new(file, path, message));

    public WorkflowDefinition Read(JsonObject root, string json)
    {
        var id = RequiredString(root, "$", "id");
        var version = root["version"] is JsonValue v && v.TryGetValue<int>(out var ver) && ver > 0 ? ver : 0;
        if (version == 0) Error("$.version", "缺少版本号，或版本号不是正整数");
        var title = RequiredString(root, "$", "title") ?? "";
        _parameters = root["parameters"] as JsonObject ?? new JsonObject();
        if (root["parameters"] is not null and not JsonObject) Error("$.parameters", "必须是对象");
        var dateFields = StringList(root, "$", "dateFields");
        var scopes = StringList(root, "$", "scopes");
        var metadata = root["metadata"] as JsonObject ?? new JsonObject();
        var initial = RequiredString(root, "$", "initialState");

        var states = new List<StateDefinition>();
        if (root["states"] is not JsonArray stateArray || stateArray.Count == 0)
            Error("$.states", "缺少状态列表");
        else
            for (var i = 0; i < stateArray.Count; i++)
                if (stateArray[i] is JsonObject so) states.Add(ReadState(so, $"$.states[{i}]", dateFields, scopes));
                else Error($"$.states[{i}]", "状态必须是对象");

        CheckStates(states, initial);
        return new WorkflowDefinition(id ?? "", version, title, initial ?? "", states, (JsonObject)_parameters.DeepClone(),
            dateFields, scopes, (JsonObject)metadata.DeepClone(), json, DefinitionLoader.HashOf(json));
    }

    private StateDefinition ReadState(JsonObject o, string path, IReadOnlyList<string> dateFields, IReadOnlyList<string> scopes)
    {
        var id = RequiredString(o, path, "id") ?? "";
        var title = OptionalString(o, path, "title") ?? id;
        var final = OptionalBool(o, path, "final");
        var editable = OptionalBool(o, path, "editable");

        var actions = new List<ActionDefinition>();
        if (o["actions"] is JsonArray arr)
            for (var i = 0; i < arr.Count; i++)
                if (arr[i] is JsonObject ao) actions.Add(ReadAction(ao, $"{path}.actions[{i}]", scopes));
                else Error($"{path}.actions[{i}]", "动作必须是对象");
        foreach (var dup in actions.GroupBy(a => a.Id).Where(g => g.Count() > 1 && g.Key != ""))
            Error($"{path}.actions", $"动作 id '{dup.Key}' 重复");

        TaskDefinition? task = null;
        if (o["task"] is JsonObject t)
        {
            var tp = $"{path}.task";
            var roles = StringList(t, tp, "roles");
            if (roles.Count == 0) Error($"{tp}.roles", "待办没有指定角色");
            var scope = RequiredString(t, tp, "scope") ?? "";
            CheckScope(scope, scopes, $"{tp}.scope");
            int? due = t["dueInDays"] is JsonValue dv && dv.TryGetValue<int>(out var d) ? d : null;
            task = new TaskDefinition(OptionalString(t, tp, "title") ?? title, roles, scope, due,
                t["ofActingParty"] is JsonValue ov && ov.TryGetValue<bool>(out var of) && of);
        }

        SignoffDefinition? signoff = null;
        if (o["signoff"] is JsonObject so)
        {
            var sp = $"{path}.signoff";
            var action = RequiredString(so, sp, "action") ?? "";
            var then = RequiredString(so, sp, "then") ?? "";
            var target = actions.FirstOrDefault(a => a.Id == action);
            if (action != "" && target is null) Error($"{sp}.action", $"会签动作 '{action}' 不是本状态的动作");
            else if (target is not null && target.To is not null) Error($"{sp}.action", $"会签动作 '{action}' 不能有 to：所有参与方完成后才转到 then");
            else if (target is not null && target.Scope is null) Error($"{sp}.action", $"会签动作 '{action}' 必须指定 scope（逐一签署的参与方）");
            signoff = new SignoffDefinition(action, then);
        }

        var timers = new List<TimerDefinition>();
        if (o["timers"] is JsonArray tarr)
            for (var i = 0; i < tarr.Count; i++)
                if (tarr[i] is JsonObject to) timers.Add(ReadTimer(to, $"{path}.timers[{i}]", dateFields, actions));
        foreach (var dup in timers.GroupBy(x => x.Id).Where(g => g.Count() > 1 && g.Key != ""))
            Error($"{path}.timers", $"定时器 id '{dup.Key}' 重复");

        var children = new List<ChildSpec>();
        if (o["children"] is JsonArray carr)
            for (var i = 0; i < carr.Count; i++)
                if (carr[i] is JsonObject co) children.Add(ReadChild(co, $"{path}.children[{i}]", dateFields));

        var onEnter = EffectList(o, path, "onEnter");
        if (final && actions.Count > 0) Error($"{path}.actions", "终止状态不能有动作");
        return new StateDefinition(id, title, final, editable, task, signoff, actions, timers, children, onEnter);
    }

    private ActionDefinition ReadAction(JsonObject o, string path, IReadOnlyList<string> scopes)
    {
        var id = RequiredString(o, path, "id") ?? "";
        var roles = StringList(o, path, "roles");
        if (roles.Count == 0) Error($"{path}.roles", $"动作 '{id}' 没有允许的角色");
        var scope = OptionalString(o, path, "scope");
        if (scope is not null) CheckScope(scope, scopes, $"{path}.scope");
        var inputs = new List<InputDefinition>();
        if (o["inputs"] is JsonArray arr)
            for (var i = 0; i < arr.Count; i++)
            {
                var ip = $"{path}.inputs[{i}]";
                if (arr[i] is not JsonObject io) { Error(ip, "输入项必须是对象"); continue; }
                if (InputDefinition.Read(io, ip, Error) is { } input) inputs.Add(input);
            }
        var inputsFrom = OptionalString(o, path, "inputsFrom");
        var guards = new List<GuardRef>();
        if (o["guards"] is JsonArray garr)
            for (var i = 0; i < garr.Count; i++)
            {
                var gp = $"{path}.guards[{i}]";
                if (garr[i] is not JsonObject go) { Error(gp, "条件必须是对象"); continue; }
                var name = RequiredString(go, gp, "name") ?? "";
                var ps = ResolveParams(go["params"], $"{gp}.params");
                var guard = plugins.Guard(name);
                if (name != "" && guard is null) Error($"{gp}.name", $"未知的条件 '{name}'（可用：{string.Join("、", plugins.GuardNames)}）");
                else if (guard is not null) RequireParams(guard.RequiredParams, ps, $"{gp}.params", name);
                guards.Add(new GuardRef(name, ps));
            }
        return new ActionDefinition(id, OptionalString(o, path, "title") ?? id, OptionalString(o, path, "to"), roles, scope,
            OptionalBool(o, path, "commentRequired"), inputs, guards, EffectList(o, path, "effects"), inputsFrom);
    }

    private TimerDefinition ReadTimer(JsonObject o, string path, IReadOnlyList<string> dateFields, List<ActionDefinition> actions)
    {
        var id = RequiredString(o, path, "id") ?? "";
        TimerAt at = new(null, null, null, 0);
        if (o["at"] is not JsonObject a) Error($"{path}.at", "缺少触发时间 at");
        else
        {
            var ap = $"{path}.at";
            DateOnly? date = null;
            var dateText = OptionalString(a, ap, "date");
            if (dateText is not null)
            {
                if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
                else Error($"{ap}.date", $"日期 '{dateText}' 无效，应为 yyyy-MM-dd");
            }
            var field = OptionalString(a, ap, "field");
            if (field is not null && !dateFields.Contains(field)) Error($"{ap}.field", $"日期字段 '{field}' 未在 dateFields 中声明");
            var calendar = OptionalString(a, ap, "calendar");
            if (calendar is not null && plugins.Calendar(calendar) is null) Error($"{ap}.calendar", $"未知的日历规则 '{calendar}'");
            var kinds = (dateText is null ? 0 : 1) + (field is null ? 0 : 1) + (calendar is null ? 0 : 1);
            if (kinds != 1) Error(ap, "必须且只能指定 date、field、calendar 之一");
            var offset = 0;
            if (a["offsetDays"] is JsonNode on && !(on is JsonValue ov && ov.TryGetValue(out offset)))
                Error($"{ap}.offsetDays", "偏移天数必须是整数");
            at = new TimerAt(date, field, calendar, offset);
        }
        var action = OptionalString(o, path, "action");
        EffectRef? effect = o["effect"] is JsonObject eo ? ReadEffect(eo, $"{path}.effect") : null;
        if ((action is null) == (effect is null)) Error(path, "定时器必须且只能指定 action 或 effect 之一");
        if (action is not null)
        {
            var target = actions.FirstOrDefault(x => x.Id == action);
            if (target is null) Error($"{path}.action", $"动作 '{action}' 不是本状态的动作");
            else if (!target.Roles.Contains(Actor.SystemRole)) Error($"{path}.action", $"定时器触发的动作 '{action}' 必须允许角色 system");
        }
        return new TimerDefinition(id, at, action, effect);
    }

    private ChildSpec ReadChild(JsonObject o, string path, IReadOnlyList<string> dateFields)
    {
        var workflow = RequiredString(o, path, "workflow") ?? "";
        var calendar = RequiredString(o, path, "calendar") ?? "";
        if (calendar != "" && plugins.Calendar(calendar) is null) Error($"{path}.calendar", $"未知的日历规则 '{calendar}'");
        var from = RequiredString(o, path, "fromField") ?? "";
        var to = RequiredString(o, path, "toField") ?? "";
        foreach (var (f, n) in new[] { (from, "fromField"), (to, "toField") })
            if (f != "" && !dateFields.Contains(f)) Error($"{path}.{n}", $"日期字段 '{f}' 未在 dateFields 中声明");
        var due = o["dueOffsetDays"] is JsonValue dv && dv.TryGetValue<int>(out var d) ? d : 0;
        // "with" hands values down to each child ("$name" takes a parameter of this definition).
        var with = o["with"] is null ? null : ResolveParams(o["with"], $"{path}.with");
        return new ChildSpec(workflow, calendar, from, to, due, with);
    }

    private List<EffectRef> EffectList(JsonObject o, string path, string name)
    {
        var list = new List<EffectRef>();
        if (o[name] is JsonArray arr)
            for (var i = 0; i < arr.Count; i++)
                if (arr[i] is JsonObject eo) list.Add(ReadEffect(eo, $"{path}.{name}[{i}]"));
                else Error($"{path}.{name}[{i}]", "效果必须是对象");
        return list;
    }

    private EffectRef ReadEffect(JsonObject o, string path)
    {
        var name = RequiredString(o, path, "name") ?? "";
        var ps = ResolveParams(o["params"], $"{path}.params");
        var effect = plugins.Effect(name);
        if (name != "" && effect is null) Error($"{path}.name", $"未知的效果 '{name}'（可用：{string.Join("、", plugins.EffectNames)}）");
        else if (effect is not null) RequireParams(effect.RequiredParams, ps, $"{path}.params", name);
        return new EffectRef(name, ps);
    }

    /// <summary>Guard and effect parameters may say "$name" to use a definition parameter, so a city variant changes
    /// a number in one place.</summary>
    private JsonObject ResolveParams(JsonNode? node, string path)
    {
        if (node is null) return new JsonObject();
        if (node is not JsonObject o) { Error(path, "参数必须是对象"); return new JsonObject(); }
        var result = new JsonObject();
        foreach (var (key, value) in o)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('$'))
            {
                var name = s[1..];
                if (_parameters[name] is JsonNode p) result[key] = p.DeepClone();
                else Error($"{path}.{key}", $"引用了未定义的参数 '{name}'");
            }
            else result[key] = value?.DeepClone();
        }
        return result;
    }

    private void RequireParams(IReadOnlyList<string> required, JsonObject ps, string path, string name)
    {
        foreach (var r in required.Where(r => !ps.ContainsKey(r)))
            Error(path, $"'{name}' 缺少参数 '{r}'");
    }

    private void CheckScope(string scope, IReadOnlyList<string> scopes, string path)
    {
        if (scope != "" && !scopes.Contains(scope)) Error(path, $"范围 '{scope}' 未在 scopes 中声明");
    }

    private void CheckStates(List<StateDefinition> states, string? initial)
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < states.Count; i++)
            if (states[i].Id != "" && !ids.Add(states[i].Id)) Error($"$.states[{i}].id", $"状态 id '{states[i].Id}' 重复");
        if (initial is not null && !ids.Contains(initial)) Error("$.initialState", $"初始状态 '{initial}' 不存在");

        for (var i = 0; i < states.Count; i++)
        {
            var s = states[i];
            for (var j = 0; j < s.Actions.Count; j++)
                if (s.Actions[j].To is { } to && !ids.Contains(to))
                    Error($"$.states[{i}].actions[{j}].to", $"目标状态 '{to}' 不存在");
            if (s.Signoff is { } so && so.Then != "" && !ids.Contains(so.Then))
                Error($"$.states[{i}].signoff.then", $"目标状态 '{so.Then}' 不存在");
            if (!s.Final && s.Actions.Count == 0)
                Error($"$.states[{i}]", $"非终止状态 '{s.Id}' 没有任何动作，流程会停在这里");
        }

        if (initial is null || !ids.Contains(initial)) return;
        var reached = new HashSet<string> { initial };
        var queue = new Queue<string>([initial]);
        while (queue.TryDequeue(out var current))
        {
            var s = states.First(x => x.Id == current);
            var next = s.Actions.Select(a => a.To).Append(s.Signoff?.Then).OfType<string>();
            foreach (var n in next.Where(ids.Contains))
                if (reached.Add(n)) queue.Enqueue(n);
        }
        for (var i = 0; i < states.Count; i++)
            if (states[i].Id != "" && !reached.Contains(states[i].Id))
                Error($"$.states[{i}]", $"状态 '{states[i].Id}' 从初始状态不可达");
    }

    private string? RequiredString(JsonObject o, string path, string name)
    {
        var value = OptionalString(o, path, name);
        if (string.IsNullOrWhiteSpace(value)) { Error($"{path}.{name}", "必填"); return null; }
        return value;
    }

    private string? OptionalString(JsonObject o, string path, string name)
    {
        var node = o[name];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        Error($"{path}.{name}", "必须是字符串");
        return null;
    }

    private bool OptionalBool(JsonObject o, string path, string name)
    {
        var node = o[name];
        if (node is null) return false;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        Error($"{path}.{name}", "必须是 true 或 false");
        return false;
    }

    private List<string> StringList(JsonObject o, string path, string name)
    {
        var list = new List<string>();
        if (o[name] is null) return list;
        if (o[name] is not JsonArray arr) { Error($"{path}.{name}", "必须是字符串数组"); return list; }
        for (var i = 0; i < arr.Count; i++)
            if (arr[i] is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
            else Error($"{path}.{name}[{i}]", "必须是字符串");
        return list;
    }
}
