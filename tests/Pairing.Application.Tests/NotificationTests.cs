using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>Each party hears of every step it cares about, in Chinese with the agreement's number and title; each
/// reader has their own read state; a reminder read after its deadline says that it has passed; the inbox puts what
/// can still be done on time first.</summary>
public sealed partial class NotificationTests
{
    private const string Title = "清远市第一中学托管帮扶连州市第二中学协议";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_party_is_told_of_each_step_with_reasons_and_names(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        await GiveEmailsAsync(w, "c1", "c1.sign", "g1", "lz", "qc", "qy");
        var n = await DraftAsync(w);

        await w.ActAsync("c1", n, "submit");
        Assert.Contains(await Texts(w, "lz"), t => t == $"协议 {n}《{Title}》已提交，请审核");
        Assert.Contains(await Texts(w, "qc"), t => t.Contains("已提交，请审核"));
        Assert.DoesNotContain(await Texts(w, "yd"), t => t.Contains(n));

        await w.ActAsync("lz", n, "return", comment: "请补充年度指标");
        Assert.Contains(await Texts(w, "c1"), t => t == $"协议 {n}《{Title}》被退回修改，退回理由：请补充年度指标。请修改后重新提交");

        await w.ActAsync("c1", n, "submit");
        await w.ActAsync("lz", n, "approve");
        Assert.DoesNotContain(await Texts(w, "qy"), t => t.Contains("请审批"));
        await w.ActAsync("qc", n, "approve");
        Assert.Contains(await Texts(w, "qy"), t => t == $"协议 {n}《{Title}》已通过各县（市、区）教育局审核，请审批");
        Assert.Contains(await Texts(w, "c1"), t => t.Contains("已通过县级审核，等待市教育局审批"));

        await w.ActAsync("qy", n, "approve");
        foreach (var user in new[] { "c1", "c1.sign", "g1", "g1.sign" })
            Assert.Contains(await Texts(w, user), t => t == $"协议 {n}《{Title}》已审批通过，请各方签署人签署");

        // The signature has a deadline like every other task, read as days left.
        var sign = Assert.Single(await w.App.Send(new ListTasks.Query("g1.sign")), t => t.Number == n);
        Assert.Equal("签署协议", sign.Title);
        Assert.NotNull(sign.DueAt);
        Assert.EndsWith("（还剩 15 天）", sign.DueText);
        Assert.True(sign.New);

        // The other side hears who signed; the side that signed is not told of its own signature.
        await w.ActAsync("g1.sign", n, "sign");
        Assert.Contains(await Texts(w, "c1"), t => t == $"清远市第一中学已签署协议 {n}《{Title}》，等待其他各方签署");
        Assert.DoesNotContain(await Texts(w, "g1"), t => t.Contains("已签署协议"));
        Assert.DoesNotContain(await Texts(w, "c1"), t => t.Contains("现已生效"));

        await w.ActAsync("c1.sign", n, "sign");
        foreach (var user in new[] { "c1", "g1", "lz", "qc" })
            Assert.Contains(await Texts(w, user), t => t == $"协议 {n}《{Title}》各方均已签署，现已生效");

        // No account codes, institution codes, state or role ids: only the agreement number is ASCII.
        await using (var db = w.App.Db())
            foreach (var text in await db.Notifications.Select(x => x.Text).ToListAsync())
                Assert.False(AsciiWord().IsMatch(text.Replace(n, "")), text);

        // Each notification's e-mails were written with it, to the accounts that have an address.
        await using (var db = w.App.Db())
        {
            var mails = await db.OutgoingEmails.Where(e => e.UserName == "c1").OrderBy(e => e.CreatedAt).ToListAsync();
            Assert.Contains(mails, m => m.Subject == $"【结对帮扶】协议 {n}《{Title}》各方均已签署，现已生效");
            Assert.All(mails, m => Assert.Equal("c1@example.org", m.To));
            var returned = mails.Single(m => m.Body.Contains("请补充年度指标"));
            var note = await db.Notifications.SingleAsync(x => x.Id == returned.NotificationId);
            Assert.Contains($"https://pairing.test/notifications/{note.Id}", returned.Body);
            Assert.Empty(await db.OutgoingEmails.Where(e => e.UserName == "g1.sign").ToListAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_reader_has_their_own_read_state_and_nobody_marks_another_s(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await DraftAsync(w);
        await w.ActAsync("c1", n, "submit");
        await w.ActAsync("lz", n, "return", comment: "请补充年度指标");
        await w.ActAsync("c1", n, "submit");
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        await w.ActAsync("qc", n, "return", comment: "请补充经费预算");

        var mine = await w.App.Send(new ListNotifications.Query("c1"));
        Assert.Equal(2, mine.Count(x => x.Unread));
        Assert.Equal(2, (await w.App.Send(new ShowAccountHeader.Query("c1"))).UnreadNotifications);
        Assert.Equal("连州市第二中学 经办人", (await w.App.Send(new ShowAccountHeader.Query("c1"))).Name);
        var latest = mine[0];
        Assert.Contains("请补充经费预算", latest.Text);
        Assert.Equal($"/agreements/{n}", latest.Link);

        // Another school and a county bureau can neither open nor mark it, and nothing changes.
        await ProgramWorld.Refused(() => w.App.Send(new OpenNotification.Command("g1", latest.Id)), ErrorKind.NotFound);
        var foreign = await ProgramWorld.Refused(() => w.App.Send(new MarkNotificationsRead.Command("lz", [latest.Id])), ErrorKind.NotFound);
        Assert.Equal("ids", foreign.Field);
        Assert.Equal(2, (await w.App.Send(new ShowAccountHeader.Query("c1"))).UnreadNotifications);

        // Opening it leads to the agreement and marks it read for this reader only.
        Assert.Equal($"/agreements/{n}", await w.App.Send(new OpenNotification.Command("c1", latest.Id)));
        var after = await w.App.Send(new ListNotifications.Query("c1"));
        Assert.False(after.Single(x => x.Id == latest.Id).Unread);
        Assert.NotNull(after.Single(x => x.Id == latest.Id).ReadAt);
        Assert.Single(await w.App.Send(new ListNotifications.Query("c1", UnreadOnly: true)));
        Assert.Equal(2, (await w.App.Send(new ShowAccountHeader.Query("c1.sign"))).UnreadNotifications);

        var none = await ProgramWorld.Refused(() => w.App.Send(new MarkNotificationsRead.Command("c1", [])), ErrorKind.Invalid);
        Assert.Equal("ids", none.Field);
        var all = await w.App.Send(new MarkNotificationsRead.Command("c1.sign", [], All: true));
        Assert.Equal(new MarkNotificationsRead.Result(2, 0), all);
        Assert.Equal(0, (await w.App.Send(new ShowAccountHeader.Query("c1.sign"))).UnreadNotifications);
        Assert.Equal(1, (await w.App.Send(new ShowAccountHeader.Query("c1"))).UnreadNotifications);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reminder_read_after_its_deadline_says_it_has_passed_and_reports_are_followed(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await ActiveAsync(w);
        await w.RunTimersAtAsync(2024, 9, 2);
        await w.RunTimersAtAsync(2025, 2, 5);
        const string label = "2024—2025学年第一学期";
        var reminder = Assert.Single(await w.App.Send(new ListNotifications.Query("c1")), x => x.Text.Contains("报告将于"));
        Assert.Equal($"{label}报告将于2025年2月15日截止，请按时提交（协议 {n}《{Title}》）", reminder.Text);
        Assert.Equal($"/agreements/{n}/cycles/2024-2025-1", reminder.Link);
        var task = Assert.Single(await w.App.Send(new ListTasks.Query("c1")), t => t.Cycle == "2024-2025-1");
        Assert.Equal(label, task.CycleLabel);
        Assert.Equal("2025年2月15日（还剩 10 天）", task.DueText);

        await w.RunTimersAtAsync(2025, 2, 20);
        var notes = await w.App.Send(new ListNotifications.Query("c1"));
        Assert.DoesNotContain(notes, x => x.Text.Contains("将于"));
        Assert.Contains(notes, x => x.Id == reminder.Id && x.Text == $"{label}报告已于2025年2月15日截止（协议 {n}《{Title}》），已逾期 5 天");
        Assert.Contains(notes, x => x.Text == $"{label}报告已逾期，截止日期为2025年2月15日，请尽快补交（协议 {n}《{Title}》）");
        Assert.Contains(await Texts(w, "lz"), t => t == $"{label}报告已逾期，截止日期为2025年2月15日（协议 {n}《{Title}》）");
        var overdue = Assert.Single(await w.App.Send(new ListTasks.Query("c1")), t => t.Cycle == "2024-2025-1");
        Assert.True(overdue.Overdue);
        Assert.Equal("已于2025年2月15日截止，已逾期 5 天", overdue.DueText);

        // Once submitted, the old reminder no longer counts days; the bureau is asked to review, the school hears back.
        await w.ActAsync("c1", n, "submit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期送教下乡 3 次" });
        Assert.Contains(await w.App.Send(new ListNotifications.Query("c1")), x => x.Id == reminder.Id && x.Text == $"{label}报告已于2025年2月15日截止（协议 {n}《{Title}》）");
        Assert.Contains(await Texts(w, "lz"), t => t == $"{label}报告已提交，请审核（协议 {n}《{Title}》）");
        await w.ActAsync("lz", n, "return", cycle: "2024-2025-1", comment: "请补充学生参与人数");
        Assert.Contains(await Texts(w, "c1"), t => t == $"{label}报告被退回修改，退回理由：请补充学生参与人数（协议 {n}《{Title}》）");
        await w.ActAsync("c1", n, "resubmit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期送教下乡 3 次，学生 320 人次参与" });
        Assert.Contains(await Texts(w, "lz"), t => t.StartsWith($"{label}报告已重新提交，请审核", StringComparison.Ordinal));
        await w.ActAsync("lz", n, "accept", cycle: "2024-2025-1");
        Assert.Contains(await Texts(w, "g1"), t => t == $"{label}报告已审核通过（协议 {n}《{Title}》）");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_inbox_lists_what_can_still_be_done_on_time_before_what_is_overdue(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await ActiveAsync(w);
        await w.RunTimersAtAsync(2024, 9, 2);
        await w.RunTimersAtAsync(2025, 2, 20);
        // A new agreement arrives for 连州's review after the semester report went overdue.
        var second = await w.DraftAsync("c2", Programs.UniversityPartnership, "华南师范大学帮扶英德市浛洸中学协议",
            new PartyInput("C2", "school", "c2.sign"), new PartyInput("U1", "university", "u1.sign"));
        await w.App.Send(new UpdateAgreement.Command("c2", second.Number, new AgreementChanges(Goals: "共建课程", FocusAreas: ["课程建设"]), null));
        await w.ActAsync("c2", second.Number, "submit");
        var yd = await w.App.Send(new ListTasks.Query("yd"));
        Assert.Equal(second.Number, yd[0].Number);
        Assert.False(yd[0].Overdue);
        Assert.True(yd[0].New);

        // The school's own new draft comes before its overdue report, which is still listed, flagged, after it.
        var own = await w.DraftAsync("c1", Programs.UniversityPartnership, "华南师范大学帮扶连州市第二中学协议",
            new PartyInput("C1", "school", "c1.sign"), new PartyInput("U1", "university", "u1.sign"));
        var inbox = (await w.App.Send(new ListTasks.Query("c1"))).ToList();
        var draft = inbox.FindIndex(t => t.Number == own.Number);
        var late = inbox.FindIndex(t => t.Number == n && t.Cycle == "2024-2025-1");
        Assert.True(draft >= 0 && late > draft, string.Join(" / ", inbox.Select(t => t.Title)));
        Assert.Equal("无截止日期", inbox[draft].DueText);
        Assert.True(inbox[late].Overdue);
        Assert.All(inbox.Take(late), t => Assert.False(t.Overdue));

        // The 待办 page reads all of it at once: the same tasks, notifications and header as the separate reads.
        await w.App.Send(new MarkNotificationsRead.Command("c1", [(await w.App.Send(new ListNotifications.Query("c1")))[0].Id]));
        foreach (var user in new[] { "c1", "yd", "qy" })
        {
            var page = await w.App.Send(new ShowInbox.Query(user));
            Assert.Equal(await w.App.Send(new ListTasks.Query(user)), page.Tasks);
            Assert.Equal(await w.App.Send(new ListNotifications.Query(user)), page.Notifications);
            Assert.Equal(await w.App.Send(new ShowAccountHeader.Query(user)), page.Header);
        }
        Assert.Contains((await w.App.Send(new ShowInbox.Query("c1"))).Notifications, x => !x.Unread);
    }

    private static async Task<string> DraftAsync(ProgramWorld w)
    {
        var draft = await w.DraftAsync("c1", Programs.CountyTrusteeship, Title,
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C1", "supported", "c1.sign"));
        await w.App.Send(new UpdateAgreement.Command("c1", draft.Number, new AgreementChanges(Goals: "三年内本科上线率提高 10 个百分点"), null));
        return draft.Number;
    }

    private static async Task<string> ActiveAsync(ProgramWorld w)
    {
        var n = await DraftAsync(w);
        await w.ActAsync("c1", n, "submit");
        await w.CountiesApproveAsync(n);
        await w.ActAsync("qy", n, "approve");
        await w.ActAsync("g1.sign", n, "sign");
        await w.ActAsync("c1.sign", n, "sign");
        return n;
    }

    private static async Task GiveEmailsAsync(ProgramWorld w, params string[] users)
    {
        await using var db = w.App.Db();
        foreach (var account in await db.Accounts.Where(a => users.Contains(a.UserName)).ToListAsync()) account.Email = $"{account.UserName}@example.org";
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> Texts(ProgramWorld w, string user) =>
        (await w.App.Send(new ListNotifications.Query(user))).Select(x => x.Text).ToList();

    [GeneratedRegex("[A-Za-z_]{2,}")]
    private static partial Regex AsciiWord();
}
