using MediatR;
using Pairing.Application.Errors;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Pipeline;

/// <summary>Whatever the engine refuses leaves a use case as the application's own error, so no host depends on the
/// engine's exception types.</summary>
public sealed class EngineErrorBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (WorkflowException ex)
        {
            throw PairingException.From(ex);
        }
        catch (InvalidDefinitionException ex)
        {
            throw new PairingException(ErrorKind.Invalid, ex.Message, ex.Errors.Count > 0 ? ex.Errors[0].Path : null);
        }
    }
}
