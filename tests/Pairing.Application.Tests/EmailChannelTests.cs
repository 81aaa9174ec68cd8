using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Pairing.Application.Agreements;
using Pairing.Application.Notifications;
using Pairing.Data;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The e-mail channel: the file sender writes messages any mail program opens, the SMTP sender speaks to a
/// real (if tiny) SMTP server, and the outbox retries a failing delivery on its schedule, records each failure and
/// gives up after the last attempt without touching the workflow — and never sends one message twice.</summary>
public sealed class EmailChannelTests
{
    private static EmailMessage Sample(string to = "c1@example.org") =>
        new(Guid.NewGuid(), to, "【结对帮扶】协议 441800-TG-2024-001《清远市第一中学托管帮扶连州市第二中学协议》已审批通过",
            "连州市第二中学 经办人：\n\n协议已审批通过，请各方签署人签署。\n\n查看详情：https://pairing.test/notifications/1\n", new DateTime(2025, 3, 1, 2, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task The_file_sender_writes_a_message_a_mail_program_opens()
    {
        var folder = Directory.CreateTempSubdirectory("pairing-mail").FullName;
        try
        {
            var message = Sample();
            await new FileEmailSender(new MailSettings(true, folder, "https://pairing.test")).SendAsync(message, CancellationToken.None);
            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.EndsWith($"20250301-100000-{message.Id:N}.eml", file);
            var mime = await MimeMessage.LoadAsync(file);
            Assert.Equal(message.Subject, mime.Subject);
            Assert.Equal("c1@example.org", Assert.Single(mime.To.Mailboxes).Address);
            Assert.Equal("结对帮扶平台", Assert.Single(mime.From.Mailboxes).Name);
            Assert.Contains("查看详情：https://pairing.test/notifications/1", mime.TextBody);
            Assert.Equal($"{message.Id:N}@pairing", mime.MessageId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_smtp_sender_delivers_through_an_smtp_server_and_reports_its_refusal()
    {
        await using var server = new TinySmtpServer();
        var settings = new MailSettings(true, "unused", "https://pairing.test", "结对帮扶平台 <noreply@pairing.test>", "127.0.0.1", server.Port, "pairing", "s3cret");
        var sender = new SmtpEmailSender(settings);
        var message = Sample();
        await sender.SendAsync(message, CancellationToken.None);

        var received = Assert.Single(server.Messages);
        Assert.Equal("noreply@pairing.test", received.From);
        Assert.Equal(["c1@example.org"], received.To);
        Assert.Equal("\0pairing\0s3cret", Assert.Single(server.Credentials));
        var mime = MimeMessage.Load(new MemoryStream(received.Data));
        Assert.Equal(message.Subject, mime.Subject);
        Assert.Contains("请各方签署人签署", mime.TextBody);

        server.Refuse.Add("nobody@example.org");
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Sample("nobody@example.org"), CancellationToken.None));
        Assert.Contains("mailbox unavailable", refused.Message);
        Assert.Single(server.Messages);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_delivery_is_retried_on_schedule_recorded_and_never_undoes_the_step(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var n = await ReturnedDraftAsync(w);
        // The mail server is down: the return is done anyway, the drafter has the notice in the inbox.
        Assert.Equal("draft", await w.StateAsync(n));
        Assert.Contains(await w.App.Send(new ListNotifications.Query("c1")), x => x.Text.Contains("请补充年度指标"));

        var server = new FlakySender(failures: 2);
        var deliver = Deliverer(w, server);
        Assert.Equal(new DeliverEmails.Result(0, 1, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
        var email = await OnlyEmailAsync(w);
        Assert.Equal(1, email.Attempts);
        Assert.Equal("IOException: 连接邮件服务器失败（第 1 次）", email.LastError);
        Assert.Null(email.SentAt);

        // Not before its delay (one minute), then again; the second failure waits five minutes.
        Assert.Equal(new DeliverEmails.Result(0, 0, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliverEmails.Result(0, 1, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
        w.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(new DeliverEmails.Result(0, 0, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliverEmails.Result(1, 0, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));

        email = await OnlyEmailAsync(w);
        Assert.Equal(3, email.Attempts);
        Assert.NotNull(email.SentAt);
        Assert.Null(email.LastError);
        Assert.Single(server.Delivered);
        Assert.Equal("c1@example.org", server.Delivered[0].To);
        Assert.Equal(new DeliverEmails.Result(0, 0, 0), await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_message_that_keeps_failing_is_given_up_after_the_last_attempt_and_kept_with_its_error(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        await ReturnedDraftAsync(w);
        var deliver = Deliverer(w, new FlakySender(failures: int.MaxValue));
        var results = new List<DeliverEmails.Result>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await deliver.Handle(new DeliverEmails.Command(), CancellationToken.None));
            w.Clock.Advance(TimeSpan.FromHours(7));
        }
        Assert.Equal(MailSettings.MaxAttempts - 1, results.Sum(r => r.Retrying));
        Assert.Equal(1, results.Sum(r => r.Failed));
        Assert.Equal(0, results.Sum(r => r.Sent));
        var email = await OnlyEmailAsync(w);
        Assert.Equal(MailSettings.MaxAttempts, email.Attempts);
        Assert.NotNull(email.FailedAt);
        Assert.Equal($"IOException: 连接邮件服务器失败（第 {MailSettings.MaxAttempts} 次）", email.LastError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_workers_delivering_at_once_send_each_message_once(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        await ReturnedDraftAsync(w, "c1", "c1.sign", "g1", "lz", "qc");
        int expected;
        await using (var db = w.App.Db()) expected = await db.OutgoingEmails.CountAsync();
        Assert.True(expected >= 4, $"only {expected} e-mails");
        var server = new FlakySender(failures: 0, delay: TimeSpan.FromMilliseconds(20));
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Deliverer(w, server).Handle(new DeliverEmails.Command(), CancellationToken.None))));
        Assert.Equal(expected, results.Sum(r => r.Sent));
        Assert.Equal(expected, server.Delivered.Count);
        Assert.Equal(expected, server.Delivered.Select(m => m.Id).Distinct().Count());
    }

    private static DeliverEmails.Handler Deliverer(ProgramWorld w, INotificationSender sender) =>
        new(w.App.Get<PairingDatabase>(), sender, w.Clock);

    /// <summary>Drafts, submits and has 连州 return a trusteeship agreement, with e-mail addresses for the given users.</summary>
    private static async Task<string> ReturnedDraftAsync(ProgramWorld w, params string[] withEmail)
    {
        await using (var db = w.App.Db())
        {
            var users = withEmail.Length == 0 ? ["c1"] : withEmail;
            foreach (var account in await db.Accounts.Where(a => users.Contains(a.UserName)).ToListAsync()) account.Email = $"{account.UserName}@example.org";
            await db.SaveChangesAsync();
        }
        var draft = await w.DraftAsync("c1", Programs.CountyTrusteeship, "清远市第一中学托管帮扶连州市第二中学协议",
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C1", "supported", "c1.sign"));
        await w.App.Send(new UpdateAgreement.Command("c1", draft.Number, new AgreementChanges(Goals: "三年内本科上线率提高 10 个百分点"), null));
        await w.ActAsync("c1", draft.Number, "submit");
        await w.ActAsync("lz", draft.Number, "return", comment: "请补充年度指标");
        return draft.Number;
    }

    private static async Task<Domain.Notifications.OutgoingEmail> OnlyEmailAsync(ProgramWorld w)
    {
        await using var db = w.App.Db();
        return await db.OutgoingEmails.AsNoTracking().SingleAsync();
    }

    /// <summary>A mail server that refuses the first N deliveries, then accepts (after a short delay, to let two workers
    /// overlap).</summary>
    private sealed class FlakySender(int failures, TimeSpan delay = default) : INotificationSender
    {
        private int _attempts;

        public List<EmailMessage> Delivered { get; } = [];

        public async Task SendAsync(EmailMessage message, CancellationToken ct)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
            if (attempt <= failures) throw new IOException($"连接邮件服务器失败（第 {attempt} 次）");
            lock (Delivered) Delivered.Add(message);
        }
    }
}
