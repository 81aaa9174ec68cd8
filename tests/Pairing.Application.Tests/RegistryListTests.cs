using Pairing.Application.Lists;
using Pairing.Application.Registry;
using Pairing.Domain.Registry;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The registry list is filtered, ordered, counted and cut into pages by the database: walking the pages in
/// any order gives the whole list once, in the same order as the unpaged list (which exports use), the total counts
/// every match, a page past the end shows the last one, and the tag filter matches whole tags.</summary>
public sealed class RegistryListTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_walked_in_every_order_are_the_whole_list_once(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        foreach (var column in ListInstitutions.SortColumns)
            foreach (var descending in new[] { false, true })
            {
                var sort = new SortOrder(column, descending);
                var all = (await w.App.Send(new ListInstitutions.Query("qy", Sort: sort))).Institutions.Select(i => i.Code).ToList();
                Assert.True(all.Count >= 10, $"{all.Count}");
                var walked = new List<string>();
                for (var page = 1; ; page++)
                {
                    var view = await w.App.Send(new ListInstitutions.Query("qy", Sort: sort, Page: new PageRequest(page, 3)));
                    Assert.Equal((all.Count, page), (view.Total, view.PageNumber));
                    walked.AddRange(view.Institutions.Select(i => i.Code));
                    if (page * 3 >= view.Total) break;
                }
                Assert.Equal(all, walked);
            }

        // By county, ascending: institutions without a county come last.
        var byCounty = (await w.App.Send(new ListInstitutions.Query("qy", Sort: new SortOrder(ListInstitutions.ByCounty)))).Institutions;
        Assert.Null(byCounty[^1].CountyCode);
        Assert.All(byCounty.Take(byCounty.Count(i => i.CountyCode is not null)), i => Assert.NotNull(i.CountyCode));

        // Past the end: the last page, still counted in full.
        var past = await w.App.Send(new ListInstitutions.Query("qy", Page: new PageRequest(99, 3)));
        Assert.Equal((past.Total + 2) / 3, past.PageNumber);
        Assert.NotEmpty(past.Institutions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tag_county_and_search_filters_match_in_the_database_as_they_read(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var everything = (await w.App.Send(new ListInstitutions.Query("qy"))).Institutions;
        async Task<List<string>> Codes(string? county = null, string? tag = null, string? search = null) =>
            (await w.App.Send(new ListInstitutions.Query("qy", County: county, Tag: tag, Search: search, Page: new PageRequest(1, 100)))).Institutions
                .Select(i => i.Code).ToList();

        Assert.Equal(everything.Where(i => i.Tags.Contains(Tags.CountyHighSchool)).Select(i => i.Code), await Codes(tag: Tags.CountyHighSchool));
        // A tag is matched whole: part of a tag's name matches nothing.
        Assert.Empty(await Codes(tag: Tags.CountyHighSchool[..^2]));
        Assert.Equal(everything.Where(i => i.CountyCode == "lianzhou").Select(i => i.Code), await Codes(county: "连州市"));
        Assert.Equal(["C1"], await Codes(county: "lianzhou", tag: Tags.CountyHighSchool));
        Assert.Equal(everything.Where(i => i.Name.Contains("中学", StringComparison.Ordinal)).Select(i => i.Code), await Codes(search: "中学"));
        // A city bureau never sees another city's institutions, however it filters.
        Assert.DoesNotContain("JG1", await Codes(tag: Tags.QualityHighSchool));
    }
}
