namespace Pairing.Documents.Layout;

/// <summary>GB/T 9704-2012 page geometry in points: A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm,
/// 22 lines of body text, page number 7 mm below the block.</summary>
public static class PageGeometry
{
    public const double PointsPerMm = 72 / 25.4;
    public const double PageWidth = 210 * PointsPerMm;
    public const double PageHeight = 297 * PointsPerMm;
    public const double Left = 28 * PointsPerMm;
    public const double Top = 37 * PointsPerMm;
    public const double BlockWidth = 156 * PointsPerMm;
    public const double BlockHeight = 225 * PointsPerMm;
    public const double Bottom = Top + BlockHeight;
    public const int LinesPerPage = 22;
    public const double LineHeight = BlockHeight / LinesPerPage;
    public const double PageNumberGap = 7 * PointsPerMm;

    public const double TitleSize = 22;     // 二号
    public const double BodySize = 16;      // 三号
    public const double PageNumberSize = 14; // 四号
    public const double TableSize = 12;     // 小四
}
