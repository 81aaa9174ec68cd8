namespace Pairing.Application.Seeding;

/// <summary>The shape of seeds/{city}.json.</summary>
public sealed record SeedFile(
    SeedCity City,
    List<SeedCounty> Counties,
    List<SeedInstitution> Institutions,
    List<SeedAccount> Accounts,
    List<SeedAgreement>? DemoAgreements,
    string? Notes,
    List<SeedBudget>? Budgets = null);

/// <summary>A county budget record the county bureau enters before the demo agreements draw on it.</summary>
public sealed record SeedBudget(string County, string Program, int Year, string Line, decimal Amount, string Document);

public sealed record SeedCity(string Code, string Name, string AdminCode);

public sealed record SeedCounty(string Code, string Name, string AdminCode);

public sealed record SeedInstitution(string Code, string Name, string? County, List<string> Stages, List<string> Tags, string Source);

/// <summary>Person and Position are how a signatory is printed where they sign (黄国, 校长). Email defaults to an
/// address under example.org (reserved for examples), so the demo's e-mails go nowhere real.</summary>
public sealed record SeedAccount(string User, string Name, string Role, string? County, string? Institution, bool CanSign,
    string? Person = null, string? Position = null, string? Email = null);

public sealed record SeedParty(string Institution, string Role);

public sealed record SeedFunding(string Source, string BudgetLine, decimal Amount);

public sealed record SeedAgreement(
    string Program,
    string Title,
    List<SeedParty> Parties,
    string Until,
    string? Goals,
    DateOnly? TermStart,
    DateOnly? TermEnd,
    List<string>? FocusAreas,
    SeedFunding? Funding,
    List<string>? Measures = null,
    List<string>? Targets = null,
    List<SeedCycleReport>? Reports = null);

/// <summary>A report (a semester key such as 2024-2025-1) or an evaluation (a school year, 2024-2025) of a demo
/// agreement, with its indicator values; a report is accepted by the county unless Accepted is false.</summary>
public sealed record SeedCycleReport(string Cycle, Dictionary<string, string> Values, bool Accepted = true, string? Rating = null);
