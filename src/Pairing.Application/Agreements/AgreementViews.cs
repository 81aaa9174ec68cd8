using Pairing.Application.Access;
namespace Pairing.Application.Agreements;

public sealed record PartyView(string Code, string Name, string Role, string RoleTitle, string? County, string? Signatory, bool Signed);

public sealed record AgreementSummary(string Number, string Program, string ProgramTitle, string City, string Title, string State, string StateTitle,
    int Version, DateOnly TermStart, DateOnly TermEnd, IReadOnlyList<PartyView> Parties);

/// <summary>A journal entry: ids as recorded (for the API and audits) and Text, the sentence a user reads.</summary>
public sealed record JournalView(int Seq, DateTime At, string Actor, string Kind, string? Action, string? From, string? To, string? Comment, string Hash,
    string Text = "");

/// <summary>An open task: what to do, on which agreement (and report period: its key and Chinese label), by when (and
/// how that reads today); New when it was assigned in the last three days.</summary>
public sealed record TaskView(Guid Id, string Number, string AgreementTitle, string? Cycle, string Title, string State, string Scope, DateTime? DueAt, bool Overdue,
    string? CycleLabel = null, DateTime? CreatedAt = null, bool New = false, string? DueText = null);

public sealed record CycleView(string Key, string Workflow, string Label, string State, string StateTitle, string Status, string? DueDate, int Version, string? Rating, string? Summary,
    string? Indicators = null);

public sealed record EvidenceView(Guid Id, string FileName, long Size, string UploadedBy, DateTime UploadedAt);

/// <summary>One cycle as its page shows it. Returned: why it came back, when it was returned. Previous: what was last
/// submitted, by input name, to fill the form again. CanRemoveEvidence: the user may remove files before submitting.</summary>
public sealed record CycleDetail(AgreementSummary Agreement, CycleView Cycle, IReadOnlyList<OfferedAction> Actions,
    IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<JournalView> Journal, IReadOnlyList<IndicatorView> Indicators,
    ReturnNotice? Returned = null, IReadOnlyDictionary<string, string>? Previous = null, bool CanRemoveEvidence = false);

/// <summary>Why work came back to the user: who returned it, when, and the reason they gave.</summary>
public sealed record ReturnNotice(string By, DateTime At, string Action, string Reason);

/// <summary>An indicator value as entered (送教下乡次数 3 次), and whether the bureau has accepted it.</summary>
public sealed record IndicatorView(string Name, string Title, string Value, string? Unit, bool Accepted);

public sealed record RevisionView(int Number, string Hash, DateTime FrozenAt, DateTime? SignedAt);

public sealed record IncidentView(Guid Id, string Step, string Effect, string Error, int Attempts, string Status);

public sealed record AgreementDetail(
    AgreementSummary Summary,
    string DefinitionId,
    int DefinitionVersion,
    string Goals,
    IReadOnlyList<string> Measures,
    IReadOnlyList<string> FocusAreas,
    IReadOnlyList<string> Targets,
    string? FundingSource,
    string? BudgetLine,
    decimal? FundingAmount,
    bool CanEdit,
    IReadOnlyList<OfferedAction> Actions,
    IReadOnlyList<TaskView> OpenTasks,
    IReadOnlyList<CycleView> Cycles,
    IReadOnlyList<RevisionView> Revisions,
    IReadOnlyList<IncidentView> Incidents,
    IReadOnlyList<JournalView> Journal,
    IReadOnlyList<DocumentView> Documents,
    RenewalView Renewal,
    string? ContactName = null,
    string? ContactPhone = null,
    bool FundedByBudget = false,
    ReturnNotice? Returned = null);

/// <summary>Renewal links: the agreement this one renews, the one that renews it, and whether this user may renew it.</summary>
public sealed record RenewalView(string? Renews, string? RenewedBy, bool CanRenew);

/// <summary>The PDF of one revision: who has signed it, whether the platform has sealed it, and whether its signing
/// certificate (签署证书) has been issued.</summary>
public sealed record DocumentView(int Revision, string Reference, IReadOnlyList<string> SignedBy, bool Sealed, long Bytes, DateTime UpdatedAt,
    bool HasCertificate);

/// <summary>What a list of agreements is filtered by. State: a state id or its Chinese title; County: a county's code or
/// name. Institution and Role narrow to agreements where that institution (or any party in the county) takes the role;
/// Live keeps those counted on that day (signed, within their term, not ended) — the dashboard's drill-down.</summary>
public sealed record AgreementFilter(string? Program = null, string? State = null, string? County = null, int? Year = null, string? Search = null,
    string? City = null, string? Institution = null, string? Role = null, DateOnly? Live = null);
