using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Stores a report's or an evaluation's typed indicators as values (numbers as numbers) in the step that
/// submits them, replacing what an earlier submission of the same cycle stored. With "accepted": true it marks the
/// cycle's values as accepted (the bureau accepted the report, or entered them itself); only accepted values count
/// toward targets.</summary>
public sealed class RecordIndicatorsEffect : IEffect
{
    /// <summary>The context field a report's indicator definitions are handed down in (see the lifecycles' "with").</summary>
    public const string SpecsField = "indicatorSpecs";

    public string Name => "record-indicators";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var fields = context.Context ?? JsonNode.Parse(context.Instance.ContextJson) as JsonObject ?? [];
        var accepted = context.Params["accepted"] is JsonValue v && v.TryGetValue<bool>(out var a) && a;
        var db = context.Db();
        var rows = await db.Set<IndicatorValue>().Where(x => x.InstanceId == context.Instance.Id).ToListAsync(ct);
        var specs = InputDefinition.ListFrom(fields[SpecsField]);
        if (specs.Count == 0 && rows.Count == 0) return;
        var agreement = Guid.Parse(context.Instance.SubjectId);
        foreach (var spec in specs)
        {
            var text = fields[spec.Name]?.ToString();
            var row = rows.FirstOrDefault(r => r.Name == spec.Name);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (row is not null) db.Remove(row);
                continue;
            }
            if (row is null)
            {
                row = new IndicatorValue { Id = Guid.NewGuid(), AgreementId = agreement, InstanceId = context.Instance.Id, Name = spec.Name };
                db.Add(row);
            }
            row.Workflow = context.Definition.Id;
            row.Cycle = fields["periodKey"]?.ToString() ?? "";
            row.PeriodStart = Date(fields["periodStart"]);
            row.PeriodEnd = Date(fields["periodEnd"]);
            row.Title = spec.Title;
            row.Type = spec.Type;
            row.Unit = spec.Unit;
            row.Number = spec.IsNumeric && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
            row.Text = spec.IsNumeric ? null : text;
            row.Accepted = accepted;
            row.UpdatedAt = context.Now;
        }
        foreach (var row in rows.Where(r => specs.All(s => s.Name != r.Name))) row.Accepted = accepted;
    }

    private static DateOnly Date(JsonNode? node) =>
        DateOnly.TryParseExact(node?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;
}
