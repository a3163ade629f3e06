namespace SessionTui.Core;

/// <summary>What a session is doing, as the wall shows it.</summary>
public enum CardState
{
    /// <summary>Output changed within the idle threshold.</summary>
    Running,

    /// <summary>The last lines look like a question waiting for an answer (a yes/no or permission prompt).</summary>
    Waiting,

    /// <summary>No output change for at least the idle threshold.</summary>
    Idle,

    /// <summary>The pane's process exited with a status; the pane is kept by <c>remain-on-exit</c>.</summary>
    Exited,

    /// <summary>The pane's process was killed by a signal; the pane is kept by <c>remain-on-exit</c>.</summary>
    Dead,
}

/// <summary>
/// The view-model of one session card: everything the wall shows, with time already turned into labels, so two cards
/// compare equal exactly when they look the same.
/// </summary>
/// <param name="Key">Cross-server session key (<see cref="SessionKey"/>).</param>
/// <param name="Server">Server of the session.</param>
/// <param name="SessionId">tmux session id (<c>$N</c>).</param>
/// <param name="Name">Session name, verbatim.</param>
/// <param name="PaneId">Active pane id (<c>%N</c>).</param>
/// <param name="Pid">Active pane's process id.</param>
/// <param name="Command">Active pane's current command.</param>
/// <param name="Path">Active pane's working directory.</param>
/// <param name="State">State derived from the pane and its output freshness.</param>
/// <param name="Badge">State label: <c>running</c>, <c>waiting</c>, <c>idle 5m</c>, <c>exited 3</c> (<c>exited</c> while tmux has not collected the status yet), <c>dead SIGKILL</c>.</param>
/// <param name="AttachedClients">Real clients attached (control-mode clients excluded).</param>
/// <param name="Age">Age label since creation: <c>&lt;1m</c>, <c>5m</c>, <c>2h</c>, <c>3d</c>.</param>
/// <param name="Created">Creation time, UTC (sort key).</param>
/// <param name="LastActivity">Last output, UTC, one-second resolution (sort key).</param>
/// <param name="Capture">Last captured screen of the active pane with SGR escapes (<c>capture-pane -p -e</c>), or null when
/// the pane has not been on screen yet.</param>
public sealed record Card(
    string Key,
    ServerRef Server,
    string SessionId,
    string Name,
    string PaneId,
    int Pid,
    string Command,
    string Path,
    CardState State,
    string Badge,
    int AttachedClients,
    string Age,
    DateTimeOffset Created,
    DateTimeOffset LastActivity,
    string? Capture)
{
    /// <summary>Process id of the tmux server (<see cref="SessionInfo.ServerPid"/>), for recording a kill in history.</summary>
    public int ServerPid { get; init; }

    /// <summary>The workcell run this session belongs to (<see cref="RunCards.Match"/>), or null for a plain session.</summary>
    public CardRun? Run { get; init; }
}
