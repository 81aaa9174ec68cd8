namespace Pairing.Domain.Programs;

/// <summary>What a program requires of the parties in one role: how many, and which tags or stages qualify.
/// SameCountyAs: the party must sit in the county of the other parties. AnyCity: the institution need not stand in
/// the city (a university in Guangzhou partnering a Qingyuan county high school) and is tied to no county of it; it is
/// still taken from the city's own registry, where the city registers the universities it works with.</summary>
public sealed record PartyRule(string Role, string Title, IReadOnlyList<string> Tags, IReadOnlyList<string> Stages, int Min, int Max,
    bool SameCountyAs = false, bool AnyCity = false);

/// <summary>A party as the rules see it.</summary>
public sealed record PartyFacts(string Role, string Code, string Name, string? County, IReadOnlyList<string> Tags, IReadOnlyList<string> Stages,
    string? City = null);

public sealed record RuleViolation(string Rule, string Message);
