using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pairing.Web.Hosting;

/// <summary>Behind a reverse proxy every connection comes from the proxy. PAIRING_TRUSTED_PROXIES lists the proxies'
/// addresses (comma separated); from those, and only those, X-Forwarded-For and X-Forwarded-Proto are believed, so the
/// request logs and the per-address rate limits see the client. Without the setting the headers are ignored: anyone
/// could otherwise claim any address.</summary>
public static class TrustedProxies
{
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        if (configuration["PAIRING_TRUSTED_PROXIES"] is not { Length: > 0 } listed) return null;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var item in listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(item, out var address))
                throw new InvalidOperationException($"PAIRING_TRUSTED_PROXIES：「{item}」不是 IP 地址");
            options.KnownProxies.Add(address);
        }
        return options;
    }
}
