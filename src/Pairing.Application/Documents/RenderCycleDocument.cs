using System.Text.Json.Nodes;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Words;
using Pairing.Data;
using Pairing.Documents.Export;
using Pairing.Documents.Fonts;
using Pairing.Documents.Rendering;
using Pairing.Documents.Templates;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Documents;

/// <summary>A semester report or an annual evaluation of an agreement rendered from its template: the cycle's content,
/// its state and the journal of how it was handled.</summary>
public static class RenderCycleDocument
{
    public sealed record Query(string User, string Number, string Cycle, string Format = "pdf") : IRequest<DocumentFile>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, DocumentSettings settings, AgreementDocuments documents)
        : IRequestHandler<Query, DocumentFile>
    {
        private readonly TemplateLibrary _templates = new(settings.TemplatesFolder);

        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var (number, cycle, format) = (request.Number, request.Cycle, request.Format);
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, number, ct);
            var child = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.ParentId == agreement.InstanceId && i.ChildKey!.EndsWith(":" + cycle), ct)
                ?? throw new PairingException(ErrorKind.NotFound, $"协议 {number} 没有周期 {cycle} 的报告或评估", "cycle");
            var definition = await definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
            var context = JsonNode.Parse(child.ContextJson) as JsonObject ?? [];
            var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == child.Id).OrderBy(e => e.Seq).ToListAsync(ct);
            var parent = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
            var parentDefinition = await definitions.GetAsync(parent.DefinitionId, parent.DefinitionVersion, ct);
            var ids = agreement.Parties.Select(p => p.InstitutionId).ToList();
            var institutions = await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            var city = await db.Set<City>().AsNoTracking().FirstAsync(c => c.Code == agreement.CityCode, ct);
            var agreementData = AgreementTemplateData.Build(new(agreement, institutions, new Dictionary<string, string>(), city.Name, parentDefinition, null, "", "", []));

            string Text(string key) => context[key]?.GetValue<string>() ?? "";
            var lastComment = journal.LastOrDefault(e => e.Comment is not null)?.Comment ?? "";
            var data = new Dictionary<string, object?>
            {
                ["number"] = agreement.Number,
                ["title"] = agreement.Title,
                ["program"] = ProgramInfo.Of(parentDefinition)?.Title ?? agreement.Program,
                ["city"] = city.Name,
                ["parties"] = agreementData["parties"],
                ["period"] = Text("periodLabel"),
                ["due"] = DateOnly.TryParse(Text("dueDate"), out var due) ? ChineseDates.Date(due) : Text("dueDate"),
                ["state"] = definition.State(child.State).Title,
                ["summary"] = Text("summary") is { Length: > 0 } s ? s : "（尚未提交）",
                ["indicators"] = Text("indicators") is { Length: > 0 } i ? i : "（尚未提交）",
                ["rating"] = Text("rating") is { Length: > 0 } r ? r : "（尚未评估）",
                ["comment"] = lastComment,
                ["events"] = journal.Select(e => new Dictionary<string, object?>
                {
                    ["time"] = ChineseDates.Time(e.At),
                    ["event"] = WorkflowWords.Journal(e.Kind, e.Action, e.FromState, e.ToState, definition),
                    ["actor"] = e.ActorName,
                    ["comment"] = e.Comment ?? "",
                }).ToList(),
            };
            var kind = definition.Metadata["subject"]?.GetValue<string>() == "evaluation" || child.DefinitionId.Contains("evaluation")
                ? "evaluations/annual-evaluation.hbs" : "reports/semester-report.hbs";
            try
            {
                var (title, blocks) = _templates.Render(kind, data);
                var model = new DocumentModel(title, blocks, new DocumentInfo(string.Join("、", institutions.OrderBy(x => x.Code, StringComparer.Ordinal).Select(x => x.Name)),
                    kind.StartsWith("reports", StringComparison.Ordinal) ? "帮扶工作报告" : "帮扶成效评估", $"结对帮扶,{agreement.Number},{cycle}",
                    child.UpdatedAt, $"{agreement.Number}/{cycle}"));
                var name = $"{agreement.Number}-{cycle}";
                return format == "docx"
                    ? new DocumentFile(DocxComposer.Compose(model), $"{name}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                    : new DocumentFile(documents.Composer.Compose(model), $"{name}.pdf", "application/pdf");
            }
            catch (Exception ex) when (ex is TemplateException or MissingGlyphsException)
            {
                throw new PairingException(ErrorKind.Invalid, $"无法生成文件：{ex.Message}", "document");
            }
        }
    }
}
