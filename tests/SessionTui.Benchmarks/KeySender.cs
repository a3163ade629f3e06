using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>
/// Types keys into the wall's pane as if from the terminal: one long-lived control-mode client of the outer server
/// (<c>tmux -C attach-session -f ignore-size,no-output</c>, so the wall's 200x50 size stays) takes <c>send-keys</c> lines on
/// stdin, so a key costs one line written to a pipe (about 0.1 ms in the server) instead of spawning a tmux client (3 to 10 ms).
/// </summary>
internal sealed class KeySender : IDisposable
{
    private readonly Process _client;
    private readonly string _pane;
    private readonly Task _drain;
    private int _errors;

    private KeySender(Process client, string pane)
    {
        _client = client;
        _pane = pane;
        _drain = Task.Run(Drain);
    }

    /// <summary>Replies of the server that were <c>%error</c> (a key that did not reach the pane).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Attaches the client to <paramref name="session"/> of <paramref name="server"/>.</summary>
    /// <exception cref="InvalidOperationException">tmux did not start.</exception>
    public static KeySender Start(TmuxFixture server, string session, string pane)
    {
        var start = Processes.Describe("tmux", server.ControlClientArgs(session), new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null });
        var client = Process.Start(start) ?? throw new InvalidOperationException("tmux -C did not start");
        return new KeySender(client, pane);
    }

    /// <summary>Sends one key (a tmux key name such as <c>Right</c>) and returns the Stopwatch ticks taken just before the
    /// command line was written.</summary>
    public long Send(string key)
    {
        var at = Stopwatch.GetTimestamp();
        _client.StandardInput.Write($"send-keys -t {_pane} {key}\n");
        _client.StandardInput.Flush();
        return at;
    }

    /// <summary>Detaches (closes stdin) and waits for the client to exit; kills it after two seconds.</summary>
    public void Dispose()
    {
        try
        {
            _client.StandardInput.Close();
            if (!_client.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                _client.Kill();
            }

            _drain.Wait(TimeSpan.FromSeconds(2));
        }
        finally
        {
            _client.Dispose();
        }
    }

    private async Task Drain()
    {
        while (await _client.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("%error", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
