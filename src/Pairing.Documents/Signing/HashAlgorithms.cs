using System.Security.Cryptography;

namespace Pairing.Documents.Signing;

/// <summary>The digest algorithms a signature may use, by object identifier. SHA-1 is left out on purpose: collisions
/// are practical (the first published one was a pair of PDFs), so a SHA-1 digest proves nothing about the content.</summary>
internal static class HashAlgorithms
{
    public static HashAlgorithmName? ByOid(string? oid) => oid switch
    {
        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => null,
    };

}
