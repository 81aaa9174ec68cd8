using MediatR;
using Pairing.Application.Agreements;

namespace Pairing.Web.Api;

/// <summary>Body of POST /notifications/read: the notifications to mark, or all of the caller's.</summary>
public sealed record MarkReadRequest(List<Guid>? Ids = null, bool All = false);

/// <summary>/api/v1/notifications: the caller's own notifications with their read state, and marking them read. Only
/// notifications addressed to the caller are listed or marked; another's id is 404.</summary>
public static class NotificationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/notifications", List)
            .WithSummary("通知，分页（新的在前；每条带 unread；unread=true 只列未读；page、size）");
        api.MapPost("/notifications/read", MarkRead)
            .WithSummary("标为已读：{\"ids\":[…]} 或 {\"all\":true}；答复标记的条数和剩余未读数").Accepts<MarkReadRequest>("application/json")
            .WithMetadata(JsonBody.BodyLimit);
    }

    private static Task<IResult> List(HttpContext c, IMediator m, string? unread, string? page, string? size) => Guarded.Run(async () =>
    {
        if (unread is not (null or "" or "true" or "false" or "1" or "0"))
            return Problems.Invalid("unread", $"「{unread}」无效，应为 true 或 false");
        var (paging, badPage) = ApiPaging.Read(page, size);
        return badPage ?? Results.Ok(ApiPaging.Slice(
            await m.Send(new ListNotifications.Query(CurrentAccount.UserName(c.User), unread is "true" or "1"), c.RequestAborted), paging!));
    });

    private static Task<IResult> MarkRead(HttpContext c, IMediator m) => Guarded.Run(async () =>
    {
        var (body, problem) = await JsonBody.ReadAsync<MarkReadRequest>(c.Request);
        if (problem is not null) return problem;
        return Results.Ok(await m.Send(new MarkNotificationsRead.Command(CurrentAccount.UserName(c.User), body!.Ids ?? [], body.All), c.RequestAborted));
    });
}
