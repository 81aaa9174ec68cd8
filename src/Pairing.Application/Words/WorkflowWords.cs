using System.Text.Json.Nodes;
using Pairing.Domain.Accounts;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Words;

/// <summary>The Chinese a user reads for the engine's words: roles, scope slots, timers and journal entries. Ids stay
/// in the API and the files; pages, documents and notifications show these.</summary>
public static class WorkflowWords
{
    public static string Role(string role) => role == Actor.SystemRole ? "系统（到期自动）" : RoleTitles.Of(role);

    public static string Roles(IEnumerable<string> roles) => string.Join("、", roles.Select(Role));

    /// <summary>Who a task or an action's scope slot means on one agreement.</summary>
    public static string Slot(string slot) => slot switch
    {
        "owner" => "起草学校",
        "party" => "各参与方学校",
        "county" => "参与方所在县（市、区）教育局",
        "city" => "市教育局",
        _ => slot,
    };

    public static string Timer(StateDefinition state, TimerDefinition timer)
    {
        var when = timer.At switch
        {
            { Date: { } date } => $"{date:yyyy-MM-dd}",
            { Field: "dueDate" } => "截止日",
            { Field: "periodStart" } => "周期开始日",
            { Field: "termEnd" } => "协议期满日",
            { Field: "termStart" } => "协议起始日",
            { Calendar: { } } => "下一个学期或学年开始时",
            _ => "约定日期",
        };
        var offset = timer.At.OffsetDays switch { 0 => "当天", < 0 and var d => $"前 {-d} 天", var d => $"后 {d} 天" };
        var what = timer.Action is { } action ? state.Actions.FirstOrDefault(a => a.Id == action)?.Title ?? "自动处理"
            : timer.Effect?.Name == "notify" ? "发送提醒通知" : "自动处理";
        return $"{when}{offset}：{what}";
    }

    /// <summary>One journal entry as a sentence: what was done and how the state changed.</summary>
    public static string Journal(string kind, string? action, string? from, string? to, WorkflowDefinition definition)
    {
        string State(string? id) => id is null ? "" : definition.States.FirstOrDefault(s => s.Id == id)?.Title ?? "（已删除的状态）";
        string Action(string? id) => definition.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == id)?.Title ?? "操作";
        var moved = from != to && to is not null;
        return kind switch
        {
            "started" => $"创建，进入「{State(to)}」",
            "edited" => "修改了协议内容",
            "action" or "signoff" => moved ? $"{Action(action)}：「{State(from)}」→「{State(to)}」" : Action(action),
            "children" => "开启学期报告和学年评估",
            "cancelled" => "已取消",
            "timer" => definition.States.FirstOrDefault(s => s.Id == from)?.Timers.FirstOrDefault(t => t.Id == action) is { } timer
                ? timer.Effect?.Name == "notify" ? "发送截止提醒" : "到期自动处理"
                : "到期自动处理",
            _ => "系统记录",
        };
    }
}
