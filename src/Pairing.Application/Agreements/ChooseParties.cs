using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Application.Funding;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>An institution as a candidate for a role: whether it may take it, and if not, why; and who may sign for it.</summary>
public sealed record Candidate(string Code, string Name, string? County, bool Eligible, string? Reason, IReadOnlyList<SignatoryChoice> Signatories);

/// <summary>An account with signing authority: its user name and how it is printed (黄国（校长）).</summary>
public sealed record SignatoryChoice(string UserName, string Text);

public sealed record RoleChoice(string Role, string Title, int Min, int Max, bool OneToOne, IReadOnlyList<Candidate> Candidates);

/// Budgets: the county budget records to choose from when the program is funded from county budgets (null when not).
public sealed record ProgramChoices(string Program, string Title, string DrafterInstitution, IReadOnlyList<RoleChoice> Roles,
    IReadOnlyList<string> FocusAreas, IReadOnlyList<string> Required, IReadOnlyList<BudgetView>? Budgets = null);

/// <summary>起草向导: what the wizard offers a school for a program — for each role, the institutions of its city (and
/// universities) with those that cannot take the role marked and explained (wrong tag or stage, or already paired
/// one-to-one in a live agreement), and who may sign for each.</summary>
public static class ChooseParties
{
    public sealed record Query(string User, string Program) : IRequest<ProgramChoices>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs, EngineOptions engine, TimeProvider clock) : IRequestHandler<Query, ProgramChoices>
    {
        public async Task<ProgramChoices> Handle(Query request, CancellationToken ct)
        {
            var program = request.Program;
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureMayDraft(account);
            var info = await programs.ProgramAsync(program, account.CityCode, ct);
            var definition = info.Definition;
            var tags = await programs.TagsAsync(ct);
            var rules = JsonParams.PartyRules(definition.Parameters["roles"]);
            var exclusive = JsonParams.Strings(definition.Parameters, "exclusiveRoles");
            var institutions = await db.Institutions.AsNoTracking().Where(i => i.CityCode == account.CityCode).ToListAsync(ct);
            // Roles open to any city (universities) also offer institutions of other cities that qualify for them.
            var anyCityTags = rules.Where(r => r.AnyCity).SelectMany(r => r.Tags).ToHashSet();
            if (anyCityTags.Count > 0)
                institutions.AddRange((await db.Institutions.AsNoTracking().Where(i => i.CityCode != account.CityCode).ToListAsync(ct))
                    .Where(i => i.Tags.Any(anyCityTags.Contains)));
            var counties = await db.Counties.AsNoTracking().Where(c => c.CityCode == account.CityCode).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var signatories = (await db.Accounts.AsNoTracking().Where(a => a.CanSign && a.InstitutionCode != null).OrderBy(a => a.UserName).ToListAsync(ct))
                .ToLookup(a => a.InstitutionCode!, a => new SignatoryChoice(a.UserName, a.SignatoryText));
            // The wizard offers today's picture: a school paired today is marked with the day its pairing ends.
            var today = engine.LocalDate(clock.GetUtcNow().UtcDateTime);
            var commitments = exclusive.Count == 0 ? []
                : await LiveCommitments.OfAsync(db, definition, program, account.CityCode, null, null, today, today, ct);

            var roles = rules.Select(rule => new RoleChoice(rule.Role, rule.Title, rule.Min, rule.Max, exclusive.Contains(rule.Role),
                institutions.Select(i => Candidate(i, rule, exclusive.Contains(rule.Role) ? commitments : [], counties, signatories[i.Code].ToList(), tags,
                    JsonParams.ExclusiveTitle(definition.Parameters)))
                    .OrderByDescending(c => c.Eligible).ThenBy(c => c.Code, StringComparer.Ordinal).ToList())).ToList();
            var budgets = CountyFundingRule.Of(definition.Parameters) is null ? null
                : await CountyBudgets.ViewsAsync(db, account.CityCode, b => b.Program == program, ct);
            return new ProgramChoices(program, info.Title, account.InstitutionCode!, roles,
                JsonParams.Strings(definition.Parameters, "focusAreas"), JsonParams.Strings(definition.Parameters, "required"), budgets);
        }

        private static Candidate Candidate(Institution i, PartyRule rule, IReadOnlyList<Commitment> commitments, IReadOnlyDictionary<string, string> counties,
            IReadOnlyList<SignatoryChoice> signatories, TagVocabulary tags, string exclusiveTitle)
        {
            var county = i.CountyCode is { } c && counties.TryGetValue(c, out var name) ? name : null;
            string? reason = null;
            if (rule.Tags.Count > 0 && !rule.Tags.Any(i.Tags.Contains))
                reason = $"不是{string.Join("或", rule.Tags.Select(tags.Title))}";
            else if (rule.Stages.Count > 0 && !rule.Stages.Any(i.Stages.Contains))
                reason = $"学段不是{string.Join("、", rule.Stages.Select(Stage.Title))}之一";
            else if (commitments.FirstOrDefault(x => x.InstitutionCode == i.Code && x.Role == rule.Role) is { } taken)
                reason = $"已在协议 {taken.AgreementNumber}《{taken.AgreementTitle}》中结对（{rule.Title}，{exclusiveTitle}，至 {ChineseDates.Date(taken.TermEnd)}；续签请在原协议页面办理）";
            return new Candidate(i.Code, i.Name, county, reason is null, reason, signatories);
        }
    }
}
