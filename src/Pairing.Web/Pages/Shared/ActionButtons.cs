using Pairing.Application.Access;

namespace Pairing.Web.Pages;

/// <summary>How an offered action's button looks: the step forward is filled, a return is outlined, ending or
/// withdrawing is red, signing is blue — so approve and return never look alike.</summary>
public static class ActionButtons
{
    public static string Class(ActionStyle style) => style switch
    {
        ActionStyle.Primary => "primary",
        ActionStyle.Secondary => "secondary",
        ActionStyle.Sign => "signature",
        _ => "danger",
    };
}
