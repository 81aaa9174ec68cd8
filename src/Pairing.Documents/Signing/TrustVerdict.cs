namespace Pairing.Documents.Signing;

/// <summary>Whether a signature's certificate is one to believe, and why (in Chinese, for the reader).</summary>
public sealed record TrustVerdict(bool Trusted, string Reason);
