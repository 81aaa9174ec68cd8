using Pairing.Testing;
using Pairing.Workflows.Definitions;

namespace Pairing.Workflows.Tests;

public sealed class DefinitionValidationTests
{
    private static readonly DefinitionLoader Loader = new(EngineFixture.Registry(new TestPlugins()));

    private static List<string> Errors(string json) => Loader.Load("x.json", json).Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public void Every_error_is_reported_with_file_and_path()
    {
        var errors = Errors("""
            { "id": "bad", "version": 1, "title": "坏", "scopes": ["owner"], "initialState": "start",
              "parameters": { "n": 1 },
              "states": [
                { "id": "start", "actions": [
                    { "id": "go", "to": "missing", "roles": [] },
                    { "id": "go", "to": "end", "roles": ["staff"], "scope": "county",
                      "guards": [ { "name": "nope" }, { "name": "test-guard", "params": { "x": "$absent" } } ],
                      "effects": [ { "name": "ghost" } ] } ] },
                { "id": "end", "final": true },
                { "id": "end", "final": true },
                { "id": "lonely", "actions": [ { "id": "back", "to": "start", "roles": ["staff"] } ] },
                { "id": "stuck" } ] }
            """);
        Assert.Contains("x.json: $.states[0].actions[0].to: 目标状态 'missing' 不存在", errors);
        Assert.Contains("x.json: $.states[0].actions[0].roles: 动作 'go' 没有允许的角色", errors);
        Assert.Contains("x.json: $.states[0].actions: 动作 id 'go' 重复", errors);
        Assert.Contains("x.json: $.states[0].actions[1].scope: 范围 'county' 未在 scopes 中声明", errors);
        Assert.Contains(errors, e => e.StartsWith("x.json: $.states[0].actions[1].guards[0].name: 未知的条件 'nope'（可用：test-guard）"));
        Assert.Contains("x.json: $.states[0].actions[1].guards[1].params.x: 引用了未定义的参数 'absent'", errors);
        Assert.Contains(errors, e => e.StartsWith("x.json: $.states[0].actions[1].effects[0].name: 未知的效果 'ghost'"));
        Assert.Contains("x.json: $.states[2].id: 状态 id 'end' 重复", errors);
        Assert.Contains("x.json: $.states[3]: 状态 'lonely' 从初始状态不可达", errors);
        Assert.Contains("x.json: $.states[4]: 非终止状态 'stuck' 没有任何动作，流程会停在这里", errors);
    }

    [Fact]
    public void Missing_basics_malformed_json_and_bad_timers_are_named()
    {
        Assert.Contains("x.json: $.initialState: 必填", Errors("""{ "id": "a", "version": 1, "title": "t", "states": [ { "id": "s", "final": true } ] }"""));
        Assert.Contains("x.json: $.initialState: 初始状态 'nope' 不存在",
            Errors("""{ "id": "a", "version": 1, "title": "t", "initialState": "nope", "states": [ { "id": "s", "final": true } ] }"""));
        Assert.Contains("x.json: $.version: 缺少版本号，或版本号不是正整数", Errors("""{ "id": "a", "title": "t", "initialState": "s", "states": [ { "id": "s", "final": true } ] }"""));
        var malformed = Assert.Single(Errors("{ \"id\": \"a\",\n  \"states\": [ }"));
        Assert.StartsWith("x.json: $: 不是有效的 JSON（第 2 行", malformed);

        var timers = Errors("""
            { "id": "t", "version": 1, "title": "t", "scopes": [], "dateFields": ["due"], "initialState": "s",
              "states": [
                { "id": "s", "timers": [
                    { "id": "a", "at": { "date": "2025-13-01" }, "action": "go" },
                    { "id": "b", "at": { "field": "undeclared" }, "action": "go" },
                    { "id": "c", "at": { "field": "due", "date": "2025-01-01" }, "action": "go" },
                    { "id": "d", "at": { "field": "due" }, "action": "go", "effect": { "name": "test-notify" } },
                    { "id": "e", "at": { "field": "due" }, "action": "byhand" },
                    { "id": "e", "at": { "calendar": "lunar" }, "effect": { "name": "test-notify" } } ],
                  "actions": [ { "id": "go", "to": "f", "roles": ["system"] }, { "id": "byhand", "to": "f", "roles": ["staff"] } ] },
                { "id": "f", "final": true } ] }
            """);
        Assert.Contains("x.json: $.states[0].timers[0].at.date: 日期 '2025-13-01' 无效，应为 yyyy-MM-dd", timers);
        Assert.Contains("x.json: $.states[0].timers[1].at.field: 日期字段 'undeclared' 未在 dateFields 中声明", timers);
        Assert.Contains("x.json: $.states[0].timers[2].at: 必须且只能指定 date、field、calendar 之一", timers);
        Assert.Contains("x.json: $.states[0].timers[3]: 定时器必须且只能指定 action 或 effect 之一", timers);
        Assert.Contains("x.json: $.states[0].timers[4].action: 定时器触发的动作 'byhand' 必须允许角色 system", timers);
        Assert.Contains("x.json: $.states[0].timers[5].at.calendar: 未知的日历规则 'lunar'", timers);
        Assert.Contains("x.json: $.states[0].timers: 定时器 id 'e' 重复", timers);
    }

    [Fact]
    public void A_signoff_action_must_wait_for_everyone()
    {
        var errors = Errors("""
            { "id": "s", "version": 1, "title": "t", "scopes": ["party"], "initialState": "sign",
              "states": [ { "id": "sign", "signoff": { "action": "sign", "then": "done" },
                            "actions": [ { "id": "sign", "to": "done", "roles": ["signatory"], "scope": "party" } ] },
                          { "id": "done", "final": true } ] }
            """);
        Assert.Contains("x.json: $.states[0].signoff.action: 会签动作 'sign' 不能有 to：所有参与方完成后才转到 then", errors);
    }

    private const string Lifecycle = """
        { "id": "base-lifecycle", "abstract": true, "title": "共用", "scopes": ["owner", "county"], "initialState": "draft",
          "metadata": { "family": "review" },
          "states": [
            { "id": "draft", "actions": [ { "id": "submit", "to": "county_review", "roles": ["staff"], "scope": "owner",
                                           "guards": [ { "name": "test-guard", "params": { "x": "$limit" } } ] } ] },
            { "id": "county_review", "actions": [ { "id": "approve", "to": "city_review", "roles": ["bureau"], "scope": "county" } ] },
            { "id": "city_review", "actions": [ { "id": "approve", "to": "done", "roles": ["bureau"] } ] },
            { "id": "done", "final": true } ] }
        """;

    private static DefinitionLoadResult Extending(string json, string lifecycle = Lifecycle) =>
        Loader.Load("program.json", json, id => id == "base-lifecycle" ? DefinitionLoader.Parse("lifecycle.json", lifecycle) : null);

    [Fact]
    public void A_definition_extends_a_shared_lifecycle_and_states_only_what_differs()
    {
        var result = Extending("""
            { "id": "program", "version": 1, "title": "项目", "extends": "base-lifecycle",
              "metadata": { "city": "qingyuan" }, "parameters": { "limit": 3 },
              "removeStates": ["city_review"],
              "states": [ { "id": "county_review", "actions": [ { "id": "approve", "to": "done", "roles": ["bureau"], "scope": "county" } ] } ] }
            """);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var d = result.Definition!;
        Assert.Equal(("program", 1, "项目"), (d.Id, d.Version, d.Title));
        Assert.Equal(["draft", "county_review", "done"], d.States.Select(s => s.Id).ToArray());
        Assert.Equal("done", d.State("county_review").Actions.Single().To);
        Assert.Equal("review", d.Metadata["family"]!.GetValue<string>());
        Assert.Equal("qingyuan", d.Metadata["city"]!.GetValue<string>());
        // What is published is self-contained: it loads again without its base.
        Assert.True(Loader.Load("published", d.SourceJson).Ok);
    }

    [Fact]
    public void Errors_in_a_composed_definition_name_the_file_and_path_where_they_are_written()
    {
        var errors = Extending("""
            { "id": "program", "version": 1, "title": "项目", "extends": "base-lifecycle",
              "removeStates": ["no_such_state"] }
            """).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("program.json: $.removeStates[0]: 被继承的定义中没有状态 'no_such_state'", errors);

        // A parameter the lifecycle uses but the program does not give: the error points at the use, in the lifecycle.
        errors = Extending("""{ "id": "program", "version": 1, "title": "项目", "extends": "base-lifecycle" }""").Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("lifecycle.json: $.states[0].actions[0].guards[0].params.x: 引用了未定义的参数 'limit'", errors);

        // A mistake in the program's own state points at the program file and its own index.
        errors = Extending("""
            { "id": "program", "version": 1, "title": "项目", "extends": "base-lifecycle", "parameters": { "limit": 1 },
              "states": [ { "id": "done", "final": true }, { "id": "county_review", "actions": [ { "id": "approve", "to": "nowhere", "roles": ["bureau"] } ] } ] }
            """).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("program.json: $.states[1].actions[0].to: 目标状态 'nowhere' 不存在", errors);

        Assert.Contains(Extending("""{ "id": "p", "version": 1, "title": "项目", "extends": "missing" }""").Errors,
            e => e.ToString() == "program.json: $.extends: 找不到被继承的定义 'missing'");
        Assert.Contains(Loader.Load("lifecycle.json", Lifecycle).Errors, e => e.Path == "$.abstract");
    }
}
