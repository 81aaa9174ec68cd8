using System.Text.Json.Nodes;
using Pairing.Application.Words;
using Pairing.Documents.Rendering;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Documents;

/// <summary>The signing record (签署记录) that closes every agreement document: each journal event that led to the
/// frozen content, with time and actor, the content hash, and a QR code carrying the verification address.</summary>
public static class SigningRecordPage
{
    public static IEnumerable<Block> Blocks(IEnumerable<JournalEntry> journal, WorkflowDefinition definition, string number, int revision,
        string contentHash, string verifyUrl)
    {
        yield return new PageBreak();
        yield return new Heading1("签署记录");
        yield return new Paragraph($"本页记录协议 {number} 第 {revision} 版从起草到定稿的全部流程事件。定稿后各方的数字签名（签章处显示签署人、单位和时间）" +
                                   "和平台封存签名以增量方式附加在本文件中，任何一方的签名都覆盖此前的全部内容，签名后的任何改动都会使签名失效。" +
                                   "各方签署完成后，平台另行签发《签署证书》，列明每个签名的签署人、时间和证书。");
        var rows = journal.OrderBy(e => e.Seq).Select(e => (IReadOnlyList<string>)
        [
            ChineseDates.Time(e.At),
            Describe(e, definition),
            e.ActorName,
            e.Comment ?? "",
        ]).ToList();
        yield return new Table(["时间（北京时间）", "事件", "操作人", "意见"], rows, [4, 5, 4, 5]);
        yield return new Table(["协议内容摘要（SHA-256）"], [[contentHash]], [1]);
        yield return new QrCode(verifyUrl, $"扫描二维码或访问 {verifyUrl} 核验本文件的真实性和完整性；也可运行 pairing verify 核验。");
    }

    private static string Describe(JournalEntry e, WorkflowDefinition definition)
    {
        var action = e.Action is null ? null : definition.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == e.Action)?.Title;
        var to = e.ToState is null ? null : definition.States.FirstOrDefault(s => s.Id == e.ToState)?.Title;
        return e.Kind switch
        {
            "started" => "起草协议",
            "edited" => "修改内容",
            "action" or "signoff" when action is not null => to is not null && e.ToState != e.FromState ? $"{action} → {to}" : action,
            "timer" => $"到期处理{(to is null ? "" : $" → {to}")}",
            _ => WorkflowWords.Journal(e.Kind, e.Action, e.FromState, e.ToState, definition),
        };
    }
}
