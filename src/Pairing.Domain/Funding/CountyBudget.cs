namespace Pairing.Domain.Funding;

/// <summary>A county's budget record for a pairing program (劳动教育结对共建资金纳入县级财政预算): which county, which
/// budget year, which budget line from the program's list, how much, and the budget document it was set in. Recorded
/// by the county bureau; an agreement that needs county funding names one of these.</summary>
public sealed class CountyBudget
{
    public Guid Id { get; set; }
    public string CityCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public string Program { get; set; } = "";
    public int Year { get; set; }
    public string Line { get; set; } = "";
    public decimal Amount { get; set; }
    /// <summary>The budget document (文号), e.g. 清城财预〔2024〕8号.</summary>
    public string Document { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
