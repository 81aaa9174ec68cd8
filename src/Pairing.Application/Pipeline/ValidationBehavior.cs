using FluentValidation;
using MediatR;
using Pairing.Application.Errors;
using Pairing.Application.Validation;

namespace Pairing.Application.Pipeline;

/// <summary>Checks every string of a request for characters no text may hold (<see cref="RequestText"/>), then runs
/// its validators (FluentValidation, declared in the use case's file) before its handler; the first failure becomes an
/// Invalid error naming the field, and nothing is touched.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not null && RequestText.FirstProblem(request) is ({ } field, { } message))
            throw new PairingException(ErrorKind.Invalid, message, field);
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            if (result.Errors.FirstOrDefault() is { } failure)
                throw new PairingException(ErrorKind.Invalid, failure.ErrorMessage, FieldOf(failure.PropertyName));
        }
        return await next();
    }

    /// <summary>"Draft.Title" names the request's Draft.Title: users know it as "title"; "Draft.Parties[1].Role" as
    /// "parties[1].role". The request's own wrapper is not part of what a client sent.</summary>
    private static string FieldOf(string property)
    {
        var parts = property.Split('.');
        return string.Join('.', (parts.Length > 1 ? parts[1..] : parts).Where(p => p.Length > 0).Select(p => char.ToLowerInvariant(p[0]) + p[1..]));
    }
}
