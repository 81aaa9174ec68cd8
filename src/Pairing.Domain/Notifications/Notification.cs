namespace Pairing.Domain.Notifications;

/// <summary>A message for the inbox of everyone in a scope with one of the roles (approvals, signatures, reminders,
/// returns). Each reader's read state is a <see cref="NotificationRead"/>.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public string Key { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string Scope { get; set; } = "";
    public string Roles { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime At { get; set; }
    /// <summary>For a reminder: the first instant after the deadline it speaks of, and how it reads once that has
    /// passed, so an old reminder never says "将于…截止".</summary>
    public DateTime? DueAt { get; set; }
    public string? TextAfterDue { get; set; }
}

/// <summary>That one account has read one notification, and when.</summary>
public sealed class NotificationRead
{
    public Guid NotificationId { get; set; }
    public string UserName { get; set; } = "";
    public DateTime ReadAt { get; set; }
}
