using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Application.Indicators;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>Typed indicators declared by the program: entered with a semester report, checked on submit with nothing
/// saved when refused, replaced on resubmission, counted once accepted, and summed and averaged per agreement, county
/// and city for a period.</summary>
public sealed class IndicatorTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_indicators_are_checked_stored_as_numbers_and_summed_per_agreement_county_and_city(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var lianzhou = await LifecycleSteps.SignedTrusteeshipAsync(w, "G1", "C1");
        var yingde = await LifecycleSteps.SignedTrusteeshipAsync(w, "G2", "C2");
        await w.RunTimersAtAsync(2024, 12, 1);

        // The report form asks the program's indicators with their units and bounds.
        var form = (await w.App.Send(new ShowCycle.Query("c1", lianzhou, "2024-2025-1"))).Actions.Single(a => a.Id == "submit").Inputs;
        var research = form.Single(i => i.Name == "jointResearch");
        Assert.Equal(("number", "次", 0m, 200m), (research.Type, research.Unit, research.Min, research.Max));

        var refused = await ProgramWorld.Refused(() => w.ActAsync("c1", lianzhou, "submit", cycle: "2024-2025-1",
            inputs: new() { ["summary"] = "本学期联合教研", ["jointResearch"] = "六次" }), ErrorKind.Invalid);
        Assert.Equal("jointResearch", refused.Field);
        Assert.Empty((await w.App.Send(new ShowCycle.Query("c1", lianzhou, "2024-2025-1"))).Indicators);

        await w.ActAsync("c1", lianzhou, "submit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期联合教研", ["jointResearch"] = "6", ["shadowing"] = "12" });
        await w.ActAsync("lz", lianzhou, "return", cycle: "2024-2025-1", comment: "跟岗人次与附件不符");
        await w.ActAsync("c1", lianzhou, "resubmit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期联合教研", ["jointResearch"] = "6", ["shadowing"] = "10" });
        var pending = await w.App.Send(new ShowCycle.Query("c1", lianzhou, "2024-2025-1"));
        Assert.Contains(pending.Indicators, v => v is { Name: "shadowing", Value: "10", Unit: "人次", Accepted: false });

        // Not yet accepted: not counted, unless pending values are asked for.
        Assert.Empty((await w.App.Send(new SummarizeIndicators.Query("qy", null))).Indicators);
        Assert.Equal(10, (await w.App.Send(new SummarizeIndicators.Query("qy", null, IncludePending: true))).Indicators
            .Single(i => i.Name == "shadowing").City.Sum);

        await w.ActAsync("lz", lianzhou, "accept", cycle: "2024-2025-1");
        await w.ActAsync("c2", yingde, "submit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "本学期联合教研", ["jointResearch"] = "4", ["shadowing"] = "5" });
        await w.ActAsync("yd", yingde, "accept", cycle: "2024-2025-1");

        var city = await w.App.Send(new SummarizeIndicators.Query("qy", null, Programs.CountyTrusteeship, new DateOnly(2024, 9, 1), new DateOnly(2025, 1, 31)));
        var joint = city.Indicators.Single(i => i.Name == "jointResearch");
        Assert.Equal((10m, 5m, 2), (joint.City.Sum, joint.City.Average, joint.City.Values));
        Assert.Equal([(lianzhou, 6m), (yingde, 4m)], joint.Agreements.Select(a => (a.Key, a.Sum)).ToList());
        Assert.Equal(6m, joint.Counties.Single(c => c.Key == "lianzhou").Sum);
        Assert.Equal(4m, joint.Counties.Single(c => c.Key == "yingde").Sum);
        // Both supporters sit in 清城区, so each pairing also appears there; the city counts each once.
        Assert.Equal(10m, joint.Counties.Single(c => c.Key == "qingcheng").Sum);

        // A county bureau sees its own county only; a school sees none; another period has nothing.
        var county = await w.App.Send(new SummarizeIndicators.Query("yd", null));
        Assert.Equal(["yingde"], county.Indicators.Single(i => i.Name == "jointResearch").Counties.Select(c => c.Key).ToList());
        Assert.Equal([yingde], county.Indicators.Single(i => i.Name == "jointResearch").Agreements.Select(a => a.Key).ToList());
        await ProgramWorld.Refused(() => w.App.Send(new SummarizeIndicators.Query("c1", null)), ErrorKind.Forbidden);
        Assert.Empty((await w.App.Send(new SummarizeIndicators.Query("qy", null, From: new DateOnly(2025, 2, 1)))).Indicators);
    }
}
