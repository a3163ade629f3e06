namespace SessionTui.Core;

/// <summary>One change of a session's shown agent state, as the watchdog records it.</summary>
/// <param name="At">When the snapshot that showed it was taken, UTC.</param>
/// <param name="Socket">The server's socket path.</param>
/// <param name="ServerPid">The tmux server's process id, 0 when unknown.</param>
/// <param name="SessionId">tmux session id (<c>$N</c>).</param>
/// <param name="Name">Session name, verbatim.</param>
/// <param name="From">The state before, or null for a session first seen.</param>
/// <param name="To">The new state.</param>
/// <param name="Rule">The rule that decided it (<see cref="StateVerdict.Rule"/>).</param>
/// <param name="Detail">The first line the rule matched, or empty.</param>
/// <param name="ResetsAt">A limit's reset time, UTC, when the screen named one.</param>
/// <param name="ExitStatus">The exit status of an exited pane.</param>
public sealed record StateTransition(
    DateTimeOffset At,
    string Socket,
    int ServerPid,
    string SessionId,
    string Name,
    AgentState? From,
    AgentState To,
    string Rule,
    string Detail,
    DateTimeOffset? ResetsAt,
    int? ExitStatus)
{
    /// <summary>The transition shown by <paramref name="change"/>.</summary>
    public static StateTransition Of(AgentStateChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = change.Card;
        var v = c.Verdict;
        return new(change.At, c.Server.SocketPath, c.ServerPid, c.SessionId, c.Name, change.From, c.State, v?.Rule ?? "", v?.Lines.FirstOrDefault() ?? "", v?.ResetsAt, v?.ExitStatus);
    }
}

/// <summary>Where the watchdog records transitions: the history database (<c>transitions</c> table).</summary>
public interface ITransitionLog
{
    /// <summary>Appends <paramref name="transition"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void SaveTransition(StateTransition transition);

    /// <summary>The newest transitions first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<StateTransition> ListTransitions(int limit);

    /// <summary>The newest transition recorded for one session, or null: by socket path and session id (<c>$N</c>), of the
    /// server whose pid is <paramref name="serverPid"/> (ids restart with a new server; 0 matches any).</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    StateTransition? LastTransition(string socket, int serverPid, string sessionId);
}
