using System.Text.Json.Nodes;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Validation;
using Pairing.Data;
using Pairing.Domain.Funding;

namespace Pairing.Application.Funding;

/// <summary>A county budget record as lists show it, with what signed, running agreements already draw on it.</summary>
public sealed record BudgetView(Guid Id, string County, string CountyName, string Program, int Year, string Line, decimal Amount, string Document,
    decimal Committed, IReadOnlyList<string> Agreements)
{
    public decimal Remaining => Amount - Committed;
}

/// <summary>What a program says about county funding (parameters.countyFunding): which party's county must fund it,
/// and the budget lines (预算科目) a record may use. Programs without it need no county budget.</summary>
public sealed record CountyFundingRule(string Role, IReadOnlyList<string> BudgetLines)
{
    public static CountyFundingRule? Of(JsonObject parameters) =>
        parameters["countyFunding"] is JsonObject o && o["role"]?.ToString() is { Length: > 0 } role
            ? new(role, o["budgetLines"] is JsonArray lines ? lines.Select(l => l?.ToString() ?? "").Where(l => l.Length > 0).ToList() : [])
            : null;
}

/// <summary>A program funded from county budgets, with the budget lines it allows.</summary>
public sealed record BudgetProgram(string Program, string Title, IReadOnlyList<string> Lines);

/// <summary>What the budget page offers: the programs and counties this account may record for (none for schools).</summary>
public sealed record BudgetForm(IReadOnlyList<BudgetProgram> Programs, IReadOnlyList<KeyValuePair<string, string>> Counties, bool MayRecord);

/// <summary>县级预算: county budget records for pairing programs. A county bureau records its own county's; the city
/// bureau and administrators any county of the city. Every bureau of the city may list them.</summary>
public static class CountyBudgets
{
    public sealed record Record(string User, string? County, string Program, int Year, string Line, decimal Amount, string Document) : IRequest<BudgetView>;

    /// <summary>The record's text as it will be stored: county code varchar(50), program, line and document varchar(100).</summary>
    public sealed class RecordValidator : AbstractValidator<Record>
    {
        public RecordValidator()
        {
            RuleFor(r => r.County).StorableText("县（市、区）", 50);
            RuleFor(r => r.Program).NotEmpty().WithMessage("请选择项目").StorableText("项目", 100);
            RuleFor(r => r.Line).NotEmpty().WithMessage("请选择预算科目").StorableText("预算科目", 100);
            RuleFor(r => r.Document).NotEmpty().WithMessage("预算文件文号必填").StorableText("预算文件文号", 100);
        }
    }

    public sealed record List(string User, string? Program = null, int? Year = null) : IRequest<IReadOnlyList<BudgetView>>;

    public sealed record Form(string User) : IRequest<BudgetForm>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs, TimeProvider clock)
        : IRequestHandler<Record, BudgetView>, IRequestHandler<List, IReadOnlyList<BudgetView>>, IRequestHandler<Form, BudgetForm>
    {
        public async Task<BudgetForm> Handle(Form request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var funded = (await programs.ProgramsAsync(account.CityCode, ct))
                .Select(p => (p, Rule: CountyFundingRule.Of(p.Definition.Parameters))).Where(x => x.Rule is not null)
                .Select(x => new BudgetProgram(x.p.Program, x.p.Title, x.Rule!.BudgetLines)).ToList();
            if (!AgreementPolicy.IsBureau(account)) return new BudgetForm(funded, [], false);
            var own = AgreementPolicy.CountyReach(account, null);
            var counties = await db.Counties.AsNoTracking().Where(c => c.CityCode == account.CityCode && (own == null || c.Code == own))
                .OrderBy(c => c.AdminCode).Select(c => new KeyValuePair<string, string>(c.Code, c.Name)).ToListAsync(ct);
            return new BudgetForm(funded, counties, funded.Count > 0);
        }

        public async Task<BudgetView> Handle(Record request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureBureau(account, "只有教育局和管理员可以登记县级预算");
            var county = AgreementPolicy.CountyReach(account, request.County)
                ?? throw new PairingException(ErrorKind.Invalid, "请指明县（市、区）", "county");
            if (!await db.Counties.AnyAsync(c => c.Code == county && c.CityCode == account.CityCode, ct))
                throw new PairingException(ErrorKind.Invalid, $"本市没有县（市、区）{county}", "county");
            var program = await programs.ProgramAsync(request.Program, account.CityCode, ct);
            var rule = CountyFundingRule.Of(program.Definition.Parameters)
                ?? throw new PairingException(ErrorKind.Invalid, $"{program.Title}不需要县级预算", "program");
            if (!rule.BudgetLines.Contains(request.Line))
                throw new PairingException(ErrorKind.Invalid, $"预算科目「{request.Line}」不在本项目的科目清单中（可选：{string.Join("、", rule.BudgetLines)}）", "line");
            if (request.Year is < 2020 or > 2100) throw new PairingException(ErrorKind.Invalid, $"预算年度 {request.Year} 无效", "year");
            if (request.Amount <= 0 || request.Amount > 1_000_000_000m) throw new PairingException(ErrorKind.Invalid, "预算金额必须大于 0 且不超过 10 亿元", "amount");
            if (string.IsNullOrWhiteSpace(request.Document) || request.Document.Length > 100)
                throw new PairingException(ErrorKind.Invalid, "预算文件文号必填，不超过 100 字", "document");
            var budget = new CountyBudget
            {
                Id = Guid.NewGuid(), CityCode = account.CityCode, CountyCode = county, Program = program.Program, Year = request.Year,
                Line = request.Line, Amount = request.Amount, Document = request.Document.Trim(), CreatedBy = account.UserName,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.CountyBudgets.Add(budget);
            await db.SaveChangesAsync(ct);
            return (await ViewsAsync(db, account.CityCode, b => b.Id == budget.Id, ct)).Single();
        }

        public async Task<IReadOnlyList<BudgetView>> Handle(List request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            // Schools see the records too: they choose one when drafting an agreement that needs county funding.
            return await ViewsAsync(db, account.CityCode,
                b => (request.Program == null || b.Program == request.Program) && (request.Year == null || b.Year == request.Year), ct);
        }
    }

    public static async Task<List<BudgetView>> ViewsAsync(PairingDbContext db, string city, System.Linq.Expressions.Expression<Func<CountyBudget, bool>> filter,
        CancellationToken ct)
    {
        var budgets = await db.CountyBudgets.AsNoTracking().Where(b => b.CityCode == city).Where(filter)
            .OrderBy(b => b.CountyCode).ThenBy(b => b.Year).ThenBy(b => b.CreatedAt).ToListAsync(ct);
        var ids = budgets.Select(b => b.Id).ToList();
        var drawn = await db.Agreements.AsNoTracking().Where(a => a.BudgetId != null && ids.Contains(a.BudgetId.Value) && a.EndedAt == null && a.FirstSignedAt != null)
            .Select(a => new { a.BudgetId, a.Number, a.FundingAmount }).ToListAsync(ct);
        var names = await db.Counties.AsNoTracking().Where(c => c.CityCode == city).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        return budgets.Select(b => new BudgetView(b.Id, b.CountyCode, names.GetValueOrDefault(b.CountyCode, b.CountyCode), b.Program, b.Year, b.Line,
            b.Amount, b.Document, drawn.Where(d => d.BudgetId == b.Id).Sum(d => d.FundingAmount ?? 0),
            drawn.Where(d => d.BudgetId == b.Id).Select(d => d.Number).Order().ToList())).ToList();
    }
}
