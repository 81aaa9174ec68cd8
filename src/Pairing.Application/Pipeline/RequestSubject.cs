using System.Reflection;

namespace Pairing.Application.Pipeline;

/// <summary>Who a use case runs for and which agreement it concerns, read from the request by convention: the account
/// is a string property User, the agreement a string property Number on the request or on one of its records
/// (ActOnAgreement carries it in its AgreementAction). Looked up once per request type.</summary>
internal static class RequestSubject<TRequest>
{
    private static readonly Func<TRequest, string?> ActorOf = Reader(typeof(TRequest).GetProperty("User"));
    private static readonly Func<TRequest, string?> AgreementOf = AgreementReader();

    public static (string? Actor, string? Agreement) Of(TRequest request) => (ActorOf(request), AgreementOf(request));

    private static Func<TRequest, string?> AgreementReader()
    {
        if (typeof(TRequest).GetProperty("Number") is { PropertyType: var t } own && t == typeof(string)) return Reader(own);
        foreach (var holder in typeof(TRequest).GetProperties().Where(p => p.PropertyType.Namespace?.StartsWith("Pairing.", StringComparison.Ordinal) == true))
            if (holder.PropertyType.GetProperty("Number") is { PropertyType: var n } number && n == typeof(string))
                return request => holder.GetValue(request) is { } value ? number.GetValue(value) as string : null;
        return _ => null;
    }

    private static Func<TRequest, string?> Reader(PropertyInfo? property) =>
        property?.PropertyType == typeof(string) ? request => property.GetValue(request) as string : _ => null;
}
