namespace Pairing.Documents.Templates;

/// <summary>Chinese numerals for heading and clause numbers: 一 … 十, 十一, 二十一, 一百零一.</summary>
public static class ChineseNumerals
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    public static string Of(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 999);
        if (n < 10) return Digits[n];
        if (n < 20) return "十" + (n % 10 == 0 ? "" : Digits[n % 10]);
        if (n < 100) return Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]);
        var rest = n % 100;
        return Digits[n / 100] + "百" + (rest == 0 ? "" : rest < 10 ? "零" + Digits[rest] : rest < 20 ? "一" + Of(rest) : Of(rest));
    }
}
