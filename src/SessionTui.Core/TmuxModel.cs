using System.Collections.Immutable;

namespace SessionTui.Core;

/// <summary>
/// The active pane of a session's active window, as listed by <c>list-panes -a -F</c> (tmux(1) FORMATS).
/// </summary>
/// <param name="PaneId">tmux pane id, e.g. <c>%7</c> (<c>#{pane_id}</c>).</param>
/// <param name="Pid">Process id of the pane's first process (<c>#{pane_pid}</c>).</param>
/// <param name="CurrentCommand">Foreground command name (<c>#{pane_current_command}</c>).</param>
/// <param name="CurrentPath">Working directory (<c>#{pane_current_path}</c>).</param>
/// <param name="Dead">Whether the pane's process has exited but the pane is kept (<c>#{pane_dead}</c>, with <c>remain-on-exit</c>).</param>
/// <param name="DeadStatus">Exit status of a dead pane (<c>#{pane_dead_status}</c>); null when alive or killed by a signal.</param>
/// <param name="DeadSignal">Signal number that killed a dead pane (<c>#{pane_dead_signal}</c>); null otherwise.</param>
/// <param name="Height">Pane height in cells (<c>#{pane_height}</c>).</param>
/// <param name="WindowActivity">Last output in the window, UTC, one-second resolution (<c>#{window_activity}</c>).</param>
public sealed record PaneInfo(
    string PaneId,
    int Pid,
    string CurrentCommand,
    string CurrentPath,
    bool Dead,
    int? DeadStatus,
    int? DeadSignal,
    int Height,
    DateTimeOffset WindowActivity)
{
    /// <summary>The pane's title (<c>#{pane_title}</c>): what the program set with OSC 0/2 (Claude Code and Codex put a spinner
    /// there while they work), else the host name; empty when not listed.</summary>
    public string Title { get; init; } = "";
}

/// <summary>
/// One tmux session with its active pane.
/// </summary>
/// <param name="Server">The server the session lives on.</param>
/// <param name="SessionId">tmux session id, e.g. <c>$3</c> (<c>#{session_id}</c>); unique per server lifetime only.</param>
/// <param name="Name">Session name, verbatim (any Unicode, spaces, quotes, <c>;</c>, a leading <c>-</c>).</param>
/// <param name="Created">Creation time, UTC (<c>#{session_created}</c>).</param>
/// <param name="AttachedClients">Real clients attached, control-mode clients excluded (from <c>list-clients</c>).</param>
/// <param name="WindowCount">Windows in the session (<c>#{session_windows}</c>).</param>
/// <param name="ActivePane">The active pane of the active window.</param>
public sealed record SessionInfo(
    ServerRef Server,
    string SessionId,
    string Name,
    DateTimeOffset Created,
    int AttachedClients,
    int WindowCount,
    PaneInfo ActivePane)
{
    /// <summary>Process id of the tmux server (<c>#{pid}</c>), 0 when unknown. With <see cref="Server"/>, <see cref="SessionId"/>
    /// and <see cref="Created"/> it names one session for history: a server restarted on the same socket reuses <c>$0</c>,
    /// possibly within the same second.</summary>
    public int ServerPid { get; init; }

    /// <summary>Key unique across servers: <c>socket|$id</c>.</summary>
    public string Key => SessionKey.Of(Server, SessionId);

    /// <summary>Which session this is, for history: see <see cref="SessionIdentity"/>.</summary>
    public SessionIdentity Identity => new(Server.SocketPath, ServerPid, SessionId, Created);
}

/// <summary>
/// One session's identity across its whole life, for history: a restarted server on the same socket reuses <c>$0</c>,
/// possibly within the same second, so the socket, the server's process id, the session id and its creation time together
/// name it. (The wall's cards use <see cref="SessionKey"/>, which only has to be unique among the sessions on screen.)
/// </summary>
/// <param name="SocketPath">The server's socket path.</param>
/// <param name="ServerPid">The tmux server's process id (<c>#{pid}</c>), 0 when unknown.</param>
/// <param name="SessionId">tmux session id, e.g. <c>$3</c>.</param>
/// <param name="Created">Creation time, UTC.</param>
public readonly record struct SessionIdentity(string SocketPath, int ServerPid, string SessionId, DateTimeOffset Created);

/// <summary>Builds the cross-server key of a session.</summary>
public static class SessionKey
{
    /// <summary>Returns <c>socketPath|$id</c>; session ids are only unique per server.</summary>
    public static string Of(ServerRef server, string sessionId) => server.SocketPath + "|" + sessionId;
}

/// <summary>
/// What one refresh tick saw on one server: every session, and the captures of the panes that were asked for.
/// </summary>
/// <param name="Server">The server polled.</param>
/// <param name="TakenAt">When the tick's tmux call returned, UTC.</param>
/// <param name="Sessions">All sessions, in tmux's order.</param>
/// <param name="Captures">Pane id to <c>capture-pane -p -e</c> text (SGR escapes kept, lines joined by <c>\n</c>),
/// only for the panes that were on screen at the start of the tick and still existed.</param>
public sealed record ServerSnapshot(
    ServerRef Server,
    DateTimeOffset TakenAt,
    ImmutableArray<SessionInfo> Sessions,
    ImmutableDictionary<string, string> Captures);
