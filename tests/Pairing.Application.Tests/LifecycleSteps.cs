using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>The parts of the lifecycle every program shares, each asserting what a user would see.</summary>
public static class LifecycleSteps
{
    /// <summary>The bureau returns a submitted draft: a reason is required, the drafter is told, fixes and resubmits.</summary>
    public static async Task ReturnWithReasonAsync(ProgramWorld w, string number, string reviewer, string drafter)
    {
        var missing = await ProgramWorld.Refused(() => w.ActAsync(reviewer, number, "return"), ErrorKind.Invalid);
        Assert.Equal("comment", missing.Field);
        await w.ActAsync(reviewer, number, "return", comment: "帮扶目标不够具体，请补充年度指标");
        Assert.Equal("draft", await w.StateAsync(number));
        var notes = await w.App.Send(new ListNotifications.Query(drafter));
        Assert.Contains(notes, n => n.Text.Contains(number) && n.Text.Contains("退回"));
        var detail = await w.ShowAsync(number);
        Assert.Contains(detail.Journal, j => j.Action == "return" && j.Comment == "帮扶目标不够具体，请补充年度指标");
    }

    /// <summary>Two people press the same button on the same screen at once: one wins, the other is told of the conflict.</summary>
    public static async Task ConcurrentDoubleActionAsync(ProgramWorld w, string number, string user, string action)
    {
        var before = await w.App.Send(new SummarizeAgreement.Query(ProgramWorld.Viewer, number));
        var version = before.Version;
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try { await w.ActAsync(user, number, action, expectedVersion: version); return (ErrorKind?)null; }
            catch (PairingException ex) { return ex.Kind; }
        }));
        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == ErrorKind.Conflict);
        var journal = (await w.ShowAsync(number)).Journal;
        Assert.Single(journal, j => j.Action == action && j.From == before.State);
    }

    /// <summary>A retried request with the same idempotency key returns the first outcome and changes nothing.</summary>
    public static async Task RepeatedKeyAsync(ProgramWorld w, string number, string user, string action)
    {
        var first = await w.ActAsync(user, number, action, key: $"retry-{number}-{user}");
        var entries = (await w.ShowAsync(number)).Journal.Count;
        var second = await w.ActAsync(user, number, action, key: $"retry-{number}-{user}");
        Assert.True(second.Repeated);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.ToState, second.ToState);
        Assert.Equal(entries, (await w.ShowAsync(number)).Journal.Count);
    }

    public static async Task SignAllAsync(ProgramWorld w, string number, params string[] signatories)
    {
        for (var i = 0; i < signatories.Length; i++)
        {
            var outcome = await w.ActAsync(signatories[i], number, "sign");
            Assert.Equal(signatories.Length - i - 1, outcome.OpenSignoffs);
        }
        Assert.Equal("active", await w.StateAsync(number));
    }

    /// <summary>Semester reports open at the start of term, remind two weeks before the deadline, become overdue
    /// the day after it, and can still be submitted, returned, resubmitted and accepted.</summary>
    public static async Task OverdueReportAsync(ProgramWorld w, string number, string reporter, string reviewer)
    {
        await w.RunTimersAtAsync(2024, 9, 2);
        var cycle = (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025-1");
        Assert.Equal("due", cycle.State);
        Assert.Equal("2025-02-15", cycle.DueDate);
        Assert.Contains(await w.App.Send(new ListTasks.Query(reporter)), t => t.Number == number && t.Cycle == "2024-2025-1" && !t.Overdue);

        await w.RunTimersAtAsync(2025, 2, 5);
        Assert.Contains(await w.App.Send(new ListNotifications.Query(reporter)), n => n.Text.Contains("2025年2月15日") && n.Text.Contains(number));
        Assert.Equal("due", (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025-1").State);

        await w.RunTimersAtAsync(2025, 2, 16);
        Assert.Equal("overdue", (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025-1").State);
        var tasks = await w.App.Send(new ListTasks.Query(reporter));
        Assert.Contains(tasks, t => t.Number == number && t.Cycle == "2024-2025-1" && t.Overdue && t.Title.Contains("逾期"));
        Assert.Equal(0, await w.RunTimersAtAsync(2025, 2, 17));

        var noSummary = await ProgramWorld.Refused(() => w.ActAsync(reporter, number, "submit", cycle: "2024-2025-1"), ErrorKind.Invalid);
        Assert.Equal("summary", noSummary.Field);
        await w.ActAsync(reporter, number, "submit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期开展同课异构 6 次，送教下乡 2 次。" });
        await w.ActAsync(reviewer, number, "return", cycle: "2024-2025-1", comment: "请补充学生参与人数");
        await w.ActAsync(reporter, number, "resubmit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期开展同课异构 6 次，送教下乡 2 次，学生 320 人次参与。" });
        await w.ActAsync(reviewer, number, "accept", cycle: "2024-2025-1");
        var accepted = (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025-1");
        Assert.Equal("accepted", accepted.State);
        Assert.Contains("320", accepted.Summary);
    }

    /// <summary>The bureau rates the school year once its evaluation opens (a month before the year ends).</summary>
    public static async Task EvaluateAsync(ProgramWorld w, string number, string evaluator)
    {
        await w.RunTimersAtAsync(2025, 7, 2);
        Assert.Equal("due", (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025").State);
        var bad = await ProgramWorld.Refused(() => w.ActAsync(evaluator, number, "evaluate", cycle: "2024-2025", inputs: new() { ["rating"] = "很好" }), ErrorKind.Invalid);
        Assert.Equal("rating", bad.Field);
        await w.ActAsync(evaluator, number, "evaluate", cycle: "2024-2025", inputs: new() { ["rating"] = "优秀" });
        Assert.Equal("优秀", (await w.ShowAsync(number)).Cycles.Single(c => c.Key == "2024-2025").Rating);
    }

    /// <summary>A Qingyuan trusteeship for 2024-09-01～2025-07-31, drafted by the county school, approved by both counties
    /// and the city, signed by both.</summary>
    public static async Task<string> SignedTrusteeshipAsync(ProgramWorld w, string supporter, string supported)
    {
        var draft = await w.App.Send(new DraftAgreement.Command(supported.ToLowerInvariant(), new AgreementDraft(Programs.CountyTrusteeship, $"{supporter}托管帮扶{supported}协议",
            new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31), [new(supporter, "supporter", $"{supporter.ToLowerInvariant()}.sign"), new(supported, "supported")],
            "一年内受援学校本科上线率提高 3 个百分点", Targets: ["2024—2025学年：完成诊断并制定一校一案"])));
        await w.ActAsync(supported.ToLowerInvariant(), draft.Number, "submit");
        await w.CountiesApproveAsync(draft.Number);
        await w.ActAsync("qy", draft.Number, "approve");
        await SignAllAsync(w, draft.Number, $"{supporter.ToLowerInvariant()}.sign", $"{supported.ToLowerInvariant()}.sign");
        return draft.Number;
    }
}
