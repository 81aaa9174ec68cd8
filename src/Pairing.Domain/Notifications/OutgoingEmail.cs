namespace Pairing.Domain.Notifications;

/// <summary>An e-mail waiting in the outbox. It is written in the same transaction as the notification it carries
/// and delivered afterwards, with retries; a delivery that keeps failing is kept with its last error.</summary>
public sealed class OutgoingEmail
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    public string UserName { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A worker that claimed the message holds it until then, so two processes never send it twice at once.</summary>
    public DateTime? LockedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Set when the last allowed attempt failed; the message is not tried again.</summary>
    public DateTime? FailedAt { get; set; }
    public string? LastError { get; set; }
}
