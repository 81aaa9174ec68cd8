using System.CommandLine;
using System.Globalization;
using Pairing.Application.Agreements;

namespace Pairing.Cli.Commands;

public static class AgreementCommands
{
    public static readonly Option<string> AsOption = new("--as") { Description = "以哪个账号操作", Required = true };
    private static readonly Argument<string> Number = new("AGREEMENT") { Description = "协议编号" };

    public static Command Create(Handlers h)
    {
        var agreements = new Command("agreements", "协议");
        agreements.Subcommands.Add(Draft(h));
        agreements.Subcommands.Add(Update(h));
        agreements.Subcommands.Add(List(h));
        agreements.Subcommands.Add(Show(h));
        agreements.Subcommands.Add(Renew(h));
        return agreements;
    }

    private static Command Draft(Handlers h)
    {
        var o = new AgreementOptions();
        var program = new Option<string>("--program") { Description = "county-trusteeship | labour-education | university-partnership", Required = true };
        var draft = new Command("draft", "起草协议（起草人所在学校须是一方）") { AsOption, program, CliContext.JsonOption };
        o.AddTo(draft);
        h.Bind(draft, async ctx =>
        {
            var p = ctx.Parse;
            var start = AgreementOptions.Date(p, o.Start) ?? throw new ArgumentException("--start：必填");
            var end = AgreementOptions.Date(p, o.End) ?? throw new ArgumentException("--end：必填");
            var summary = await ctx.Send(new DraftAgreement.Command(p.GetValue(AsOption)!, new AgreementDraft(
                p.GetValue(program)!, p.GetValue(o.Title) ?? "", start, end, o.PartiesOf(p) ?? throw new ArgumentException("--party：至少需要两方"),
                p.GetValue(o.Goals) ?? "", AgreementOptions.List(p, o.Measures), AgreementOptions.List(p, o.Focus), p.GetValue(o.FundingSource),
                p.GetValue(o.BudgetLine), p.GetValue(o.Amount), p.GetValue(o.Contact), p.GetValue(o.Phone), AgreementOptions.List(p, o.Targets), p.GetValue(o.Budget))));
            if (ctx.Json) ctx.WriteJson(summary);
            else await ctx.Output.WriteLineAsync($"已起草 {summary.Number}《{summary.Title}》，状态：{summary.StateTitle}");
            return 0;
        });
        return draft;
    }

    private static Command Update(Handlers h)
    {
        var o = new AgreementOptions();
        var version = new Option<int?>("--version") { Description = "您看到的版本号；已被他人修改时拒绝" };
        var update = new Command("update", "修改草稿（仅草稿或变更起草状态）") { Number, AsOption, version };
        o.AddTo(update);
        h.Bind(update, async ctx =>
        {
            var p = ctx.Parse;
            var newVersion = await ctx.Send(new UpdateAgreement.Command(p.GetValue(AsOption)!, p.GetValue(Number)!, new AgreementChanges(
                p.GetValue(o.Title), AgreementOptions.Date(p, o.Start), AgreementOptions.Date(p, o.End), o.PartiesOf(p), p.GetValue(o.Goals),
                AgreementOptions.List(p, o.Measures), AgreementOptions.List(p, o.Focus), p.GetValue(o.FundingSource), p.GetValue(o.BudgetLine),
                p.GetValue(o.Amount), p.GetValue(o.Contact), p.GetValue(o.Phone), AgreementOptions.List(p, o.Targets), p.GetValue(o.Budget)), p.GetValue(version)));
            await ctx.Output.WriteLineAsync($"已保存 {p.GetValue(Number)}，版本 {newVersion}");
            return 0;
        });
        return update;
    }

    private static Command List(Handlers h)
    {
        var program = new Option<string?>("--program") { Description = "项目" };
        var state = new Option<string?>("--state") { Description = "状态，如 active" };
        var county = new Option<string?>("--county") { Description = "县（市、区）代码" };
        var year = new Option<int?>("--year") { Description = "协议期限覆盖的年份" };
        var search = new Option<string?>("--search") { Description = "按名称或编号搜索" };
        var list = new Command("list", "列出您有权查看的协议") { AsOption, program, state, county, year, search, CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            var p = ctx.Parse;
            var rows = await ctx.Send(new ListAgreements.Query(p.GetValue(AsOption)!,
                new AgreementFilter(p.GetValue(program), p.GetValue(state), p.GetValue(county), p.GetValue(year), p.GetValue(search))));
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["编号", "项目", "名称", "状态", "期限", "参与方"], rows.Select(a => new[]
            {
                a.Number, a.ProgramTitle, a.Title, a.StateTitle, $"{a.TermStart:yyyy-MM-dd}～{a.TermEnd:yyyy-MM-dd}",
                string.Join("；", a.Parties.Select(x => $"{x.RoleTitle}：{x.Name}")),
            }), $"协议 {rows.Count} 份");
            return 0;
        });
        return list;
    }

    private static Command Show(Handlers h)
    {
        var show = new Command("show", "协议详情：参与方、当前状态、可执行动作、待办、报告周期、修订版本与流程日志") { Number, AsOption, CliContext.JsonOption };
        h.Bind(show, async ctx =>
        {
            var d = await ctx.Send(new ShowAgreement.Query(ctx.Parse.GetValue(AsOption)!, ctx.Parse.GetValue(Number)!));
            if (ctx.Json) { ctx.WriteJson(d); return 0; }
            var s = d.Summary;
            var w = ctx.Output;
            await w.WriteLineAsync($"{s.Number}《{s.Title}》");
            await w.WriteLineAsync($"项目：{s.ProgramTitle}（流程 {d.DefinitionId} v{d.DefinitionVersion}）  状态：{s.StateTitle}（{s.State}）  版本：{s.Version}");
            await w.WriteLineAsync($"期限：{s.TermStart:yyyy年M月d日} 至 {s.TermEnd:yyyy年M月d日}");
            if (d.Goals != "") await w.WriteLineAsync($"目标：{d.Goals}");
            if (d.FocusAreas.Count > 0) await w.WriteLineAsync($"帮扶领域：{string.Join("、", d.FocusAreas)}");
            foreach (var m in d.Measures) await w.WriteLineAsync($"措施：{m}");
            foreach (var t in d.Targets) await w.WriteLineAsync($"目标：{t}");
            if (d.FundingSource is not null) await w.WriteLineAsync($"经费：{d.FundingSource}；预算科目 {d.BudgetLine}；{d.FundingAmount:0.##} 元");
            ctx.WriteTable(["角色", "机构", "代码", "签署人", "已签署"], s.Parties.Select(p => new[] { p.RoleTitle, p.Name, p.Code, p.Signatory, p.Signed ? "是" : "" }), "参与方");
            await w.WriteLineAsync($"您可执行：{(d.Actions.Count == 0 ? "无" : string.Join("、", d.Actions.Select(a => $"{a.Id}（{a.Title}）")))}");
            if (d.OpenTasks.Count > 0)
                ctx.WriteTable(["待办", "周期", "经办范围", "截止"], d.OpenTasks.Select(t => new[] { t.Title, t.Cycle, t.Scope, ctx.Deadline(t.DueAt) }), "待办");
            if (d.Cycles.Count > 0)
                ctx.WriteTable(["周期", "名称", "状态", "截止", "评估/总结"], d.Cycles.Select(c => new[] { c.Key, c.Label, c.StateTitle, c.DueDate, c.Rating ?? c.Summary }), "报告与评估");
            if (d.Revisions.Count > 0)
                ctx.WriteTable(["修订", "内容哈希", "定稿时间", "签署完成"], d.Revisions.Select(r => new[] { r.Number.ToString(CultureInfo.InvariantCulture), r.Hash[..16], ctx.Local(r.FrozenAt), r.SignedAt is DateTime signedAt ? ctx.Local(signedAt) : null }), "修订版本");
            if (d.Documents.Count > 0)
                ctx.WriteTable(["修订", "核验编号", "已签署", "平台封存", "大小"], d.Documents.Select(x => new[] { x.Revision.ToString(CultureInfo.InvariantCulture), x.Reference,
                    string.Join("、", x.SignedBy), x.Sealed ? "是" : "", $"{x.Bytes / 1024} KB" }), "协议文件");
            if (d.Incidents.Count > 0)
                ctx.WriteTable(["故障", "步骤", "效果", "错误", "次数", "状态"], d.Incidents.Select(i => new[] { i.Id.ToString()[..8], i.Step, i.Effect, i.Error, i.Attempts.ToString(CultureInfo.InvariantCulture), i.Status }), "故障");
            ctx.WriteTable(["#", "时间", "操作人", "经过", "意见"], d.Journal.Select(j => new[]
            {
                j.Seq.ToString(CultureInfo.InvariantCulture), ctx.Local(j.At), j.Actor, j.Text, j.Comment,
            }), "流程日志");
            return 0;
        });
        return show;
    }

    private static Command Renew(Handlers h)
    {
        var renew = new Command("renew", "续签：以原协议的参与方和内容起草下一期协议") { Number, AsOption };
        h.Bind(renew, async ctx =>
        {
            var s = await ctx.Send(new RenewAgreement.Command(ctx.Parse.GetValue(AsOption)!, ctx.Parse.GetValue(Number)!));
            await ctx.Output.WriteLineAsync($"已起草续签协议 {s.Number}《{s.Title}》，期限 {s.TermStart:yyyy-MM-dd}～{s.TermEnd:yyyy-MM-dd}");
            return 0;
        });
        return renew;
    }

    public static Command Act(Handlers h)
    {
        var action = new Argument<string>("ACTION") { Description = "动作，如 submit、approve、return、sign、accept、evaluate" };
        var comment = new Option<string?>("--comment") { Description = "意见或理由（退回时必填）" };
        var key = new Option<string?>("--key") { Description = "幂等键：重复提交同一键只执行一次；省略时自动生成" };
        var cycle = new Option<string?>("--cycle") { Description = "报告或评估周期，如 2024-2025-1（学期）或 2024-2025（学年）" };
        var inputs = new Option<string[]>("--input") { Description = "表单字段 名称=值，可重复，如 rating=优秀" };
        var version = new Option<int?>("--version") { Description = "您看到的版本号；已被他人处理时拒绝" };
        var participant = new Option<string?>("--participant") { Description = "代表哪一方签署（可代表多方时）" };
        var act = new Command("act", "对协议（或其报告、评估）执行一个流程动作") { Number, action, AsOption, comment, key, cycle, inputs, version, participant, CliContext.JsonOption };
        h.Bind(act, async ctx =>
        {
            var p = ctx.Parse;
            var fields = (p.GetValue(inputs) ?? []).Select(i => i.Split('=', 2)).ToList();
            if (fields.FirstOrDefault(f => f.Length != 2) is { } bad) throw new ArgumentException($"--input「{bad[0]}」格式应为 名称=值");
            var outcome = await ctx.Send(new ActOnAgreement.Command(p.GetValue(AsOption)!, new AgreementAction(
                p.GetValue(Number)!, p.GetValue(action)!, p.GetValue(key) ?? Guid.NewGuid().ToString("N"), p.GetValue(comment), p.GetValue(cycle),
                fields.ToDictionary(f => f[0], f => f[1]), p.GetValue(version), p.GetValue(participant))));
            if (ctx.Json) { ctx.WriteJson(outcome); return 0; }
            var moved = outcome.FromState == outcome.ToState ? $"状态仍为 {outcome.ToState}" : $"{outcome.FromState} → {outcome.ToState}";
            var waiting = outcome.OpenSignoffs > 0 ? $"，尚有 {outcome.OpenSignoffs} 方待签署" : "";
            await ctx.Output.WriteLineAsync($"{(outcome.Repeated ? "重复请求，未再次执行（返回首次结果）：" : "完成：")}{outcome.Action}，{moved}{waiting}，版本 {outcome.Version}");
            return 0;
        });
        return act;
    }
}
