using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Documents.Export;
using Pairing.Documents.Fonts;
using Pairing.Documents.Templates;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Documents;

/// <summary>An agreement's document for someone allowed to see it: the stored (signed) PDF of a revision, a preview of
/// the current draft with its 草稿 watermark when nothing is frozen yet, a Word export of either (format docx), or the
/// signing certificate (format certificate).</summary>
public static class ExportAgreementDocument
{
    public sealed record Query(string User, string Number, string Format = "pdf", int? Revision = null) : IRequest<DocumentFile>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, AgreementDocuments documents) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var (number, format) = (request.Number, request.Format);
            if (format is not ("pdf" or "docx" or "certificate"))
                throw new PairingException(ErrorKind.Invalid, $"格式 {format} 不支持（可选：pdf、docx、certificate）", "format");
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, number, ct);
            var revisions = db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id);
            var frozen = request.Revision is int n
                ? await revisions.FirstOrDefaultAsync(r => r.Number == n, ct) ?? throw new PairingException(ErrorKind.NotFound, $"协议 {number} 没有第 {n} 版", "revision")
                : await revisions.OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
            var name = frozen is null ? $"{number}-草稿" : $"{number}-第{frozen.Number}版";
            if (frozen is not null && format is "pdf" or "certificate")
            {
                var kind = format == "certificate" ? DocumentKind.Certificate : DocumentKind.Agreement;
                var stored = await db.AgreementDocuments.AsNoTracking()
                    .FirstOrDefaultAsync(d => d.AgreementId == agreement.Id && d.Revision == frozen.Number && d.Kind == kind, ct);
                if (stored is not null)
                    return new DocumentFile(stored.Pdf, format == "certificate" ? $"{name}-签署证书.pdf" : $"{name}.pdf", "application/pdf");
            }
            if (format == "certificate")
                throw new PairingException(ErrorKind.NotFound, $"协议 {number} {(frozen is null ? "尚未定稿" : $"第 {frozen.Number} 版尚未签署完成")}，还没有签署证书", "format");

            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
            var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
            var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance.Id && (frozen == null || e.At <= frozen.FrozenAt))
                .OrderBy(e => e.Seq).ToListAsync(ct);
            try
            {
                var model = await documents.ModelAsync(db, agreement, definition, frozen, journal, ct);
                return format == "docx"
                    ? new DocumentFile(DocxComposer.Compose(model), $"{name}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                    : new DocumentFile(documents.Composer.Compose(model), $"{name}.pdf", "application/pdf");
            }
            catch (Exception ex) when (ex is TemplateException or MissingGlyphsException)
            {
                throw new PairingException(ErrorKind.Invalid, $"无法生成协议文件：{ex.Message}", "document");
            }
        }
    }
}
