using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Pairing.Data;

/// <summary>A list of records stored as one JSON text column: small, read with its row, never queried inside.</summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ValueConverter<List<T>, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, Options),
        s => string.IsNullOrEmpty(s) ? new List<T>() : JsonSerializer.Deserialize<List<T>>(s, Options) ?? new List<T>());

    /// <summary>Records compare by value, so a list with a new element is seen as changed.</summary>
    public static ValueComparer<List<T>> Comparer<T>() => new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x == null ? 0 : x.GetHashCode())),
        v => v.ToList());
}
