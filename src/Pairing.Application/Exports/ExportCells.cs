using System.Globalization;
using Pairing.Application.Documents;
using Pairing.Application.Lists;

namespace Pairing.Application.Exports;

/// <summary>How exported cells read: dates as yyyy-MM-dd, yes/no in Chinese; and the file every export returns.</summary>
public static class ExportCells
{
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? day) => day is { } d ? Date(d) : null;

    public static string YesNo(bool value) => value ? "是" : "否";

    public static DocumentFile File(string title, DateOnly day, params SheetData[] sheets) =>
        new(Spreadsheet.Xlsx(sheets), Spreadsheet.FileName(title, day), Spreadsheet.ContentType);
}
