using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

/// <summary>Typed inputs: numbers and percentages within bounds, choices, text; and inputs a parent hands down to its
/// children (a shared report workflow asking each program's own indicators).</summary>
public sealed class TypedInputTests
{
    private const string Report = """
        { "id": "typed-report", "version": 1, "title": "报告", "scopes": ["owner", "party", "county"], "dateFields": ["periodStart", "periodEnd", "dueDate"],
          "initialState": "due",
          "states": [
            { "id": "due", "title": "待提交", "task": { "title": "提交报告", "roles": ["staff"], "scope": "party" },
              "actions": [ { "id": "submit", "title": "提交报告", "to": "closed", "roles": ["staff"], "scope": "party", "inputsFrom": "indicators",
                             "inputs": [ { "name": "summary", "title": "工作总结", "required": true, "maxLength": 20 } ] } ] },
            { "id": "closed", "title": "已提交", "final": true } ] }
        """;

    private const string Parent = """
        { "id": "typed-parent", "version": 1, "title": "协议", "scopes": ["owner", "party", "county"], "dateFields": ["from", "to"],
          "initialState": "running",
          "parameters": { "indicators": [
            { "name": "visits", "title": "送教下乡次数", "type": "number", "min": 0, "max": 50, "unit": "次", "required": true },
            { "name": "participation", "title": "教研参与率", "type": "percent" },
            { "name": "level", "title": "成效", "choices": ["显著", "一般"] } ] },
          "states": [
            { "id": "running", "title": "履行",
              "children": [ { "workflow": "typed-report", "calendar": "semester", "fromField": "from", "toField": "to", "dueOffsetDays": 15,
                              "with": { "indicators": "$indicators" } } ],
              "actions": [ { "id": "finish", "to": "done", "roles": ["bureau"] } ] },
            { "id": "done", "title": "结束", "final": true } ] }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_child_asks_the_inputs_its_parent_hands_down_and_checks_each_value(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        await f.PublishAsync(Report);
        await f.PublishAsync(Parent);
        var parent = await f.StartAsync(definition: "typed-parent");
        Guid child;
        await using (var db = f.Db())
            child = (await db.Instances.Where(i => i.ParentId == parent).OrderBy(i => i.ChildKey).FirstAsync()).Id;

        async Task<WorkflowException> Refused(Dictionary<string, string> inputs) =>
            await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(child, "submit", f.Owner, inputs: inputs));

        var missing = await Refused(new() { ["summary"] = "完成" });
        Assert.Equal(("visits", "「送教下乡次数」必须填写"), (missing.Field, missing.Message));
        var notNumber = await Refused(new() { ["summary"] = "完成", ["visits"] = "三次" });
        Assert.Contains("应为数字（单位：次）", notNumber.Message);
        var tooMany = await Refused(new() { ["summary"] = "完成", ["visits"] = "51" });
        Assert.Equal(("visits", "「送教下乡次数」不能大于 50"), (tooMany.Field, tooMany.Message));
        var rate = await Refused(new() { ["summary"] = "完成", ["visits"] = "3", ["participation"] = "120%" });
        Assert.Equal(("participation", "「教研参与率」不能大于 100"), (rate.Field, rate.Message));
        var choice = await Refused(new() { ["summary"] = "完成", ["visits"] = "3", ["level"] = "很好" });
        Assert.Equal("level", choice.Field);
        var longText = await Refused(new() { ["summary"] = new string('字', 21), ["visits"] = "3" });
        Assert.Equal("summary", longText.Field);
        var unknown = await Refused(new() { ["summary"] = "完成", ["visits"] = "3", ["budget"] = "1" });
        Assert.Equal("budget", unknown.Field);

        // Nothing refused was kept; the accepted values are stored normalised.
        await f.ActAsync(child, "submit", f.Owner, inputs: new() { ["summary"] = "完成", ["visits"] = " 4.0 ", ["participation"] = "85%", ["level"] = "显著" });
        await using var check = f.Db();
        var context = JsonNode.Parse((await check.Instances.SingleAsync(i => i.Id == child)).ContextJson)!.AsObject();
        Assert.Equal(("4", "85", "显著"), (context["visits"]!.ToString(), context["participation"]!.ToString(), context["level"]!.ToString()));
        Assert.Equal(3, InputDefinition.ListFrom(context["indicators"]).Count);
    }

    [Fact]
    public void Input_definitions_are_checked_when_the_definition_loads()
    {
        var loader = new DefinitionLoader(EngineFixture.Registry(new TestPlugins()));
        var result = loader.Load("bad.json", Report.Replace("\"maxLength\": 20", "\"type\": \"percentage\", \"min\": 5, \"max\": 1"));
        Assert.Contains(result.Errors, e => e.Path == "$.states[0].actions[0].inputs[0].type" && e.Message.Contains("percentage"));
        Assert.Contains(result.Errors, e => e.Path == "$.states[0].actions[0].inputs[0].min");
        var unresolved = loader.Load("bad.json", Parent.Replace("\"$indicators\"", "\"$missing\""));
        Assert.Contains(unresolved.Errors, e => e.Path == "$.states[0].children[0].with.indicators" && e.Message.Contains("missing"));
    }
}
