namespace Pairing.Workflows.Persistence;

/// <summary>A published definition version. Rows are only ever inserted: a published version is immutable.</summary>
public sealed class DefinitionRecord
{
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public string Json { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTime PublishedAt { get; set; }
}
