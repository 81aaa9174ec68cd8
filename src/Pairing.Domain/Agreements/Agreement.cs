namespace Pairing.Domain.Agreements;

/// <summary>An assistance agreement: its parties and plan. Its lifecycle lives in the workflow instance it points to.</summary>
public sealed class Agreement
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string Program { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly TermStart { get; set; }
    public DateOnly TermEnd { get; set; }
    public string Goals { get; set; } = "";
    /// <summary>Measures by area (e.g. 课程建设 → what will be done), in order.</summary>
    public List<string> Measures { get; set; } = [];
    public List<string> FocusAreas { get; set; } = [];
    /// <summary>Targets by period (e.g. 2024—2025学年 → what will be reached), in order.</summary>
    public List<string> Targets { get; set; } = [];
    public string? FundingSource { get; set; }
    public string? BudgetLine { get; set; }
    public decimal? FundingAmount { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public Guid? RenewalOf { get; set; }
    /// <summary>The county budget record that funds the agreement, where the program requires county funding.</summary>
    public Guid? BudgetId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? FirstSignedAt { get; set; }
    public DateTime? SignedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public List<AgreementParty> Parties { get; set; } = [];
}

public sealed class AgreementParty
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public Guid InstitutionId { get; set; }
    public string InstitutionCode { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>The account that alone may sign for this party (法定代表人或授权签署人), chosen from the institution's
    /// accounts with signing authority, and how its holder is printed (黄国（校长）).</summary>
    public string? SignatoryAccount { get; set; }
    public string? Signatory { get; set; }
}

/// <summary>The content as frozen for signing. Each approval of changed content adds one; earlier ones stay.</summary>
public sealed class AgreementRevision
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public int Number { get; set; }
    public string ContentJson { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public DateTime FrozenAt { get; set; }
    public DateTime? SignedAt { get; set; }
}
