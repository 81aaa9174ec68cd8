namespace Pairing.Domain.Agreements;

/// <summary>One typed indicator entered in a report or an evaluation (送教下乡次数 3, 教研参与率 85 %): a row per
/// indicator and cycle, replaced when the report is resubmitted, marked accepted when the bureau accepts it.
/// Numbers are stored as numbers so they can be summed and averaged per agreement, county and city.</summary>
public sealed class IndicatorValue
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    /// <summary>The report or evaluation instance the value was entered in.</summary>
    public Guid InstanceId { get; set; }
    /// <summary>semester-report or annual-evaluation.</summary>
    public string Workflow { get; set; } = "";
    /// <summary>The period key, e.g. 2024-2025-1 (a semester) or 2024-2025 (a school year).</summary>
    public string Cycle { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Unit { get; set; }
    public decimal? Number { get; set; }
    public string? Text { get; set; }
    public bool Accepted { get; set; }
    public DateTime UpdatedAt { get; set; }
}
