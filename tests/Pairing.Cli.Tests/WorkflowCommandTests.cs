namespace Pairing.Cli.Tests;

public sealed class WorkflowCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("pairing-wf").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task The_shipped_definitions_validate()
    {
        var r = await _cli.RunAsync("workflows", "validate");
        Assert.Equal(0, r.Exit);
        Assert.Contains("county-trusteeship.qingyuan v6", r.Out);
        Assert.Contains("semester-report v4", r.Out);
    }

    [Fact]
    public async Task A_broken_definition_is_reported_by_file_and_path_with_exit_code_1()
    {
        var file = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(file, """
            { "id": "broken", "version": 1, "title": "坏定义", "scopes": ["owner"], "initialState": "start",
              "states": [
                { "id": "start", "actions": [ { "id": "go", "to": "nowhere", "roles": [] },
                                              { "id": "go", "to": "end", "roles": ["staff"], "guards": [ { "name": "no-such-guard" } ] } ] },
                { "id": "end", "final": true },
                { "id": "island", "actions": [ { "id": "back", "to": "start", "roles": ["staff"] } ] } ] }
            """);
        var r = await _cli.RunAsync("workflows", "validate", file);
        Assert.Equal(1, r.Exit);
        Assert.Contains("broken.json: $.states[0].actions[0].to: 目标状态 'nowhere' 不存在", r.Err);
        Assert.Contains("broken.json: $.states[0].actions[0].roles: 动作 'go' 没有允许的角色", r.Err);
        Assert.Contains("broken.json: $.states[0].actions: 动作 id 'go' 重复", r.Err);
        Assert.Contains("broken.json: $.states[0].actions[1].guards[0].name: 未知的条件 'no-such-guard'", r.Err);
        Assert.Contains("broken.json: $.states[2]: 状态 'island' 从初始状态不可达", r.Err);
    }

    [Fact]
    public async Task Published_versions_are_immutable()
    {
        Assert.Equal(0, (await _cli.RunAsync("workflows", "publish")).Exit);
        var again = await _cli.RunAsync("workflows", "publish");
        Assert.Contains("未变化  county-trusteeship.qingyuan v6", again.Out);

        var changed = Path.Combine(_dir, "semester-report.json");
        var text = await File.ReadAllTextAsync(Path.Combine(Testing.RepoPaths.Workflows, "semester-report.json"));
        await File.WriteAllTextAsync(changed, text.Replace("\"title\": \"学期报告\"", "\"title\": \"学期工作报告\""));
        var refused = await _cli.RunAsync("workflows", "publish", changed);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("已发布的版本不可修改", refused.Err);

        await File.WriteAllTextAsync(changed, text.Replace("\"version\": 4", "\"version\": 5"));
        Assert.Contains("已发布  semester-report v5", (await _cli.RunAsync("workflows", "publish", changed)).Out);
        var list = await _cli.RunAsync("workflows", "list", "--json");
        Assert.Contains("\"definitionId\": \"semester-report\",\n    \"version\": 5", list.Out.Replace("\r", ""));
    }
}
