using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Notifications;

namespace Pairing.Application.Notifications;

/// <summary>Puts a notification's e-mails in the outbox, inside the transaction that writes the notification: either
/// both are stored or neither, and delivery happens afterwards (<see cref="DeliverEmails"/>), so a slow or broken
/// mail server never holds up or undoes a workflow step.</summary>
public static class EmailOutbox
{
    public static int Enqueue(PairingDbContext db, MailSettings settings, Notification notification, IEnumerable<Account> recipients, string link)
    {
        if (!settings.Enabled) return 0;
        var count = 0;
        foreach (var account in recipients.Where(a => !string.IsNullOrWhiteSpace(a.Email)))
        {
            db.OutgoingEmails.Add(new OutgoingEmail
            {
                Id = Guid.NewGuid(),
                NotificationId = notification.Id,
                UserName = account.UserName,
                To = account.Email!.Trim(),
                Subject = $"【结对帮扶】{Shorten(notification.Text, 80)}",
                Body = $"{account.DisplayName}：\n\n{notification.Text}\n\n查看详情：{settings.PublicUrl}{link}\n\n此邮件由结对帮扶平台自动发送，请勿直接回复。\n",
                CreatedAt = notification.At,
                NextAttemptAt = notification.At,
            });
            count++;
        }
        return count;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
