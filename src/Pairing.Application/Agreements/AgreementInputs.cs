namespace Pairing.Application.Agreements;

/// <summary>A party: institution code, role, and the user name of the account that will sign for it (an account of
/// that institution with signing authority; may be omitted when the institution has exactly one).</summary>
public sealed record PartyInput(string InstitutionCode, string Role, string? Signatory = null);

/// <summary>What a school office fills in when it drafts an agreement. BudgetId names the county budget record that
/// funds it, where the program requires county funding; its county, year and line then become the funding source.</summary>
public sealed record AgreementDraft(
    string Program,
    string Title,
    DateOnly TermStart,
    DateOnly TermEnd,
    IReadOnlyList<PartyInput> Parties,
    string Goals = "",
    IReadOnlyList<string>? Measures = null,
    IReadOnlyList<string>? FocusAreas = null,
    string? FundingSource = null,
    string? BudgetLine = null,
    decimal? FundingAmount = null,
    string? ContactName = null,
    string? ContactPhone = null,
    IReadOnlyList<string>? Targets = null,
    Guid? BudgetId = null);

/// <summary>Changes to a draft; null leaves a field as it is.</summary>
public sealed record AgreementChanges(
    string? Title = null,
    DateOnly? TermStart = null,
    DateOnly? TermEnd = null,
    IReadOnlyList<PartyInput>? Parties = null,
    string? Goals = null,
    IReadOnlyList<string>? Measures = null,
    IReadOnlyList<string>? FocusAreas = null,
    string? FundingSource = null,
    string? BudgetLine = null,
    decimal? FundingAmount = null,
    string? ContactName = null,
    string? ContactPhone = null,
    IReadOnlyList<string>? Targets = null,
    Guid? BudgetId = null);

/// <summary>An action on an agreement, or on one of its report cycles or evaluations when Cycle names its period
/// (e.g. "2024-2025-1" for a semester, "2024-2025" for a school year).</summary>
public sealed record AgreementAction(
    string Number,
    string Action,
    string IdempotencyKey,
    string? Comment = null,
    string? Cycle = null,
    IReadOnlyDictionary<string, string>? Inputs = null,
    int? ExpectedVersion = null,
    string? Participant = null,
    IReadOnlyList<EvidenceUpload>? Evidence = null);
