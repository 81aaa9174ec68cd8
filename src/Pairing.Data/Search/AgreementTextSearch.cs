using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;

namespace Pairing.Data.Search;

/// <summary>Agreements whose number or title contains the text, exactly as typed (case included), found through an
/// index: SQLite's trigram full-text table (agreements_fts, kept by triggers), PostgreSQL's trigram indexes under
/// LIKE. A trigram index needs three characters; shorter text is compared row by row after the other filters.</summary>
public static class AgreementTextSearch
{
    public const int IndexedFrom = 3;

    public static IQueryable<Agreement> Containing(IQueryable<Agreement> query, PairingDbContext db, DatabaseProvider provider, string text)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var pattern = "%" + EscapeLike(text) + "%";
            return query.Where(a => EF.Functions.Like(a.Title, pattern, "\\") || EF.Functions.Like(a.Number, pattern, "\\"));
        }
        if (text.EnumerateRunes().Count() < IndexedFrom) return query.Where(a => a.Title.Contains(text) || a.Number.Contains(text));
        // One phrase: within a column, the text's trigrams in a row, which is a substring match.
        var phrase = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var ids = db.Database.SqlQuery<Guid>(
            $"""SELECT r."Id" AS "Value" FROM agreements_fts f JOIN agreements_fts_rows r ON r."FtsRowid" = f.rowid WHERE agreements_fts MATCH {phrase}""");
        return query.Where(a => ids.Contains(a.Id));
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
