using System.Text.RegularExpressions;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Application.Registry;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>A pairing structure the shipped files do not know — its program, role names, registry tag and target —
/// arrives as one definition file and works end to end: published, tagged in the registry, drafted, approved,
/// signed and counted. No code names it.</summary>
public sealed class NewStructureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pairing-structure").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string ReadingAlliance = """
        {
          "id": "reading-alliance.qingyuan",
          "version": 1,
          "title": "城乡阅读联盟（清远）",
          "extends": "agreement-lifecycle",
          "metadata": {
            "program": "reading-alliance",
            "programTitle": "城乡阅读联盟",
            "numberPrefix": "YD",
            "city": "qingyuan",
            "subject": "agreement",
            "basis": "测试用结构",
            "tags": { "reading-lead": "阅读推广牵头校" }
          },
          "parameters": {
            "roles": [
              { "role": "lead", "title": "联盟牵头校", "tags": ["reading-lead"], "min": 1, "max": 1 },
              { "role": "member", "title": "联盟成员校", "stages": ["primary", "junior"], "min": 1, "max": 0 }
            ],
            "exclusiveRoles": [],
            "required": ["goals", "term", "signatory"],
            "focusAreas": [],
            "duties": { "lead": "负责制定每学期共读计划并组织联合阅读活动。", "member": "负责组织学生参加共读并报送阅读记录。" },
            "compliance": { "kind": "each-tagged-in-role", "tag": "reading-lead", "role": "lead", "target": 1 }
          }
        }
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_structure_defined_in_one_file_is_published_tagged_drafted_signed_and_counted(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var file = Write("reading-alliance.qingyuan.json", ReadingAlliance);

        // Before publishing, neither the program nor its tag exists.
        var unknown = await ProgramWorld.Refused(() => w.DraftAsync("g2", "reading-alliance", "阅读联盟协议",
            new PartyInput("G2", "lead"), new PartyInput("P2", "member")), ErrorKind.Invalid);
        Assert.Equal("program", unknown.Field);
        var tagless = await w.App.Send(new ImportInstitutions.Command(Write("before.csv", "代码,名称,城市,县区,学段,标签\nG2,清远市第二中学,清远市,清城区,高中,阅读推广牵头校\n"), null));
        Assert.Contains(tagless.Errors, e => e.Message.Contains("未知标签「阅读推广牵头校」"));

        var published = await w.App.Send(new PublishDefinitions.Command([file]));
        Assert.Equal(("reading-alliance.qingyuan", PublishOutcome.Published), (published.Single().Id, published.Single().Outcome));
        Assert.Contains(await w.App.Send(new ListPrograms.Query("g2")), p => p.Program == "reading-alliance" && p.Title == "城乡阅读联盟");

        // The registry now knows the tag by its Chinese name; the bureau tags its lead school with it.
        var imported = await w.App.Send(new ImportInstitutions.Command(Write("after.csv", "代码,名称,城市,县区,学段,标签\nG2,清远市第二中学,清远市,清城区,高中,阅读推广牵头校\n"), null));
        Assert.Empty(imported.Errors);
        Assert.Equal("阅读推广牵头校", (await w.App.Send(new ListInstitutions.Query(null, "qingyuan"))).Tags.Title("reading-lead"));

        // Its role rules apply with its own names: a senior high school is no member, G1 is no lead.
        var wrongLead = await ProgramWorld.Refused(() => w.DraftAsync("g1", "reading-alliance", "阅读联盟协议",
            new PartyInput("G1", "lead"), new PartyInput("P2", "member")), ErrorKind.Refused);
        Assert.Contains("规则「联盟牵头校资格」", wrongLead.Message);
        Assert.Contains("不是阅读推广牵头校", wrongLead.Message);

        // Drafted, numbered with its prefix, approved by county and city, signed by both: active and counted.
        var draft = await w.App.Send(new DraftAgreement.Command("g2", new AgreementDraft("reading-alliance", "清远市第二中学城乡阅读联盟协议",
            new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31), [new("G2", "lead"), new("P2", "member")], "每学期共读一本书")));
        Assert.StartsWith("441800-YD-2024-", draft.Number);
        Assert.Equal("城乡阅读联盟", draft.ProgramTitle);
        await w.ActAsync("g2", draft.Number, "submit");
        await w.CountiesApproveAsync(draft.Number);
        await w.ActAsync("qy", draft.Number, "approve");
        await LifecycleSteps.SignAllAsync(w, draft.Number, "g2.sign", "p2.sign");

        // Without a template of its own it is printed as the general agreement, with the duties its file gives.
        var pdf = await w.App.Send(new ExportAgreementDocument.Query("g2", draft.Number));
        var text = Regex.Replace(Poppler.Text(pdf.Bytes), @"\s", "");
        foreach (var expected in new[] { "清远市第二中学城乡阅读联盟协议", "甲方（联盟牵头校）：清远市第二中学", "为开展城乡阅读联盟",
                     "负责制定每学期共读计划并组织联合阅读活动。", "负责组织学生参加共读并报送阅读记录。", "测试用结构" })
            Assert.Contains(expected, text);

        var alliance = (await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", new DateOnly(2024, 9, 2)))).Single().Programs.Single(p => p.Program == "reading-alliance");
        Assert.Equal((1, 1, true), (alliance.Actual, alliance.Target, alliance.Met));
        Assert.Contains("阅读推广牵头校", alliance.Measure);
    }

    [Fact]
    public async Task A_structure_file_without_its_program_names_is_refused_naming_file_and_path()
    {
        await using var w = await ProgramWorld.CreateAsync("sqlite");
        var broken = ReadingAlliance.Replace("\"numberPrefix\": \"YD\",", "").Replace("\"tags\": { \"reading-lead\": \"阅读推广牵头校\" }", "\"tags\": {}");
        var load = await w.App.Send(new ValidateDefinitions.Query([Write("broken.json", broken)]));
        Assert.Contains(load.Errors, e => e.File.EndsWith("broken.json", StringComparison.Ordinal) && e.Path == "$.metadata.numberPrefix");
        Assert.Contains(load.Errors, e => e.Path == "$.parameters.roles[0].tags" && e.Message.Contains("reading-lead"));
        await Assert.ThrowsAsync<PairingException>(() => w.App.Send(new PublishDefinitions.Command([Path.Combine(_dir, "broken.json")])));
    }
}
