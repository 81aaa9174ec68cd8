using Microsoft.AspNetCore.Http.Metadata;

namespace Pairing.Web.Api;

/// <summary>The most a request to one endpoint (page or API route) may carry and how to say so: the server enforces the
/// size (it reads <see cref="IRequestSizeLimitMetadata"/>), and <see cref="RequestErrors"/> answers a larger request with
/// 413 naming the field and this limit in words.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class BodyLimitAttribute(long bytes, string name, string limit) : Attribute, IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;

    /// <summary>The request field the limit is about (file, evidence, body).</summary>
    public string Field => name;

    /// <summary>The limit as a user reads it, e.g. "文件不能超过 50 MB".</summary>
    public string Limit => limit;
}
