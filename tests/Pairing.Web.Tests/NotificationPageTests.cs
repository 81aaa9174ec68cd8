using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pairing.Web.Tests;

/// <summary>The inbox and notifications on the seeded Qingyuan demo: the header names the person, pending work comes
/// before overdue work with Chinese period labels and deadlines that read right, unread notifications are marked and
/// counted, opening one or 全部标为已读 marks them read, and the API lists and marks only the caller's own.</summary>
[Collection(WebCollection.Name)]
public sealed partial class NotificationPageTests(WebWorld web)
{
    [Fact]
    public async Task The_header_shows_the_person_and_the_unread_count_never_the_account_code()
    {
        using var school = await web.SignedInAsync("qy.c03");
        var page = await school.GetStringAsync("/");
        Assert.Contains("<span class=\"who\">阳山县阳山中学 办公室 黄老师</span>", page);
        Assert.DoesNotContain("qy.c03", page);
        Assert.Matches("<a class=\"unread-count\" href=\"/#notifications\" title=\"未读通知\">通知 <span class=\"badge\">[1-9]\\d*</span></a>", page);

        using var bureau = await web.SignedInAsync("qy.lianshan");
        Assert.Contains("<span class=\"who\">连山壮族瑶族自治县教育局 股长</span>", await bureau.GetStringAsync("/agreements"));
    }

    [Fact]
    public async Task The_inbox_lists_pending_work_before_overdue_work_with_period_labels_and_deadlines()
    {
        using var school = await web.SignedInAsync("qy.c03");
        var page = await school.GetStringAsync("/");
        var pending = page.IndexOf("<h2 id=\"pending\">待处理", StringComparison.Ordinal);
        var overdue = page.IndexOf("<h2 id=\"overdue\">已逾期", StringComparison.Ordinal);
        var notes = page.IndexOf("<h2 id=\"notifications\">通知", StringComparison.Ordinal);
        Assert.True(pending > 0 && overdue > pending && notes > overdue, "sections out of order");

        var late = page[overdue..notes];
        Assert.Contains("补交学期报告（已逾期）", late);
        Assert.Matches("已于20\\d\\d年\\d+月\\d+日截止，已逾期 \\d+ 天", late);
        Assert.Contains("2024—2025学年第一学期", late);
        Assert.DoesNotContain("已逾期", Visible(page[pending..overdue]));

        var text = Visible(page);
        Assert.DoesNotMatch("\\d{4}-\\d{4}-\\d", text);
        Assert.DoesNotContain("将于2025年", text);
    }

    [Fact]
    public async Task Opening_a_notification_marks_it_read_and_all_can_be_marked_at_once()
    {
        using var school = await web.SignedInAsync("qy.c05");
        var page = await school.GetStringAsync("/");
        var unread = Badge(page);
        var first = UnreadLink().Match(page);
        Assert.True(first.Success, "no unread notification");
        var id = first.Groups[1].Value;

        var opened = await school.GetAsync($"/notifications/{id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("/agreements/441800-", opened.Headers.Location!.ToString());
        page = await school.GetStringAsync("/");
        Assert.Equal(unread - 1, Badge(page));
        Assert.Matches($"<li class=\"read\">[^<]*<time>[^<]*</time>\\s*<a href=\"/notifications/{id}\">", page);

        // Someone else's notification does not exist for them.
        using var other = await web.SignedInAsync("qy.c07");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/notifications/{id}")).StatusCode);

        var all = await WebWorld.PostFormAsync(school, "/", [], action: "/?handler=ReadAll");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.Equal($"/?marked={unread - 1}#notifications", all.Headers.Location!.ToString());
        page = await school.GetStringAsync($"/?marked={unread - 1}");
        Assert.Contains($"已将 {unread - 1} 条通知标为已读。", page);
        Assert.DoesNotContain("class=\"badge\"", page);
        Assert.DoesNotContain("<li class=\"unread\">", page);
        Assert.DoesNotContain("全部标为已读", page);
    }

    [Fact]
    public async Task The_api_lists_notifications_with_their_read_state_and_marks_only_the_caller_s_own()
    {
        using var school = await web.SignedInAsync("qy.c06");
        var list = (await school.GetFromJsonAsync<JsonElement>("/api/v1/notifications?size=200")).GetProperty("items");
        Assert.True(list.GetArrayLength() > 0);
        var first = list[0];
        Assert.True(first.GetProperty("unread").GetBoolean());
        Assert.StartsWith("/agreements/441800-", first.GetProperty("link").GetString());
        var id = first.GetProperty("id").GetString()!;
        var unread = list.EnumerateArray().Count(n => n.GetProperty("unread").GetBoolean());

        // Another school cannot mark it; nothing is marked.
        using var other = await web.SignedInAsync("qy.c07");
        var foreign = await other.PostAsync("/api/v1/notifications/read", Json($$"""{"ids":["{{id}}"]}"""));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.True(JsonDocument.Parse(await foreign.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("ids", out _));

        var marked = await school.PostAsync("/api/v1/notifications/read", Json($$"""{"ids":["{{id}}"]}"""));
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var result = JsonDocument.Parse(await marked.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, result.GetProperty("marked").GetInt32());
        Assert.Equal(unread - 1, result.GetProperty("unread").GetInt32());
        var left = (await school.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unread=true&size=200")).GetProperty("items");
        Assert.Equal(unread - 1, left.GetArrayLength());
        Assert.DoesNotContain(left.EnumerateArray(), n => n.GetProperty("id").GetString() == id);
        var again = (await school.GetFromJsonAsync<JsonElement>("/api/v1/notifications?size=200")).GetProperty("items");
        Assert.False(again.EnumerateArray().Single(n => n.GetProperty("id").GetString() == id).GetProperty("unread").GetBoolean());

        var empty = await school.PostAsync("/api/v1/notifications/read", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("ids", await empty.Content.ReadAsStringAsync());
        var bad = await school.GetAsync("/api/v1/notifications?unread=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unread", await bad.Content.ReadAsStringAsync());
        using var anonymous = await web.SignedInAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/notifications/read", Json("""{"all":true}"""))).StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static int Badge(string page) => BadgeCount().Match(page) is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0;

    /// <summary>The page's text as a reader sees it: no tags, no attribute values (links may carry period keys).</summary>
    private static string Visible(string html) => Tags().Replace(html, " ");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("class=\"badge\">(\\d+)</span>")]
    private static partial Regex BadgeCount();

    [GeneratedRegex("<li class=\"unread\">[^<]*<time>[^<]*</time>\\s*<span class=\"tag unread\">未读</span>\\s*<a href=\"/notifications/([0-9a-f-]{36})\">")]
    private static partial Regex UnreadLink();
}
