using MimeKit;

namespace Pairing.Application.Notifications;

/// <summary>The MIME form of an outbox message, the same for every sender: plain UTF-8 text, its outbox id as the
/// Message-Id so a receiver can tell a retried delivery from a new message.</summary>
internal static class MimeMessages
{
    public static MimeMessage Of(EmailMessage message, string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
        mime.MessageId = $"{message.Id:N}@pairing";
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}
