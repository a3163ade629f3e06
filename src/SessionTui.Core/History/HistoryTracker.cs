using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SessionTui.Core.Engine;

namespace SessionTui.Core.History;

/// <summary>
/// What history knows of one session it tracks.
/// </summary>
/// <param name="Session">The session as listed the last time something that matters to history changed: its name, active pane
/// command or path (those are written), its active pane id and height, or its dead state. Fields history ignores (activity,
/// scrollback size, cursor, clients) may be older than the last snapshot, so an idle or merely busy session keeps an equal value.</param>
/// <param name="WrittenAt">When its row was last written (first sighting, a change, a refresh), UTC; null when it is to be
/// written at the next sighting whatever changed (after <see cref="StoreRecovered"/>).</param>
/// <param name="Screen">The last capture of its active pane (<c>capture-pane -p -e</c>, SGR escapes kept), or null when the pane
/// has not been captured since it became the active one.</param>
public sealed record TrackedSession(SessionInfo Session, DateTimeOffset? WrittenAt, string? Screen);

/// <summary>
/// The history memory of the wall and its pure step function: from what the loop observes (snapshots, unavailable servers,
/// kills, exit) it computes the history writes as <see cref="HistoryCmd"/>s, only when something changed. A new session, and a
/// change of a session's name, active pane command or path, is written at once; <c>last_seen</c> is refreshed at most once per
/// <see cref="RefreshEvery"/> per live session, and once more for every live session at exit. Ends (vanished, exited with a status
/// or a signal, killed) are found with <see cref="SessionLifecycle.Ends"/> and written with the last screen: the capture of the
/// same snapshot, else a fresh capture of the dead pane (<see cref="CaptureEndedPane"/>) for an exit, else the last capture seen.
/// A session whose pane is dead with a known status is no longer refreshed.
/// <para>Immutable, no I/O, no clock: time comes from <see cref="ServerSnapshot.TakenAt"/> and the messages. Every step returns
/// the same instance when nothing changed, so <c>ReferenceEquals</c> tells "unchanged" in O(1); equality is by value (the tracked
/// sessions of each server, in order).</para>
/// </summary>
public sealed record HistoryTracker
{
    /// <summary>The longest a live session's <c>last_seen</c> goes without a refresh while the wall sees it: one minute.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private static readonly IReadOnlyList<HistoryCmd> None = [];

    private HistoryTracker(ImmutableDictionary<ServerRef, ImmutableArray<TrackedSession>> servers) => Servers = servers;

    /// <summary>The tracker before anything was observed.</summary>
    public static HistoryTracker Empty { get; } = new(ImmutableDictionary<ServerRef, ImmutableArray<TrackedSession>>.Empty);

    /// <summary>Tracked sessions per server, in the order of the server's last snapshot; a server without sessions has no entry.</summary>
    public ImmutableDictionary<ServerRef, ImmutableArray<TrackedSession>> Servers { get; }

    /// <summary>Feeds one loop message: <see cref="SnapshotReceived"/>, <see cref="ServerUnavailable"/>, <see cref="SessionKilled"/>
    /// and <see cref="StoreRecovered"/> are observed; any other message changes nothing.</summary>
    /// <param name="msg">The message the wall's Update received.</param>
    /// <returns>The next tracker (this instance when unchanged) and the writes to run, in order.</returns>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Observe(Msg msg) => msg switch
    {
        SnapshotReceived r => Observe(r.Snapshot),
        ServerUnavailable u => Observe(u),
        SessionKilled k => Observe(k),
        StoreRecovered s => Observe(s),
        _ => (this, None),
    };

    /// <summary>
    /// Observes one tick of one server. Writes, in this order: one <see cref="RecordSessionsSeen"/> at
    /// <see cref="ServerSnapshot.TakenAt"/> with the sessions that are new, changed (name, command, path) or due for a refresh
    /// (last written <see cref="RefreshEvery"/> or longer ago, and not dead); then one end per session that vanished since the
    /// last snapshot of this server (<see cref="RecordSessionEnd"/>, reason <see cref="EndReason.Vanished"/>, its last capture)
    /// or whose pane turned dead with a status or signal (<see cref="RecordSessionEnd"/> with this snapshot's capture of the pane,
    /// or <see cref="CaptureEndedPane"/> when this snapshot has none). An idle tick writes nothing.
    /// </summary>
    /// <param name="snapshot">The tick; its sessions must have distinct identities (server pid, id, creation time).</param>
    /// <returns>The next tracker (this instance when unchanged) and the writes to run, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Observe(ServerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var at = snapshot.TakenAt;
        var before = Servers.TryGetValue(snapshot.Server, out var tracked) ? tracked : [];
        var known = new Dictionary<SessionIdentity, TrackedSession>(before.Length);
        foreach (var t in before)
        {
            known[t.Session.Identity] = t;
        }

        var seen = ImmutableArray.CreateBuilder<SessionInfo>();
        var next = ImmutableArray.CreateBuilder<TrackedSession>(snapshot.Sessions.Length);
        var unchanged = before.Length == snapshot.Sessions.Length;
        foreach (var session in snapshot.Sessions)
        {
            var capture = snapshot.Captures.GetValueOrDefault(session.ActivePane.PaneId);
            TrackedSession now;
            if (known.TryGetValue(session.Identity, out var old))
            {
                var write = RowChanged(old.Session, session) || Due(old, session, at);
                var kept = SameForHistory(old.Session, session) ? old.Session : session;
                var screen = capture ?? (old.Session.ActivePane.PaneId == session.ActivePane.PaneId ? old.Screen : null);
                var writtenAt = write ? at : old.WrittenAt;
                now = ReferenceEquals(kept, old.Session) && string.Equals(screen, old.Screen, StringComparison.Ordinal) && writtenAt == old.WrittenAt
                    ? old
                    : new TrackedSession(kept, writtenAt, screen);
                if (write)
                {
                    seen.Add(session);
                }
            }
            else
            {
                now = new TrackedSession(session, at, capture);
                seen.Add(session);
            }

            unchanged = unchanged && ReferenceEquals(now, before[next.Count]);
            next.Add(now);
        }

        var ends = SessionLifecycle.Ends(
            [.. before.Select(t => t.Session)],
            snapshot.Sessions,
            at,
            pane => snapshot.Captures.GetValueOrDefault(pane) ?? ScreenOf(before, pane));
        if (unchanged && seen.Count == 0 && ends.Count == 0)
        {
            return (this, None);
        }

        var cmds = new List<HistoryCmd>(ends.Count + 1);
        if (seen.Count > 0)
        {
            cmds.Add(new RecordSessionsSeen(seen.ToImmutable(), at));
        }

        foreach (var (end, name) in ends)
        {
            var exited = end.Reason == EndReason.Exited
                ? snapshot.Sessions.First(s => s.Identity == end.Identity).ActivePane
                : null;
            cmds.Add(exited is not null && !snapshot.Captures.ContainsKey(exited.PaneId)
                ? new CaptureEndedPane(end, name, exited.PaneId, exited.Height)
                : new RecordSessionEnd(end, name));
        }

        return (With(snapshot.Server, next.ToImmutable()), cmds);
    }

    /// <summary>
    /// Observes a failed tick: every tracked session of that server that had not ended vanished at
    /// <see cref="ServerUnavailable.At"/>, with its last capture (<see cref="RecordSessionEnd"/> each, in the order of the last
    /// snapshot), and the server is forgotten. A server already forgotten writes nothing again.
    /// </summary>
    /// <param name="unavailable">The failure.</param>
    /// <returns>The next tracker (this instance when unchanged) and the writes to run, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="unavailable"/> is null.</exception>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Observe(ServerUnavailable unavailable)
    {
        ArgumentNullException.ThrowIfNull(unavailable);
        if (!Servers.TryGetValue(unavailable.Server, out var before))
        {
            return (this, None);
        }

        var ends = SessionLifecycle.Ends([.. before.Select(t => t.Session)], [], unavailable.At, pane => ScreenOf(before, pane));
        return (new HistoryTracker(Servers.Remove(unavailable.Server)), [.. ends.Select(e => new RecordSessionEnd(e.End, e.Name))]);
    }

    /// <summary>
    /// Observes a kill from the wall: writes its end (<see cref="RecordSessionEnd"/> with <see cref="SessionKilled.End"/>) and
    /// forgets the session, so that its absence from the next snapshot is not a second end.
    /// </summary>
    /// <param name="killed">The kill, as the effect runner posted it.</param>
    /// <returns>The next tracker and the one write.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="killed"/> is null.</exception>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Observe(SessionKilled killed)
    {
        ArgumentNullException.ThrowIfNull(killed);
        IReadOnlyList<HistoryCmd> cmds = [new RecordSessionEnd(killed.End, killed.Name)];
        var identity = killed.End.Identity;
        if (!Servers.TryGetValue(killed.End.Server, out var before) || !before.Any(t => t.Session.Identity == identity))
        {
            return (this, cmds);
        }

        return (With(killed.End.Server, before.RemoveAll(t => t.Session.Identity == identity)), cmds);
    }

    /// <summary>
    /// Observes that the store works again after a failure: writes made meanwhile may be lost, so every tracked session is
    /// written at its server's next snapshot (one <see cref="RecordSessionsSeen"/> per server). Ends lost meanwhile stay lost.
    /// </summary>
    /// <param name="recovered">The message the history writer posted.</param>
    /// <returns>The next tracker (this instance when nothing is tracked) and no writes.</returns>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Observe(StoreRecovered recovered)
    {
        var servers = Servers;
        foreach (var (server, sessions) in Servers)
        {
            if (sessions.Any(t => t.WrittenAt is not null))
            {
                servers = servers.SetItem(server, [.. sessions.Select(t => t.WrittenAt is null ? t : t with { WrittenAt = null })]);
            }
        }

        return (ReferenceEquals(servers, Servers) ? this : new HistoryTracker(servers), None);
    }

    /// <summary>
    /// The wall is quitting: one <see cref="RecordSessionsSeen"/> at <paramref name="at"/> with every tracked session that is live
    /// (its pane not dead with a known status) and was last written before <paramref name="at"/>, plus any awaiting a rewrite
    /// after <see cref="StoreRecovered"/>; servers ordered by socket path (ordinal), sessions in snapshot order. None when there
    /// is none.
    /// </summary>
    /// <param name="at">The exit time, UTC.</param>
    /// <returns>The next tracker (those sessions written at <paramref name="at"/>) and the writes to run.</returns>
    public (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) AtExit(DateTimeOffset at)
    {
        var seen = ImmutableArray.CreateBuilder<SessionInfo>();
        var servers = Servers;
        foreach (var (server, sessions) in Servers.OrderBy(kv => kv.Key.SocketPath, StringComparer.Ordinal))
        {
            var due = sessions.Where(t => t.WrittenAt is not { } w || (!Ended(t.Session) && w < at)).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            seen.AddRange(due.Select(t => t.Session));
            servers = servers.SetItem(server, [.. sessions.Select(t => due.Contains(t) ? t with { WrittenAt = at } : t)]);
        }

        return seen.Count == 0 ? (this, None) : (new HistoryTracker(servers), [new RecordSessionsSeen(seen.ToImmutable(), at)]);
    }

    /// <summary>Equal when the same servers track equal sessions in the same order.</summary>
    public bool Equals(HistoryTracker? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Servers.Count == other.Servers.Count
                && Servers.All(kv => other.Servers.TryGetValue(kv.Key, out var o) && kv.Value.AsSpan().SequenceEqual(o.AsSpan()))));

    /// <inheritdoc />
    public override int GetHashCode() => Servers.Count;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Servers = [")
            .AppendJoin(", ", Servers.OrderBy(kv => kv.Key.SocketPath, StringComparer.Ordinal).Select(kv =>
                kv.Key.SocketPath + ": " + string.Join(" ", kv.Value.Select(t =>
                    t.Session.SessionId + " " + t.Session.Name + " written " + (t.WrittenAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never")))))
            .Append(']');
        return true;
    }

    private HistoryTracker With(ServerRef server, ImmutableArray<TrackedSession> sessions) =>
        new(sessions.IsEmpty ? Servers.Remove(server) : Servers.SetItem(server, sessions));

    /// <summary>Dead with its status or signal known, as <see cref="SessionLifecycle"/> counts an exit.</summary>
    private static bool Ended(SessionInfo s) =>
        s.ActivePane.Dead && (s.ActivePane.DeadStatus is not null || s.ActivePane.DeadSignal is not null);

    private static bool Due(TrackedSession old, SessionInfo now, DateTimeOffset at) =>
        old.WrittenAt is not { } written || (!Ended(now) && at - written >= RefreshEvery);

    /// <summary>Whether the stored row would change: name, active pane command or path.</summary>
    private static bool RowChanged(SessionInfo a, SessionInfo b) =>
        !string.Equals(a.Name, b.Name, StringComparison.Ordinal)
        || !string.Equals(a.ActivePane.CurrentCommand, b.ActivePane.CurrentCommand, StringComparison.Ordinal)
        || !string.Equals(a.ActivePane.CurrentPath, b.ActivePane.CurrentPath, StringComparison.Ordinal);

    /// <summary>Whether everything history uses is the same: the row, the active pane (for screens and captures), the dead state.</summary>
    private static bool SameForHistory(SessionInfo a, SessionInfo b) =>
        !RowChanged(a, b)
        && string.Equals(a.ActivePane.PaneId, b.ActivePane.PaneId, StringComparison.Ordinal)
        && a.ActivePane.Height == b.ActivePane.Height
        && a.ActivePane.Dead == b.ActivePane.Dead
        && a.ActivePane.DeadStatus == b.ActivePane.DeadStatus
        && a.ActivePane.DeadSignal == b.ActivePane.DeadSignal;

    private static string? ScreenOf(ImmutableArray<TrackedSession> sessions, string paneId)
    {
        foreach (var t in sessions)
        {
            if (t.Session.ActivePane.PaneId == paneId)
            {
                return t.Screen;
            }
        }

        return null;
    }
}
