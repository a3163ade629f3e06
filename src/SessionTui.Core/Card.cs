namespace SessionTui.Core;

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
/// <param name="State">The agent state shown: read by the watchdog's rules and debounced (<see cref="Cards.Build(SessionInfo, string?, DateTimeOffset, WallSettings, Card?)"/>).</param>
/// <param name="Badge">State label: <c>working</c>, <c>waiting</c>, <c>idle 5m</c>, <c>limit · resets 16:00</c>, <c>auth failed</c>,
/// <c>context limit</c>, <c>stuck 12m</c>, <c>exited 3</c> (<c>exited</c> while tmux has not collected the status yet),
/// <c>dead SIGKILL</c>.</param>
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
    AgentState State,
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

    /// <summary>The verdict behind <see cref="State"/>: the rule, the lines it matched, a limit's reset time, an exit status.</summary>
    public StateVerdict? Verdict { get; init; }

    /// <summary>The state the last tick read, which may not show yet (<see cref="WallSettings.StateSettle"/>).</summary>
    public AgentState Observed { get; init; }

    /// <summary>Since when, UTC, the ticks have read <see cref="Observed"/> without a break.</summary>
    public DateTimeOffset ObservedSince { get; init; }

    /// <summary>The screen rules' verdict on <see cref="Capture"/> and <see cref="Title"/>, kept so an unchanged screen is not
    /// read again; null when no rule matched or nothing was read.</summary>
    public StateVerdict? ScreenRead { get; init; }

    /// <summary>The active pane's title (<c>#{pane_title}</c>).</summary>
    public string Title { get; init; } = "";

    /// <summary>True on the one refresh where the card started to need you (<see cref="AgentStates.NeedsYou"/>): the wall
    /// flashes it once.</summary>
    public bool Flash { get; init; }

    /// <summary>Whether the session needs you now (<see cref="AgentStates.NeedsYou"/>).</summary>
    public bool NeedsYou => AgentStates.NeedsYou(State, Verdict?.ExitStatus);
}
