using Pairing.Application.Agreements;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>Search over agreement numbers and titles on SQLite (trigram full-text table) and PostgreSQL (trigram
/// indexes): a fragment anywhere in the number or the title, one or two characters as well as longer ones, exactly as
/// typed (case, quotes and LIKE's wildcards taken literally), a renamed draft found by its new title only, and never
/// an agreement the user may not see.</summary>
public sealed class AgreementSearchTests
{
    private const string Program = "county-trusteeship";

    private static async Task<List<string>> FoundAsync(ProgramWorld w, string user, string text) =>
        (await w.App.Send(new ListAgreements.Query(user, new AgreementFilter(Search: text)))).Select(a => a.Number).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fragment_of_a_number_or_title_finds_the_agreement_whatever_its_length(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var first = (await w.DraftAsync("c1", Program, "清远市第一中学托管帮扶连州市第二中学协议",
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C1", "supported", "c1.sign"))).Number;
        var second = (await w.DraftAsync("c2", Program, "清远市第二中学托管帮扶英德市浛洸中学协议（100%_\"试行\"）",
            new PartyInput("G2", "supporter", "g2.sign"), new PartyInput("C2", "supported", "c2.sign"))).Number;
        string[] both = [.. new[] { first, second }.Order(StringComparer.Ordinal)];

        Assert.Equal(both, await FoundAsync(w, "qy", "清"));
        Assert.Equal([first], await FoundAsync(w, "qy", "连州"));
        Assert.Equal([second], await FoundAsync(w, "qy", "浛洸中学"));
        Assert.Equal(both, await FoundAsync(w, "qy", "托管帮扶"));
        Assert.Equal([first], await FoundAsync(w, "qy", first));
        Assert.Equal(both, await FoundAsync(w, "qy", first[..^3]));
        Assert.Equal([second], await FoundAsync(w, "qy", "100%_\"试行\""));
        Assert.Equal([second], await FoundAsync(w, "qy", "%_"));
        Assert.Empty(await FoundAsync(w, "qy", "100__"));
        Assert.Empty(await FoundAsync(w, "qy", "中学托管帮扶茂名"));
        Assert.Empty(await FoundAsync(w, "qy", first.ToLowerInvariant()));
        // A school finds only its own agreement, even by the other's title.
        Assert.Equal([first], await FoundAsync(w, "c1", "托管帮扶"));
        Assert.Empty(await FoundAsync(w, "c1", "浛洸"));

        // Renamed while a draft: found by the new title, no longer by the old one.
        await w.App.Send(new UpdateAgreement.Command("c1", first, new AgreementChanges(Title: "清远市第一中学托管帮扶连州市第二中学协议（修订）"), null));
        Assert.Equal([first], await FoundAsync(w, "qy", "协议（修订）"));
        await w.App.Send(new UpdateAgreement.Command("c1", first, new AgreementChanges(Title: "清远一中与连州二中托管协议"), null));
        Assert.Empty(await FoundAsync(w, "qy", "协议（修订）"));
        Assert.Equal([first], await FoundAsync(w, "qy", "连州二中"));
        Assert.Equal([second], await FoundAsync(w, "qy", "托管帮扶"));
    }
}
