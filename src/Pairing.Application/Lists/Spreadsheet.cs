using System.Data;
using MiniExcelLibs;

namespace Pairing.Application.Lists;

/// <summary>One sheet of a workbook: Chinese column headers and the rows under them (numbers stay numbers).</summary>
public sealed record SheetData(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Writes lists as .xlsx workbooks (MiniExcel). Every sheet carries its header row even when it has no rows,
/// so an empty export still says what it would hold.</summary>
public static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Xlsx(params SheetData[] sheets)
    {
        var workbook = new Dictionary<string, object>();
        foreach (var sheet in sheets)
        {
            var table = new DataTable(sheet.Name);
            foreach (var column in sheet.Columns) table.Columns.Add(column, typeof(object));
            foreach (var row in sheet.Rows) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
            workbook[sheet.Name] = table;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(workbook);
        return stream.ToArray();
    }

    /// <summary>「协议列表-2026-11-23.xlsx」: what the file holds and the day it was made (or measured on).</summary>
    public static string FileName(string title, DateOnly day, string extension = "xlsx") => $"{title}-{day:yyyy-MM-dd}.{extension}";
}
