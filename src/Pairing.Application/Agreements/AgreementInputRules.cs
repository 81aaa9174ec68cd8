using FluentValidation;
using Pairing.Application.Validation;

namespace Pairing.Application.Agreements;

/// <summary>What a draft's fields may hold, checked before drafting or editing reads anything: present where required
/// (a JSON null is refused by name, not met by a server error), no characters text cannot store, and no more than the
/// forms allow and the documents lay out. Drafting and editing share these rules; null in an edit means "unchanged".</summary>
public static class AgreementInputRules
{
    public const int TitleLength = 200, GoalsLength = 2000, ItemLength = 1000, FocusAreaLength = 100, MaxItems = 50;
    public const int FundingLength = 200, ContactNameLength = 50, ContactPhoneLength = 30;
    /// <summary>Amounts are stored with two decimals in 18 digits; nothing a school funds comes near 10 亿元.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    public sealed class Party : AbstractValidator<PartyInput>
    {
        public Party()
        {
            // Codes and user names are varchar(50) and varchar(100) columns on both databases.
            RuleFor(p => p.InstitutionCode).NotEmpty().WithMessage("请指明参与方的机构代码").StorableText("机构代码", 50);
            RuleFor(p => p.Role).NotEmpty().WithMessage("请指明参与方的角色").StorableText("角色", 100);
            RuleFor(p => p.Signatory).StorableText("签署人", 100);
        }
    }

    public sealed class Draft : AbstractValidator<AgreementDraft>
    {
        public Draft()
        {
            RuleFor(d => d.Program).NotEmpty().WithMessage("请选择项目").StorableText("项目", 100);
            RuleFor(d => d.Title).NotNull().WithMessage("协议名称必填").StorableText("协议名称", TitleLength);
            RuleFor(d => d.Parties).NotNull().WithMessage("请指明协议各方");
            RuleForEach(d => d.Parties).NotNull().WithMessage("参与方不能为空值（null）").SetValidator(new Party());
            RuleFor(d => d.Goals).StorableText("帮扶目标", GoalsLength, multiline: true);
            RuleFor(d => d.Measures).StorableItems("帮扶措施", MaxItems, ItemLength);
            RuleFor(d => d.FocusAreas).StorableItems("重点领域", MaxItems, FocusAreaLength);
            RuleFor(d => d.Targets).StorableItems("学年目标", MaxItems, ItemLength);
            RuleFor(d => d.FundingSource).StorableText("经费来源", FundingLength);
            RuleFor(d => d.BudgetLine).StorableText("预算科目", FundingLength);
            RuleFor(d => d.FundingAmount).InclusiveBetween(0, MaxAmount).WithMessage("经费金额须在 0 到 10 亿元之间");
            RuleFor(d => d.ContactName).StorableText("联系人", ContactNameLength);
            RuleFor(d => d.ContactPhone).StorableText("联系电话", ContactPhoneLength);
        }
    }

    public sealed class Changes : AbstractValidator<AgreementChanges>
    {
        public Changes()
        {
            RuleFor(d => d.Title).StorableText("协议名称", TitleLength);
            RuleForEach(d => d.Parties).NotNull().WithMessage("参与方不能为空值（null）").SetValidator(new Party());
            RuleFor(d => d.Goals).StorableText("帮扶目标", GoalsLength, multiline: true);
            RuleFor(d => d.Measures).StorableItems("帮扶措施", MaxItems, ItemLength);
            RuleFor(d => d.FocusAreas).StorableItems("重点领域", MaxItems, FocusAreaLength);
            RuleFor(d => d.Targets).StorableItems("学年目标", MaxItems, ItemLength);
            RuleFor(d => d.FundingSource).StorableText("经费来源", FundingLength);
            RuleFor(d => d.BudgetLine).StorableText("预算科目", FundingLength);
            RuleFor(d => d.FundingAmount).InclusiveBetween(0, MaxAmount).WithMessage("经费金额须在 0 到 10 亿元之间");
            RuleFor(d => d.ContactName).StorableText("联系人", ContactNameLength);
            RuleFor(d => d.ContactPhone).StorableText("联系电话", ContactPhoneLength);
        }
    }
}
