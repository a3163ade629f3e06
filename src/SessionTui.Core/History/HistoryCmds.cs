using System.Collections.Immutable;
using System.Text;

namespace SessionTui.Core.History;

/// <summary>
/// A history write, produced by <see cref="HistoryTracker"/> and executed by the app's history writer against
/// <see cref="IHistoryStore"/>: off the UI thread, one at a time, in the order the Cmds were produced. Failures come back
/// as <see cref="StoreUnavailable"/>, <see cref="StoreRecovered"/> or <see cref="HistoryWriteFailed"/>.
/// </summary>
public abstract record HistoryCmd : Cmd;

/// <summary>
/// Record these sessions as alive at <see cref="At"/> (<see cref="IHistoryStore.RecordSeen"/>): new sessions are inserted,
/// known ones get <see cref="At"/> as <c>last_seen</c> and their current name, active pane command and path. One
/// transaction for all of them. Compares by value: same time and the same sessions in the same order.
/// </summary>
/// <param name="Sessions">The sessions, in snapshot order (servers ordered by socket path at exit); never empty.</param>
/// <param name="At">When they were seen, UTC: the snapshot's <see cref="ServerSnapshot.TakenAt"/>, or the exit time.</param>
public sealed record RecordSessionsSeen(ImmutableArray<SessionInfo> Sessions, DateTimeOffset At) : HistoryCmd
{
    /// <summary>Equal when <see cref="At"/> is the same instant and <see cref="Sessions"/> are equal one by one, in order.</summary>
    public bool Equals(RecordSessionsSeen? other) =>
        other is not null && At == other.At && Sessions.AsSpan().SequenceEqual(other.Sessions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(At, Sessions.Length);

    /// <summary>Prints the sessions as <c>socket|$id name</c> for readable test failures.</summary>
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Sessions = [")
            .AppendJoin(", ", Sessions.Select(s => s.Key + " " + s.Name))
            .Append("], At = ")
            .Append(At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}

/// <summary>
/// Record how one session ended (<see cref="IHistoryStore.RecordEnd"/>): vanished, exited with a known screen, or killed.
/// The store keeps the first end of a session, except that a known end replaces <see cref="EndReason.Vanished"/>.
/// </summary>
/// <param name="End">The end, with its last screen (null when none was ever captured).</param>
/// <param name="Name">The session name, stored when the session was never recorded as seen.</param>
public sealed record RecordSessionEnd(SessionEnd End, string Name) : HistoryCmd
{
    /// <summary>The end of a session killed from the wall or the command line.</summary>
    /// <param name="server">The server it lived on.</param>
    /// <param name="serverPid">Process id of that tmux server (<see cref="SessionInfo.ServerPid"/>), 0 when unknown.</param>
    /// <param name="sessionId">tmux session id, <c>$N</c>.</param>
    /// <param name="created">Session creation time, UTC.</param>
    /// <param name="name">Session name, verbatim.</param>
    /// <param name="reason"><see cref="EndReason.KilledFromWall"/> or <see cref="EndReason.KilledFromCli"/>.</param>
    /// <param name="at">When the kill happened, UTC.</param>
    /// <param name="lastScreen">The screen captured just before the kill (SGR escapes kept), or null when none.</param>
    /// <returns>The Cmd that records the kill.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a kill.</exception>
    public static RecordSessionEnd Killed(
        ServerRef server,
        int serverPid,
        string sessionId,
        DateTimeOffset created,
        string name,
        EndReason reason,
        DateTimeOffset at,
        string? lastScreen)
    {
        if (reason is not (EndReason.KilledFromWall or EndReason.KilledFromCli))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "a kill ends with KilledFromWall or KilledFromCli");
        }

        return new(new SessionEnd(server, sessionId, created, reason, null, at, lastScreen) { ServerPid = serverPid }, name);
    }
}

/// <summary>
/// Capture the dead pane of a session that just exited (<c>capture-pane -p -e -S -Lines -t %N</c>, awaited asynchronously),
/// then record the end with that screen. When the capture fails (the pane is already gone, tmux timed out), the end is
/// recorded with <see cref="SessionEnd.LastScreen"/> of <see cref="End"/> instead: an earlier capture, or null.
/// </summary>
/// <param name="End">The end, reason <see cref="EndReason.Exited"/>; its server is the one to capture on.</param>
/// <param name="Name">The session name, stored when the session was never recorded as seen.</param>
/// <param name="PaneId">The dead pane, <c>%N</c>, kept by <c>remain-on-exit</c>.</param>
/// <param name="Lines">Scrollback lines above the visible screen to include; 0 for the visible screen only. The tracker asks for
/// the pane's height: tmux 3.3a scrolls a dead pane's whole screen into the scrollback when it prints <c>Pane is dead</c>, so the
/// visible screen alone would be blank but for that line.</param>
public sealed record CaptureEndedPane(SessionEnd End, string Name, string PaneId, int Lines) : HistoryCmd;
