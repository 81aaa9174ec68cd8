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
}
