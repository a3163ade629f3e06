namespace SessionTui.Core;

/// <summary>How a session's life ended, as recorded in history.</summary>
public enum EndReason
{
    /// <summary>Killed with <c>x</c> from the wall.</summary>
    KilledFromWall,

    /// <summary>Killed with <c>sessiontui kill</c>.</summary>
    KilledFromCli,

    /// <summary>The pane's process exited (status in <see cref="HistoryEntry.ExitStatus"/>, or a signal).</summary>
    Exited,

    /// <summary>The session disappeared without the wall or CLI killing it (closed, killed elsewhere, server gone).</summary>
    Vanished,
}

/// <summary>
/// One observed session in the history database.
/// </summary>
/// <param name="Id">Row id in the <c>sessions</c> table.</param>
/// <param name="Server">Server label at the time it was observed.</param>
/// <param name="SocketPath">Socket path of the server.</param>
/// <param name="SessionId">tmux session id (<c>$N</c>) at the time.</param>
/// <param name="Name">Session name, verbatim.</param>
/// <param name="Created">Session creation time, UTC.</param>
/// <param name="FirstSeen">First observation, UTC.</param>
/// <param name="LastSeen">Last observation, UTC.</param>
/// <param name="Command">Last seen active pane command.</param>
/// <param name="Path">Last seen active pane working directory.</param>
/// <param name="EndReason">How it ended; null while it lives (or was last seen alive).</param>
/// <param name="ExitStatus">Exit status when it exited with one.</param>
/// <param name="Ended">When the end was recorded, UTC.</param>
/// <param name="HasScreen">Whether a last screen is stored.</param>
public sealed record HistoryEntry(
    long Id,
    string Server,
    string SocketPath,
    string SessionId,
    string Name,
    DateTimeOffset Created,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string? Command,
    string? Path,
    EndReason? EndReason,
    int? ExitStatus,
    DateTimeOffset? Ended,
    bool HasScreen)
{
    /// <summary>How the session ended, in the words the wall and the CLI both use: <c>killed (wall)</c>,
    /// <c>killed (cli)</c>, <c>exited 3</c> (<c>exited</c> without a known status), <c>vanished</c>, <c>alive</c>.</summary>
    public string EndText => EndReason switch
    {
        Core.EndReason.KilledFromWall => "killed (wall)",
        Core.EndReason.KilledFromCli => "killed (cli)",
        Core.EndReason.Exited when ExitStatus is { } status => "exited " + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Core.EndReason.Exited => "exited",
        Core.EndReason.Vanished => "vanished",
        _ => "alive",
    };
}

/// <summary>
/// The end of one session, to record once: the first end recorded for a session wins.
/// </summary>
/// <param name="Server">Server the session lived on.</param>
/// <param name="SessionId">tmux session id.</param>
/// <param name="Created">Session creation time, UTC (with server and id, the identity of a session across server restarts).</param>
/// <param name="Reason">How it ended.</param>
/// <param name="ExitStatus">Exit status, for <see cref="EndReason.Exited"/> with a status.</param>
/// <param name="At">When it ended or was noticed to have ended, UTC.</param>
/// <param name="LastScreen">Last captured screen (SGR escapes kept), or null when none was captured.</param>
public sealed record SessionEnd(
    ServerRef Server,
    string SessionId,
    DateTimeOffset Created,
    EndReason Reason,
    int? ExitStatus,
    DateTimeOffset At,
    string? LastScreen)
{
    /// <summary>Process id of the tmux server the session lived on (<see cref="SessionInfo.ServerPid"/>), 0 when unknown.</summary>
    public int ServerPid { get; init; }

    /// <summary>Which session ended (<see cref="SessionIdentity"/>).</summary>
    public SessionIdentity Identity => new(Server.SocketPath, ServerPid, SessionId, Created);
}

/// <summary>
/// The storage seam: the history of every session the wall or CLI observes. Implementations must be safe to use from
/// several processes at once (the wall and a CLI <c>kill</c>).
/// </summary>
public interface IHistoryStore
{
    /// <summary>Records that these sessions were alive at <paramref name="seenAt"/> (UTC): inserts new ones, updates
    /// <c>last_seen</c>, name, command and path of known ones.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void RecordSeen(IReadOnlyCollection<SessionInfo> sessions, DateTimeOffset seenAt);

    /// <summary>Records how a session ended. A session already ended keeps its first end, except that a known end (killed,
    /// exited) replaces <see cref="EndReason.Vanished"/> (a poller can see a kill before its killer records it); one never
    /// seen is inserted with the end.</summary>
    /// <param name="end">The end to record.</param>
    /// <param name="name">Session name, for a session never recorded as seen.</param>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void RecordEnd(SessionEnd end, string name);

    /// <summary>Lists sessions newest first (by last seen), at most <paramref name="limit"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<HistoryEntry> List(int limit);

    /// <summary>The stored last screen of a history row (SGR escapes kept), or null when none.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    string? LoadScreen(long id);
}

/// <summary>A history database that cannot be opened, read or written; the message is one line for the user.</summary>
public sealed class HistoryStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HistoryStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
