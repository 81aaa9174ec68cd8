using System.Globalization;
using Pairing.Application.Dashboard;

namespace Pairing.Web.Lists;

/// <summary>Where a dashboard figure leads: the agreement list filtered to exactly the agreements it counts.</summary>
public static class DrillLinks
{
    public static string Agreements(DrillDown d) => new ListLinks("/agreements", []).Url(
        ("city", d.City), ("program", d.Program), ("county", d.County), ("institution", d.Institution), ("role", d.Role),
        ("live", d.Live.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
