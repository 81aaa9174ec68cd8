namespace Pairing.Documents.Rendering;

/// <summary>A document as the layout engine sees it: a title and blocks in order.</summary>
public sealed record DocumentModel(string Title, IReadOnlyList<Block> Blocks, DocumentInfo Info);

public abstract record Block;

/// <summary>Level-1 heading (一、…), drawn in the sans (黑体) face.</summary>
public sealed record Heading1(string Text) : Block;

/// <summary>Level-2 heading (（一）…), drawn in the Kai (楷体) face.</summary>
public sealed record Heading2(string Text) : Block;

/// <summary>A justified body paragraph with a two-character first-line indent.</summary>
public sealed record Paragraph(string Text) : Block;

/// <summary>A numbered clause: its label (第一条) followed by its text, laid out as a paragraph.</summary>
public sealed record Clause(string Label, string Text) : Block;

/// <summary>A bordered table. Widths are fractions of the text block; the header row repeats on every page the table
/// reaches, and a row taller than a page continues on the next.</summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double> Widths) : Block;

/// <summary>Where each party signs: role, institution, signatory, and a field that the party's digital signature fills
/// with its visible stamp. A row of two parties is never split across pages.</summary>
public sealed record SignatureBlock(IReadOnlyList<SignatureParty> Parties) : Block;

/// <summary>Key names the party's signature field (its institution code), so signing can find where to put the stamp.</summary>
public sealed record SignatureParty(string Role, string Institution, string? Signatory, string? Key = null);

/// <summary>Starts the next block on a new page.</summary>
public sealed record PageBreak : Block;

/// <summary>A QR code carrying a verification reference, with a caption beside it.</summary>
public sealed record QrCode(string Payload, string Caption) : Block;

/// <summary>PDF metadata; CreatedAt is fixed by the caller so that the same input gives the same bytes. Reference is
/// the verification reference (agreement number and revision) recorded in the file's information dictionary.
/// Watermark, when set (草稿), is drawn across every page behind the text.</summary>
public sealed record DocumentInfo(string Author, string Subject, string Keywords, DateTime CreatedAt, string? Reference = null,
    string? Watermark = null);

/// <summary>A PDF and where its signature fields are.</summary>
public sealed record ComposedPdf(byte[] Pdf, IReadOnlyList<SignatureFieldPlace> Fields);

/// <summary>A signature field: the party key, page (0-based) and rectangle in PDF points from the bottom-left corner.</summary>
public sealed record SignatureFieldPlace(string Key, int Page, double Left, double Bottom, double Width, double Height);
