using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionTui.IntegrationTests.Notifications;

/// <summary>One request the <see cref="LocalHttpServer"/> received.</summary>
/// <param name="Method">The method, e.g. <c>POST</c>.</param>
/// <param name="Target">The request target, e.g. <c>/hook?x=1</c>.</param>
/// <param name="Headers">The headers, names in lower case.</param>
/// <param name="Body">The body, decoded as UTF-8.</param>
/// <param name="At">When it arrived, on the server's stopwatch.</param>
internal sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body, TimeSpan At);

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port (a <see cref="TcpListener"/> on port 0): it reads each request
/// (headers, then <c>Content-Length</c> bytes), records it, and answers with the status <see cref="Status"/> gives for the
/// request's number (1-based), an empty body and <c>Connection: close</c>.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private int _count;

    public LocalHttpServer(Func<int, int> status)
    {
        Status = status;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The status for the Nth request.</summary>
    public Func<int, int> Status { get; }

    /// <summary>The server's base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The requests so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            int headerEnd;
            while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
            {
                var n = await stream.ReadAsync(chunk, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, n));
            }

            var head = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]).Split("\r\n");
            var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            var length = int.Parse(headers.GetValueOrDefault("content-length", "0"), CultureInfo.InvariantCulture);
            var body = buffer.Skip(headerEnd + 4).ToList();
            while (body.Count < length)
            {
                var n = await stream.ReadAsync(chunk, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                body.AddRange(chunk.AsSpan(0, n));
            }

            var line = head[0].Split(' ');
            var number = Interlocked.Increment(ref _count);
            _requests.Enqueue(new ReceivedRequest(line[0], line[1], headers, Encoding.UTF8.GetString([.. body]), _clock.Elapsed));
            var status = Status(number);
            var reason = status switch { 200 => "OK", 500 => "Internal Server Error", _ => "Status" };
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
        }
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (needle.Select((b, j) => haystack[i + j] == b).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }
}
