namespace Pairing.Documents.Rendering;

/// <summary>A document as the layout engine sees it: a title and blocks in order.</summary>
public sealed record DocumentModel(string Title, IReadOnlyList<Block> Blocks, DocumentInfo Info);

public abstract record Block(string Text);
public sealed record Heading1(string Text) : Block(Text);
public sealed record Paragraph(string Text) : Block(Text);

/// <summary>PDF metadata; CreatedAt is fixed by the caller so that the same input gives the same bytes.</summary>
public sealed record DocumentInfo(string Author, string Subject, string Keywords, DateTime CreatedAt);
