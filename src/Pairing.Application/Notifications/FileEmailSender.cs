using Pairing.Application.Documents;

namespace Pairing.Application.Notifications;

/// <summary>The default channel: each message becomes an .eml file in a folder (open it with any mail program), so
/// a deployment without a mail server still shows exactly what would have been sent.</summary>
public sealed class FileEmailSender(MailSettings settings) : INotificationSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.Folder);
        var local = ChineseDates.Local(message.CreatedAt);
        var path = Path.Combine(settings.Folder, $"{local:yyyyMMdd-HHmmss}-{message.Id:N}.eml");
        // Written under a temporary name and moved, so a reader never sees half a message.
        var partial = path + ".part";
        await MimeMessages.Of(message, settings.From).WriteToAsync(partial, ct);
        File.Move(partial, path, overwrite: true);
    }
}
