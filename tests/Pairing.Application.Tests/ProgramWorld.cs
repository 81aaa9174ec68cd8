using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Application.Operations;
using Pairing.Domain.Accounts;
using Pairing.Domain.Registry;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>A real database with the published workflows and a small registry of two cities, driven through the
/// application layer as schools and bureaus would, on a clock the test moves.</summary>
public sealed class ProgramWorld : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private readonly string _files;

    private readonly ServiceProvider _services;

    private ProgramWorld(TestDatabase database, ServiceProvider services, TestClock clock, string files)
    {
        _database = database;
        _files = files;
        _services = services;
        App = new AppServices(services);
        Clock = clock;
    }

    /// <summary>A province administrator who sees everything, for reading state in assertions.</summary>
    public const string Viewer = "admin";

    /// <summary>The person behind each institution's signatory account (code.sign), as printed where they sign.</summary>
    public static readonly IReadOnlyDictionary<string, string> Principals = new Dictionary<string, string>
    {
        ["G1"] = "陈志强", ["G2"] = "张伟", ["C1"] = "罗建", ["C2"] = "周建明", ["L1"] = "林志", ["P1"] = "吴敏", ["P2"] = "邓明", ["P3"] = "黄国",
        ["U1"] = "何平", ["GOV-LZ"] = "赵刚", ["GOV-YD"] = "钱进", ["JG1"] = "孙立", ["JC1"] = "周强", ["JC2"] = "吴涛",
        ["CL1"] = "梁红", ["QM1"] = "冯涛", ["QM2"] = "袁芳", ["RO1"] = "韩冰", ["V1"] = "唐亮", ["T1"] = "曹阳", ["JG2"] = "蒋平", ["JP1"] = "沈丽",
    };

    public AppServices App { get; }
    public TestClock Clock { get; }

    /// <summary>A world whose documents use the repository's templates (or the given folder) and keys of its own.</summary>
    public static async Task<ProgramWorld> CreateAsync(string provider, string? templates = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.AtLocal(2024, 8, 20);
        var files = Directory.CreateTempSubdirectory("pairing-world").FullName;
        var settings = new DocumentSettings(templates ?? Path.Combine(RepoPaths.Root, "templates"), Path.Combine(files, "pki"), "https://pairing.test");
        var services = new ServiceCollection().AddPairing(new PairingOptions(database.ConnectionString, settings, clock)).BuildServiceProvider();
        var app = new AppServices(services);
        await app.Send(new MigrateDatabase.Command());
        await app.Send(new PublishDefinitions.Command([RepoPaths.Workflows]));
        await using (var db = app.Db())
        {
            db.Cities.AddRange(new City { Code = "qingyuan", Name = "清远市", AdminCode = "441800" }, new City { Code = "jieyang", Name = "揭阳市", AdminCode = "445200" });
            db.Counties.AddRange(
                new County { Code = "lianzhou", Name = "连州市", AdminCode = "441882", CityCode = "qingyuan" },
                new County { Code = "yingde", Name = "英德市", AdminCode = "441881", CityCode = "qingyuan" },
                new County { Code = "qingcheng", Name = "清城区", AdminCode = "441802", CityCode = "qingyuan" },
                new County { Code = "puning", Name = "普宁市", AdminCode = "445281", CityCode = "jieyang" });
            Institution I(string code, string name, string city, string? county, string[] stages, params string[] tags) =>
                new() { Id = Guid.NewGuid(), Code = code, Name = name, CityCode = city, CountyCode = county, Stages = [.. stages], Tags = [.. tags] };
            db.Institutions.AddRange(
                I("G1", "清远市第一中学", "qingyuan", "qingcheng", [Stage.Senior], Tags.QualityHighSchool),
                I("G2", "清远市第二中学", "qingyuan", "qingcheng", [Stage.Senior], Tags.QualityHighSchool),
                I("C1", "连州市第二中学", "qingyuan", "lianzhou", [Stage.Senior], Tags.CountyHighSchool),
                I("C2", "英德市浛洸中学", "qingyuan", "yingde", [Stage.Junior, Stage.Senior], Tags.CountyHighSchool),
                I("L1", "清城区劳动教育实验小学", "qingyuan", "qingcheng", [Stage.Primary], Tags.LabourProvincial),
                I("P1", "清城区东城幼儿园", "qingyuan", "qingcheng", [Stage.Kindergarten]),
                I("P2", "连州市城南小学", "qingyuan", "lianzhou", [Stage.Primary]),
                I("P3", "英德市英城中学", "qingyuan", "yingde", [Stage.Junior]),
                // A university in Guangzhou that Qingyuan registers: no county of the city, but in the city's registry.
                I("U1", "华南师范大学", "qingyuan", null, [Stage.University], Tags.University, Tags.NormalUniversity),
                I("GOV-LZ", "连州市人民政府", "qingyuan", "lianzhou", [], Tags.CountyGovernment),
                I("GOV-YD", "英德市人民政府", "qingyuan", "yingde", [], Tags.CountyGovernment),
                I("JG1", "揭阳市第一中学", "jieyang", "puning", [Stage.Senior], Tags.QualityHighSchool, "provincial-group-core"),
                I("JC1", "普宁市第五中学", "jieyang", "puning", [Stage.Senior], Tags.CountyHighSchool),
                I("JC2", "普宁市第六中学", "jieyang", "puning", [Stage.Senior], Tags.CountyHighSchool),
                // The other structures of the plans: a community lead and members, a research office, a village school
                // and a township central school, and the Jieyang group cores.
                I("CL1", "清城区先锋小学", "qingyuan", "qingcheng", [Stage.Primary], "community-lead"),
                I("QM1", "清城区源潭镇中心小学", "qingyuan", "qingcheng", [Stage.Primary]),
                I("QM2", "清城区石角镇中学", "qingyuan", "qingcheng", [Stage.Junior]),
                I("RO1", "连州市教育局教研室", "qingyuan", "lianzhou", [], "research-office"),
                I("V1", "连州市瑶安乡田心小学", "qingyuan", "lianzhou", [Stage.Primary], "village-school"),
                I("T1", "连州市西岸镇中心小学", "qingyuan", "lianzhou", [Stage.Primary], "town-school"),
                I("JG2", "普宁市华侨中学", "jieyang", "puning", [Stage.Senior], "municipal-group-core"),
                I("JP1", "普宁市洪阳镇中心小学", "jieyang", "puning", [Stage.Primary]));
            await db.SaveChangesAsync();
            var institutions = await db.Institutions.ToDictionaryAsync(i => i.Code);
            foreach (var code in institutions.Keys)
            {
                var i = institutions[code];
                var user = code.ToLowerInvariant();
                var city = i.CityCode;
                db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = user, DisplayName = $"{i.Name} 经办人", Role = AccountRole.Staff, CityCode = city, CountyCode = i.CountyCode, InstitutionId = i.Id, InstitutionCode = code });
                db.Accounts.Add(new Account
                {
                    Id = Guid.NewGuid(), UserName = user + ".sign", DisplayName = $"{i.Name} 校长 {Principals[code]}", PersonName = Principals[code], Position = "校长",
                    Role = AccountRole.Staff, CityCode = city, CountyCode = i.CountyCode, InstitutionId = i.Id, InstitutionCode = code, CanSign = true
                });
            }
            // A second person with signing authority at G1, who is not the one the agreements name.
            db.Accounts.Add(new Account
            {
                Id = Guid.NewGuid(), UserName = "g1.deputy", DisplayName = "清远市第一中学 副校长 李文", PersonName = "李文", Position = "副校长",
                Role = AccountRole.Staff, CityCode = "qingyuan", CountyCode = "qingcheng", InstitutionId = institutions["G1"].Id, InstitutionCode = "G1", CanSign = true
            });
            foreach (var (user, county, city) in new[] { ("lz", "lianzhou", "qingyuan"), ("yd", "yingde", "qingyuan"), ("qc", "qingcheng", "qingyuan"), ("pn", "puning", "jieyang") })
                db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = user, DisplayName = $"{county} 教育局", Role = AccountRole.CountyBureau, CityCode = city, CountyCode = county });
            db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = "qy", DisplayName = "清远市教育局", Role = AccountRole.CityBureau, CityCode = "qingyuan" });
            db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = "jy", DisplayName = "揭阳市教育局", Role = AccountRole.CityBureau, CityCode = "jieyang" });
            db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = Viewer, DisplayName = "省级管理员", Role = AccountRole.ProvinceAdmin, CityCode = "qingyuan" });
            db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = "qy.admin", DisplayName = "清远市管理员", Role = AccountRole.Admin, CityCode = "qingyuan" });
            await db.SaveChangesAsync();
        }
        return new ProgramWorld(database, services, clock, files);
    }

    public Task<AgreementSummary> DraftAsync(string user, string program, string title, params PartyInput[] parties) =>
        App.Send(new DraftAgreement.Command(user, new AgreementDraft(program, title, new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31), parties)));

    public Task<ActionOutcome> ActAsync(string user, string number, string action, string? comment = null, string? cycle = null,
        Dictionary<string, string>? inputs = null, string? key = null, int? expectedVersion = null) =>
        App.Send(new ActOnAgreement.Command(user, new AgreementAction(number, action, key ?? Guid.NewGuid().ToString("N"), comment, cycle, inputs, expectedVersion)));

    /// <summary>The county bureau account of each county of the world.</summary>
    public static readonly IReadOnlyDictionary<string, string> CountyBureaus = new Dictionary<string, string>
    {
        ["lianzhou"] = "lz", ["yingde"] = "yd", ["qingcheng"] = "qc", ["puning"] = "pn",
    };

    /// <summary>The city bureau account of a city of the world.</summary>
    public static string CityBureauOf(string city) => city == "jieyang" ? "jy" : "qy";

    /// <summary>Every county with an open approval task approves: a pair across two counties needs both.</summary>
    public async Task CountiesApproveAsync(string number)
    {
        foreach (var task in (await ShowAsync(number)).OpenTasks.Where(t => t.Scope.StartsWith("county:", StringComparison.Ordinal)).OrderBy(t => t.Scope, StringComparer.Ordinal).ToList())
            await ActAsync(CountyBureaus[task.Scope["county:".Length..]], number, "approve");
    }

    public async Task<string> StateAsync(string number) => (await App.Send(new SummarizeAgreement.Query(Viewer, number))).State;

    public async Task<int> RunTimersAtAsync(int year, int month, int day)
    {
        Clock.SetLocal(year, month, day);
        return (await App.Send(new RunTimers.Command("test-worker"))).Fired;
    }

    public async Task<AgreementDetail> ShowAsync(string number, string user = Viewer) => await App.Send(new ShowAgreement.Query(user, number));

    public static async Task<PairingException> Refused(Func<Task> act, ErrorKind kind)
    {
        var ex = await Assert.ThrowsAsync<PairingException>(act);
        Assert.Equal(kind, ex.Kind);
        return ex;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }
}
