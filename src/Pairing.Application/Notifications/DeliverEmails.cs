using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Domain.Notifications;

namespace Pairing.Application.Notifications;

/// <summary>Sends what waits in the e-mail outbox. Each message is claimed first (a conditional update, so two
/// processes never send one message at the same time), then handed to the configured sender. A failure is recorded
/// on the message with its error and tried again after a growing delay (1 min, 5 min, 30 min, 2 h, 6 h); after the
/// last attempt the message is marked failed and kept. Nothing here touches the workflow.</summary>
public static class DeliverEmails
{
    public sealed record Command(int Max = 50) : IRequest<Result>;

    public sealed record Result(int Sent, int Retrying, int Failed);

    public sealed class Handler(PairingDatabase database, INotificationSender sender, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        /// <summary>Long enough for one SMTP exchange (its timeout is 30 s), short enough that a message held by a
        /// killed process goes out again within two minutes.</summary>
        private static readonly TimeSpan Lease = TimeSpan.FromSeconds(90);

        public async Task<Result> Handle(Command request, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = database.Create();
            var due = await db.OutgoingEmails.AsNoTracking()
                .Where(e => e.SentAt == null && e.FailedAt == null && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
                .OrderBy(e => e.NextAttemptAt).Take(request.Max).ToListAsync(ct);
            int sent = 0, retrying = 0, failed = 0;
            foreach (var email in due)
            {
                var claimed = await db.OutgoingEmails
                    .Where(e => e.Id == email.Id && e.SentAt == null && e.FailedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntil, now + Lease), ct);
                if (claimed == 0) continue;
                string? error = null;
                try
                {
                    await sender.SendAsync(new EmailMessage(email.Id, email.To, email.Subject, email.Body, email.CreatedAt), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    error = $"{ex.GetType().Name}: {ex.Message}";
                }
                var attempts = email.Attempts + 1;
                var after = clock.GetUtcNow().UtcDateTime;
                if (error is null)
                {
                    await Update(db, email.Id, attempts, null, after, null, email.NextAttemptAt, ct);
                    sent++;
                }
                else if (attempts >= MailSettings.MaxAttempts)
                {
                    await Update(db, email.Id, attempts, error, null, after, email.NextAttemptAt, ct);
                    failed++;
                }
                else
                {
                    await Update(db, email.Id, attempts, error, null, null, after + MailSettings.RetryDelays[attempts - 1], ct);
                    retrying++;
                }
            }
            return new Result(sent, retrying, failed);
        }

        private static Task<int> Update(PairingDbContext db, Guid id, int attempts, string? error, DateTime? sentAt, DateTime? failedAt,
            DateTime nextAttemptAt, CancellationToken ct)
        {
            var stored = error is { Length: > 2000 } ? error[..2000] : error;
            return db.OutgoingEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.LastError, stored)
                .SetProperty(e => e.SentAt, sentAt)
                .SetProperty(e => e.FailedAt, failedAt)
                .SetProperty(e => e.NextAttemptAt, nextAttemptAt)
                .SetProperty(e => e.LockedUntil, (DateTime?)null), ct);
        }
    }
}
