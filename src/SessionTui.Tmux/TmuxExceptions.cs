using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// No tmux server answers on a socket: none runs there (<c>no server running on PATH</c>), the socket cannot be reached
/// (<c>error connecting to PATH (No such file or directory)</c>), or the server died during the call
/// (<c>server exited unexpectedly</c>).
/// </summary>
public sealed class TmuxServerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="server">The server that did not answer.</param>
    /// <param name="message">One line, tmux's own, e.g. <c>no server running on /tmp/tmux-0/x</c>.</param>
    public TmuxServerUnavailableException(ServerRef server, string message)
        : base(message)
    {
        Server = server;
    }

    /// <summary>The server that did not answer.</summary>
    public ServerRef Server { get; }
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
