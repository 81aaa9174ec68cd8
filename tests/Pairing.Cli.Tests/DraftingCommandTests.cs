using System.Text.Json;

namespace Pairing.Cli.Tests;

/// <summary>A school drafts, edits and submits from the command line; the registry import reports bad rows.</summary>
public sealed class DraftingCommandTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();

    public Task InitializeAsync() => _cli.SeedAsync("jieyang");

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_school_drafts_fixes_and_submits_an_agreement()
    {
        var bad = await _cli.RunAsync("agreements", "draft", "--as", "jy.c06", "--program", "county-trusteeship", "--title", "揭东区第一中学帮扶玉湖中学协议",
            "--start", "2025-09-01", "--end", "2028-07-31", "--party", "JY-G05:supporter", "--party", "JY-C06");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--party 第 2 项「JY-C06」格式应为 机构代码:角色[:签署人账号]", bad.Err);

        // A signatory is an account with signing authority, not a name typed in: the person printed is the person who signs.
        var typed = await _cli.RunAsync("agreements", "draft", "--as", "jy.c06", "--program", "county-trusteeship", "--title", "揭东区第一中学帮扶玉湖中学协议",
            "--start", "2025-09-01", "--end", "2028-07-31", "--party", "JY-G05:supporter:吴校长", "--party", "JY-C06:supported");
        Assert.Equal(1, typed.Exit);
        Assert.Contains("签署人「吴校长」不是揭东区第一中学具有签署权的账号（可选：jy.g05.sign 黄国（校长））", typed.Err);
        Assert.Contains("parties[0].signatory", typed.Err);

        var draft = await _cli.RunAsync("agreements", "draft", "--as", "jy.c06", "--program", "county-trusteeship", "--title", "揭东区第一中学帮扶玉湖中学协议",
            "--start", "2025-09-01", "--end", "2028-07-31", "--party", "JY-G05:supporter:jy.g05.sign", "--party", "JY-C06:supported", "--json");
        Assert.True(draft.Exit == 0, draft.Err);
        var number = JsonDocument.Parse(draft.Out).RootElement.GetProperty("number").GetString()!;
        Assert.StartsWith("445200-TG-2025-", number);

        var refused = await _cli.RunAsync("act", number, "submit", "--as", "jy.c06");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("goals（帮扶目标）必填", refused.Err);
        Assert.Contains("规则：agreement-fields", refused.Err);

        var update = await _cli.RunAsync("agreements", "update", number, "--as", "jy.c06", "--goals", "三年内教学质量进入全市中游");
        Assert.True(update.Exit == 0, update.Err);
        var submitted = await _cli.RunAsync("act", number, "submit", "--as", "jy.c06");
        Assert.Contains("draft → county_review", submitted.Out);

        // The school's only signatory was chosen by default, and is shown by name.
        var show = await _cli.RunAsync("agreements", "show", number, "--as", "jy.g05.sign");
        Assert.Contains("县级教育局审核", show.Out);
        Assert.Contains("邓明（校长）", show.Out);
        Assert.Contains("黄国（校长）", show.Out);
        Assert.Contains("您可执行：无", show.Out);
        var tasks = await _cli.RunAsync("tasks", "--as", "jy.jiedong", "--json");
        Assert.Contains(number, tasks.Out);
    }

    [Fact]
    public async Task Importing_a_list_with_bad_rows_reports_each_and_imports_none()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pairing-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "代码,名称,城市,县区,学段,标签\nJY-N01,惠来县隆江镇中心小学,揭阳市,惠来县,小学,\nJY-N02,普宁市某校,揭阳市,潮阳区,初中,\n");
        try
        {
            var r = await _cli.RunAsync("institutions", "import", file);
            Assert.Equal(1, r.Exit);
            Assert.Contains("第 3 行，列「县区」：揭阳市没有县（市、区）「潮阳区」", r.Err);
            Assert.Contains("未导入任何数据", r.Err);
            var list = await _cli.RunAsync("institutions", "list", "--city", "jieyang", "--json");
            Assert.DoesNotContain("JY-N01", list.Out);

            await File.WriteAllTextAsync(file, "代码,名称,城市,县区,学段,标签\nJY-N01,惠来县隆江镇中心小学,揭阳市,惠来县,小学,\n");
            Assert.Contains("新增 1", (await _cli.RunAsync("institutions", "import", file)).Out);
            Assert.Contains("惠来县隆江镇中心小学", (await _cli.RunAsync("institutions", "list", "--county", "huilai")).Out);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
