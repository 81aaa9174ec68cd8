namespace Pairing.Workflows.Definitions;

/// <summary>One problem in a definition file, located by file and JSON path.</summary>
public sealed record DefinitionError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
