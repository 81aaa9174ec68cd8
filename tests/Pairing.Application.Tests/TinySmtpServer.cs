using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pairing.Application.Tests;

/// <summary>Just enough of an SMTP server (RFC 5321: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) on a loopback port to
/// receive what the SMTP sender sends, so the test sees the envelope, the credentials and the message as a real server
/// would. A recipient listed in <see cref="Refuse"/> is answered 550, as a server refuses an unknown mailbox.</summary>
public sealed class TinySmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TinySmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public HashSet<string> Refuse { get; } = [];
    public List<Received> Messages { get; } = [];
    public List<string> Credentials { get; } = [];

    public sealed record Received(string From, IReadOnlyList<string> To, byte[] Data);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            using (client) await ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        async Task Say(string line) => await stream.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n"));
        await Say("220 tiny ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Say("250-tiny");
                    await Say("250 AUTH PLAIN");
                    break;
                case "HELO" or "RSET" or "NOOP":
                    await Say("250 ok");
                    break;
                case "AUTH":
                    var initial = line.Split(' ') is [_, _, var given] ? given : null;
                    if (initial is null)
                    {
                        await Say("334 ");
                        initial = await reader.ReadLineAsync() ?? "";
                    }
                    Credentials.Add(Encoding.UTF8.GetString(Convert.FromBase64String(initial)));
                    await Say("235 2.7.0 authenticated");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await Say("250 ok");
                    break;
                case "RCPT":
                    var recipient = Address(line);
                    if (Refuse.Contains(recipient)) { await Say("550 5.1.1 mailbox unavailable"); break; }
                    to.Add(recipient);
                    await Say("250 ok");
                    break;
                case "DATA":
                    await Say("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } body && body != ".")
                        data.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append("\r\n");
                    lock (Messages) Messages.Add(new Received(from, [.. to], Encoding.Latin1.GetBytes(data.ToString())));
                    await Say("250 2.0.0 queued");
                    break;
                case "QUIT":
                    await Say("221 bye");
                    return;
                default:
                    await Say("502 5.5.2 not implemented");
                    break;
            }
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
