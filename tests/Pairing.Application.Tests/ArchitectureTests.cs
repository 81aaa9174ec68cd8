using System.Text.RegularExpressions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>The house plan, checked: every use case is a request with a registered handler, the Application
/// namespaces form no cycle, hosts reach the database and the engine only through use cases, pages name no action,
/// and the engine has no EF Core.</summary>
public sealed partial class ArchitectureTests
{
    private static string Source(params string[] parts) => Path.Combine([RepoPaths.Root, "src", .. parts]);

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [Fact]
    public void Every_request_has_exactly_one_registered_handler()
    {
        using var services = new ServiceCollection().AddPairing(new PairingOptions("Data Source=:memory:")).BuildServiceProvider();
        var requests = typeof(PairingServices).Assembly.GetTypes()
            .Select(t => (Type: t, Contract: t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))))
            .Where(r => r.Contract is not null).ToList();
        Assert.True(requests.Count >= 30, $"only {requests.Count} requests found");
        foreach (var (type, contract) in requests)
        {
            var handler = typeof(IRequestHandler<,>).MakeGenericType(type, contract!.GetGenericArguments()[0]);
            Assert.True(services.GetServices(handler).Count() == 1, $"{type.DeclaringType?.Name}.{type.Name} needs exactly one handler");
        }
    }

    [Fact]
    public void Application_namespaces_form_no_cycle()
    {
        var edges = new Dictionary<string, HashSet<string>>();
        var folder = Source("Pairing.Application");
        var areas = Directory.GetDirectories(folder).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToHashSet();
        foreach (var file in Files(folder, "*.cs"))
        {
            var text = File.ReadAllText(file);
            var own = NamespaceLine().Match(text).Groups[1].Value;
            var used = UsingLine().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(QualifiedUse().Matches(text).Select(m => m.Groups[1].Value).Where(areas.Contains).Select(a => $"Pairing.Application.{a}"));
            foreach (var target in used.Where(u => u != own))
                (edges.TryGetValue(own, out var set) ? set : edges[own] = []).Add(target);
        }
        foreach (var start in edges.Keys)
        {
            var path = Cycle(edges, start, [start]);
            Assert.True(path is null, $"namespace cycle: {string.Join(" → ", path ?? [])}");
        }
    }

    private static List<string>? Cycle(Dictionary<string, HashSet<string>> edges, string at, List<string> path)
    {
        foreach (var next in edges.GetValueOrDefault(at) ?? [])
        {
            if (next == path[0]) return [.. path, next];
            if (path.Contains(next)) continue;
            if (Cycle(edges, next, [.. path, next]) is { } found) return found;
        }
        return null;
    }

    [Fact]
    public void Hosts_reach_the_database_and_the_engine_only_through_use_cases()
    {
        // The web host hands Identity its user store (WebSetup); the benchmarks measure the engine and the document
        // pipeline directly by design. Everything else sends requests.
        var hosts = Files(Source("Pairing.Web"), "*.cs").Concat(Files(Source("Pairing.Web"), "*.cshtml")).Concat(Files(Source("Pairing.Cli"), "*.cs"))
            .Where(f => !f.EndsWith("WebSetup.cs", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}Bench{Path.DirectorySeparatorChar}"));
        foreach (var file in hosts)
        {
            var text = File.ReadAllText(file);
            foreach (var forbidden in new[] { "PairingDbContext", "PairingDatabase", ".Db()", "WorkflowException", "WorkflowEngine", "EntityFrameworkCore" })
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"{Path.GetFileName(file)} uses {forbidden}");
        }
    }

    [Fact]
    public void Only_the_policy_decides_by_role()
    {
        // Seeding creates accounts of each role; everything else asks AgreementPolicy.
        var sep = Path.DirectorySeparatorChar;
        foreach (var file in Files(Source("Pairing.Application"), "*.cs").Where(f => !f.Contains($"{sep}Access{sep}") && !f.Contains($"{sep}Seeding{sep}")))
        {
            var decided = RoleDecision().Match(File.ReadAllText(file));
            Assert.False(decided.Success, $"{Path.GetFileName(file)} decides by role: {decided.Value}");
        }
    }

    [Fact]
    public void Pages_offer_what_the_policy_offers_and_name_no_action()
    {
        foreach (var file in Files(Source("Pairing.Web", "Pages"), "*.cs*"))
        {
            var text = File.ReadAllText(file);
            var named = ActionLiteral().Match(text);
            Assert.False(named.Success, $"{Path.GetFileName(file)} names the action {named.Value}");
        }
    }

    [Fact]
    public void The_engine_has_no_EF_Core()
    {
        var references = typeof(WorkflowEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Pairing.", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using (Pairing\.Application(?:\.\w+)*);", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\bApplication\.(\w+)\.")]
    private static partial Regex QualifiedUse();

    [GeneratedRegex(@"AccountRole\.\w+|\baccount\.Role\b")]
    private static partial Regex RoleDecision();

    [GeneratedRegex("(?<!(?:type|name)=)\"(sign|submit|resubmit|approve|return|withdraw|accept|evaluate|terminate|amend|complete)\"")]
    private static partial Regex ActionLiteral();
}
