using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Pairing.Web.Pages;

/// <summary>The line a page shows after something was done or refused. A success is carried across the redirect that
/// follows a post (TempData), so a reload does not post again; an action's line is completed by the page with the
/// state it now shows ("「提交审核」已完成，现为「县级教育局审核」。").</summary>
public sealed record Flash(string Text, bool Failed, bool Pending = false)
{
    private const string TextKey = "flash.text";
    private const string ActionKey = "flash.action";

    public static Flash Error(string text) => new(text, Failed: true);

    public static void Say(ITempDataDictionary temp, string text) => temp[TextKey] = text;

    public static void Done(ITempDataDictionary temp, string? actionTitle, bool repeated)
    {
        if (repeated) temp[TextKey] = "该操作此前已完成，重复提交被忽略";
        else temp[ActionKey] = actionTitle ?? "操作";
    }

    public static Flash? From(ITempDataDictionary temp) =>
        temp[TextKey] is string text ? new Flash(text, false)
        : temp[ActionKey] is string action ? new Flash(action, false, Pending: true)
        : null;

    public Flash Describe(string stateTitle, IReadOnlyCollection<string> next) => this with
    {
        Text = $"「{Text}」已完成，现为「{stateTitle}」。" + (next.Count > 0 ? $"下一步：{string.Join("、", next)}。" : ""),
        Pending = false,
    };
}
