namespace Pairing.Application.Seeding;

/// <summary>Guangdong's 21 prefecture-level cities, for province-scale benchmark data: code, name, administrative code
/// and the two letters that begin their institutions' codes.</summary>
public static class ProvinceCities
{
    public sealed record Entry(string Code, string Name, string AdminCode, string Prefix);

    public static readonly IReadOnlyList<Entry> All =
    [
        new("guangzhou", "广州市", "440100", "GZ"), new("shaoguan", "韶关市", "440200", "SG"), new("shenzhen", "深圳市", "440300", "SZ"),
        new("zhuhai", "珠海市", "440400", "ZH"), new("shantou", "汕头市", "440500", "ST"), new("foshan", "佛山市", "440600", "FS"),
        new("jiangmen", "江门市", "440700", "JM"), new("zhanjiang", "湛江市", "440800", "ZJ"), new("maoming", "茂名市", "440900", "MM"),
        new("zhaoqing", "肇庆市", "441200", "ZQ"), new("huizhou", "惠州市", "441300", "HZ"), new("meizhou", "梅州市", "441400", "MZ"),
        new("shanwei", "汕尾市", "441500", "SW"), new("heyuan", "河源市", "441600", "HY"), new("yangjiang", "阳江市", "441700", "YJ"),
        new("qingyuan", "清远市", "441800", "QY"), new("dongguan", "东莞市", "441900", "DG"), new("zhongshan", "中山市", "442000", "ZS"),
        new("chaozhou", "潮州市", "445100", "CZ"), new("jieyang", "揭阳市", "445200", "JY"), new("yunfu", "云浮市", "445300", "YF"),
    ];
}
