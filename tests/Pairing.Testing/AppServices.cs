using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Data;

namespace Pairing.Testing;

/// <summary>The composed application as a test drives it: use cases through the mediator (as the hosts do), the
/// database for assertions and for tampering as an attacker with write access would, and a service when a test needs
/// one (the signing keys).</summary>
public sealed class AppServices(IServiceProvider services)
{
    public Task<T> Send<T>(IRequest<T> request) => services.GetRequiredService<IMediator>().Send(request);

    public PairingDbContext Db() => services.GetRequiredService<PairingDatabase>().Create();

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();
}
