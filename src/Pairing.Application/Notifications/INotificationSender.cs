namespace Pairing.Application.Notifications;

/// <summary>One e-mail as the outbox hands it to a sender.</summary>
public sealed record EmailMessage(Guid Id, string To, string Subject, string Body, DateTime CreatedAt);

/// <summary>Delivers one e-mail or throws. Retrying and recording failures is the outbox's job, not the sender's.</summary>
public interface INotificationSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}
