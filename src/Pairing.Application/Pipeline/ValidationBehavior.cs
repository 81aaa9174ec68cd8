using FluentValidation;
using MediatR;
using Pairing.Application.Errors;

namespace Pairing.Application.Pipeline;

/// <summary>Runs a request's validators (FluentValidation, declared in the use case's file) before its handler; the
/// first failure becomes an Invalid error naming the field, and nothing is touched.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            if (result.Errors.FirstOrDefault() is { } failure)
                throw new PairingException(ErrorKind.Invalid, failure.ErrorMessage, FieldOf(failure.PropertyName));
        }
        return await next();
    }

    /// <summary>"Draft.Title" names the request's Draft.Title: users know it as "title".</summary>
    private static string FieldOf(string property)
    {
        var last = property.Split('.')[^1];
        return last.Length == 0 ? property : char.ToLowerInvariant(last[0]) + last[1..];
    }
}
