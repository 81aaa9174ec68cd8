using System.CommandLine;
using System.Globalization;
using Pairing.Application.Agreements;

namespace Pairing.Cli.Commands;

/// <summary>The options shared by `agreements draft` and `agreements update`.</summary>
public sealed class AgreementOptions
{
    public Option<string?> Title { get; } = new("--title") { Description = "协议名称" };
    public Option<string[]> Parties { get; } = new("--party") { Description = "参与方：机构代码:角色[:签署人账号]，可重复；签署人须是该机构具有签署权的账号，机构只有一个时可省略", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Start { get; } = new("--start") { Description = "协议开始日期 yyyy-MM-dd" };
    public Option<string?> End { get; } = new("--end") { Description = "协议结束日期 yyyy-MM-dd" };
    public Option<string?> Goals { get; } = new("--goals") { Description = "帮扶目标" };
    public Option<string[]> Measures { get; } = new("--measure") { Description = "帮扶措施（领域：内容），可重复" };
    public Option<string[]> Targets { get; } = new("--target") { Description = "年度目标（期间：目标），可重复" };
    public Option<string[]> Focus { get; } = new("--focus") { Description = "帮扶领域（高校帮扶），可重复" };
    public Option<string?> FundingSource { get; } = new("--funding-source") { Description = "经费来源" };
    public Option<string?> BudgetLine { get; } = new("--budget-line") { Description = "预算科目" };
    public Option<decimal?> Amount { get; } = new("--amount") { Description = "经费金额（元）" };
    public Option<string?> Contact { get; } = new("--contact") { Description = "联系人" };
    public Option<string?> Phone { get; } = new("--phone") { Description = "联系电话" };
    public Option<Guid?> Budget { get; } = new("--budget") { Description = "县级预算编号（见 budgets list），项目要求县级财政预算时必填" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Title, Parties, Start, End, Goals, Measures, Targets, Focus, FundingSource, BudgetLine, Amount, Contact, Phone, Budget })
            command.Options.Add(o);
    }

    public List<PartyInput>? PartiesOf(ParseResult p)
    {
        var values = p.GetValue(Parties);
        if (values is not { Length: > 0 }) return null;
        return values.Select((v, n) =>
        {
            var parts = v.Split(':', 3);
            if (parts.Length < 2 || parts[0] == "" || parts[1] == "")
                throw new ArgumentException($"--party 第 {n + 1} 项「{v}」格式应为 机构代码:角色[:签署人账号]");
            return new PartyInput(parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
        }).ToList();
    }

    public static DateOnly? Date(ParseResult p, Option<string?> option)
    {
        var text = p.GetValue(option);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ArgumentException($"{option.Name}：日期「{text}」无效，应为 yyyy-MM-dd");
    }

    public static List<string>? List(ParseResult p, Option<string[]> option) =>
        p.GetValue(option) is { Length: > 0 } v ? v.ToList() : null;
}
