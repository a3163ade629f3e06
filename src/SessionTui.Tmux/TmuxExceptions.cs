using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// No tmux server answers on a socket. <see cref="Exception.Message"/> is one plain line naming the socket by
/// <see cref="ServerRef.Label"/>; tmux's own line (tmux 3.3a <c>client.c</c>) is kept in <see cref="TmuxError"/>:
/// <list type="bullet">
/// <item><c>no server running on PATH</c>, <c>error connecting to PATH (No such file or directory)</c> or
/// <c>error connecting to PATH (Connection refused)</c>: nothing listens there; <see cref="NoServer"/> is true and the message is
/// <c>no tmux server on socket LABEL</c>.</item>
/// <item><c>server exited unexpectedly</c>: the server went away during the call; <see cref="NoServer"/> is false and the message
/// is <c>tmux server on socket LABEL exited</c>.</item>
/// <item>any other <c>error connecting to PATH (REASON)</c>, e.g. <c>Permission denied</c>: <see cref="NoServer"/> is false and the
/// message is <c>cannot connect to tmux server on socket LABEL (REASON)</c>.</item>
/// </list>
/// </summary>
public sealed class TmuxServerUnavailableException : Exception
{
    private const string NoServerRunning = "no server running on ";
    private const string ErrorConnecting = "error connecting to ";
    private const string ServerExited = "server exited unexpectedly";

    private static readonly string[] NothingListening = [" (No such file or directory)", " (Connection refused)"];

    /// <summary>Creates the exception from tmux's error line.</summary>
    /// <param name="server">The server that did not answer.</param>
    /// <param name="tmuxError">tmux's one line, as printed on stderr without its newline, e.g.
    /// <c>no server running on /tmp/tmux-0/x</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="tmuxError"/> starts with none of <c>no server running on </c>,
    /// <c>error connecting to </c> and <c>server exited unexpectedly</c>.</exception>
    public TmuxServerUnavailableException(ServerRef server, string tmuxError)
        : base(Describe(server, tmuxError))
    {
        Server = server;
        TmuxError = tmuxError;
        NoServer = IsNothingListening(tmuxError);
    }

    /// <summary>The server that did not answer.</summary>
    public ServerRef Server { get; }

    /// <summary>tmux's own line, e.g. <c>error connecting to /tmp/tmux-1000/default (No such file or directory)</c>.</summary>
    public string TmuxError { get; }

    /// <summary>True when no server runs on the socket (nothing to stop, one can be started there); false when the server exited
    /// during the call or could not be connected to for another reason (see <see cref="TmuxError"/>).</summary>
    public bool NoServer { get; }

    /// <summary>Whether a line tmux printed on stderr says that no server answers on the socket.</summary>
    /// <param name="tmuxError">The first line of tmux's stderr, without its newline.</param>
    internal static bool IsUnavailable(string tmuxError)
    {
        ArgumentNullException.ThrowIfNull(tmuxError);
        return tmuxError.StartsWith(NoServerRunning, StringComparison.Ordinal)
            || tmuxError.StartsWith(ErrorConnecting, StringComparison.Ordinal)
            || tmuxError.StartsWith(ServerExited, StringComparison.Ordinal);
    }

    private static bool IsNothingListening(string tmuxError) =>
        tmuxError.StartsWith(NoServerRunning, StringComparison.Ordinal)
        || (tmuxError.StartsWith(ErrorConnecting, StringComparison.Ordinal)
            && NothingListening.Any(reason => tmuxError.EndsWith(reason, StringComparison.Ordinal)));

    private static string Describe(ServerRef server, string tmuxError)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!IsUnavailable(tmuxError))
        {
            throw new ArgumentException($"not a tmux line about an unavailable server: '{tmuxError}'", nameof(tmuxError));
        }

        if (IsNothingListening(tmuxError))
        {
            return $"no tmux server on socket {server.Label}";
        }

        if (tmuxError.StartsWith(ServerExited, StringComparison.Ordinal))
        {
            return $"tmux server on socket {server.Label} exited";
        }

        var reason = tmuxError.LastIndexOf(" (", StringComparison.Ordinal) is var at and >= 0 && tmuxError.EndsWith(')')
            ? tmuxError[at..]
            : "";
        return $"cannot connect to tmux server on socket {server.Label}{reason}";
    }
}

/// <summary>A tmux command failed; the message is tmux's one-line error, e.g. <c>can't find session: $9</c>.</summary>
public sealed class TmuxCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">tmux's one-line error.</param>
    public TmuxCommandException(string message)
        : base(message)
    {
    }
}
