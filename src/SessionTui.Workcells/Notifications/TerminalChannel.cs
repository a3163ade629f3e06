using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Notifications;

/// <summary>Where the terminal channel's terminal is: a tmux pane or not.</summary>
/// <param name="InsideTmux">Whether the terminal is a tmux pane (<c>$TMUX</c> set): sequences are wrapped for passthrough.</param>
/// <param name="Server">That tmux server (the socket of <c>$TMUX</c>), to turn passthrough on; null when unknown.</param>
/// <param name="PaneId">That pane (<c>$TMUX_PANE</c>, <c>%N</c>); null when unknown.</param>
public sealed record TerminalHost(bool InsideTmux, ServerRef? Server, string? PaneId)
{
    /// <summary>A terminal that is not a tmux pane.</summary>
    public static TerminalHost Plain { get; } = new(false, null, null);

    /// <summary>Reads <c>$TMUX</c> (<c>socket_path,server_pid,session_index</c>, tmux(1) ENVIRONMENT) and <c>$TMUX_PANE</c>.</summary>
    /// <param name="getEnv">Reads an environment variable; null when unset.</param>
    public static TerminalHost FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var tmux = getEnv("TMUX");
        if (string.IsNullOrEmpty(tmux))
        {
            return Plain;
        }

        var last = tmux.LastIndexOf(',');
        var secondLast = last > 0 ? tmux.LastIndexOf(',', last - 1) : -1;
        var socket = secondLast > 0 ? tmux[..secondLast] : null;
        var pane = getEnv("TMUX_PANE");
        return new TerminalHost(
            true,
            socket is null ? null : TmuxServers.FromSocketPath(socket),
            pane is { Length: > 1 } && pane[0] == '%' && !pane.AsSpan(1).ContainsAnyExceptInRange('0', '9') ? pane : null);
    }
}

/// <summary>
/// The <c>terminal</c> channel: writes <see cref="TerminalNotification.Bytes"/> to the terminal the wall or <c>watch</c> runs
/// in, so the terminal (also one at the far end of SSH) shows a desktop notification. Inside tmux it first turns on
/// <c>allow-passthrough</c> for its own pane (<see cref="TmuxClient.AllowPassthroughAsync"/>; once; a failure is logged and the
/// bytes are written anyway, since the option may be on already).
/// </summary>
public sealed class TerminalChannel : INotificationChannel
{
    private readonly TerminalOptions _options;
    private readonly Stream? _output;
    private readonly TerminalHost _host;
    private readonly TmuxClient? _tmux;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _write = new(1, 1);
    private bool _passthroughTried;

    /// <summary>Creates the channel.</summary>
    /// <param name="options">Which sequences, and the bell.</param>
    /// <param name="output">The terminal; writes are serialized here, but the caller must keep others from writing between the
    /// bytes of one of its own sequences (the wall passes a stream that writes between frames). Null when there is no
    /// terminal: every send then fails with <see cref="ChannelUnavailableException"/>.</param>
    /// <param name="host">Whether the terminal is a tmux pane, and which.</param>
    /// <param name="tmux">Turns passthrough on; null to leave the pane's options alone.</param>
    /// <param name="log">Receives the line about a failed passthrough setting.</param>
    public TerminalChannel(TerminalOptions options, Stream? output, TerminalHost host, TmuxClient? tmux, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(log);
        _options = options;
        _output = output;
        _host = host;
        _tmux = tmux;
        _log = log;
    }

    /// <inheritdoc />
    public string Name => "terminal";

    /// <inheritdoc />
    public async Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        if (_output is null)
        {
            throw new ChannelUnavailableException("no terminal to write to (no controlling terminal)");
        }

        var bytes = TerminalNotification.Bytes(e, _options, _host.InsideTmux);
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await AllowPassthroughOnceAsync(ct).ConfigureAwait(false);
            await _output.WriteAsync(bytes, ct).ConfigureAwait(false);
            await _output.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task AllowPassthroughOnceAsync(CancellationToken ct)
    {
        if (_passthroughTried || !_host.InsideTmux || _tmux is null || _host.Server is null || _host.PaneId is null)
        {
            return;
        }

        _passthroughTried = true;
        try
        {
            await _tmux.AllowPassthroughAsync(_host.Server, _host.PaneId, ct).ConfigureAwait(false);
        }
        catch (Exception x) when (x is TmuxCommandException or TmuxServerUnavailableException or ExecutableNotFoundException or TimeoutException)
        {
            _log($"notify: terminal: could not turn on allow-passthrough for pane {_host.PaneId}: {OneLine.Of(x)}; notifications reach the terminal outside tmux only if it is on");
        }
    }
}
