using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Plugins;

/// <summary>Leaves a message for everyone in a scope slot with one of the roles. It runs after the step commits, like
/// any outside delivery would; the key makes a retry write nothing twice. Text may use {title}, {number},
/// {periodLabel} and {dueDate}.</summary>
public sealed class NotifyEffect : IEffect
{
    public string Name => "notify";
    public IReadOnlyList<string> RequiredParams => ["scope", "roles", "text"];
    public bool AfterCommit => true;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        if (await context.Db().Set<Notification>().AnyAsync(n => n.Key.StartsWith(context.Key), ct)) return;
        // Report cycles share their agreement's subject id.
        var subjectId = Guid.TryParse(context.Instance.SubjectId, out var g) ? g : Guid.Empty;
        var agreement = await context.Db().Set<Agreement>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == subjectId, ct);
        var fields = JsonNode.Parse(context.Instance.ContextJson) as JsonObject ?? new JsonObject();
        var text = context.Params["text"]!.GetValue<string>()
            .Replace("{title}", agreement?.Title ?? "")
            .Replace("{number}", agreement?.Number ?? "")
            .Replace("{periodLabel}", fields["periodLabel"]?.GetValue<string>() ?? "")
            .Replace("{dueDate}", fields["dueDate"]?.GetValue<string>() ?? "");
        var roles = string.Join(',', JsonParams.Strings(context.Params, "roles"));
        var scopes = InstanceScopes.Slot(InstanceScopes.Parse(context.Instance.ScopesJson), context.Params["scope"]!.GetValue<string>());
        foreach (var scope in scopes)
            context.Db().Set<Notification>().Add(new Notification
            {
                Id = Guid.NewGuid(),
                Key = $"{context.Key}/{scope}",
                InstanceId = context.Instance.Id,
                Scope = scope,
                Roles = roles,
                Text = text,
                At = context.Now,
            });
    }
}
