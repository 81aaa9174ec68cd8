using System.Collections;

namespace Pairing.Application.Pipeline;

/// <summary>Named values for a logging scope. Structured formatters (JSON) write each as a property; text formatters
/// print ToString(), "Actor=qy.c01 Agreement=441800-TG-2024-001". Values that are absent are left out.</summary>
public sealed class LogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Actor = "Actor";
    public const string Agreement = "Agreement";
    public const string UseCase = "UseCase";

    private readonly List<KeyValuePair<string, object?>> _values;

    public LogScope(params (string Key, string? Value)[] values) =>
        _values = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)).ToList();

    public bool IsEmpty => _values.Count == 0;

    public int Count => _values.Count;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(" ", _values.Select(v => $"{v.Key}={v.Value}"));
}
