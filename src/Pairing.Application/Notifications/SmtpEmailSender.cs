using MailKit.Net.Smtp;
using MailKit.Security;

namespace Pairing.Application.Notifications;

/// <summary>Sends through an SMTP server with MailKit: TLS on connect for port 465, STARTTLS whenever the server
/// offers it otherwise, and authentication when a user is configured. One connection per message keeps it simple;
/// the outbox sends few messages at a time.</summary>
public sealed class SmtpEmailSender(MailSettings settings) : INotificationSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("PAIRING_SMTP_HOST is not set"), settings.SmtpPort, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
        await client.SendAsync(MimeMessages.Of(message, settings.From), ct);
        await client.DisconnectAsync(true, ct);
    }
}
