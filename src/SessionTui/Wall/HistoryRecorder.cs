using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.Tmux;

namespace SessionTui.Wall;

/// <summary>
/// Writes what the wall observes into history: sessions seen (a row per session, its last-seen time refreshed at most
/// once a minute unless its name, command or path changed), and how each ended (exited with status, vanished), with the
/// last screen: the last capture the wall had, or for an exit, one capture of the dead pane made right then.
/// Not thread-safe: feed it from one thread (the wall's history scheduler).
/// </summary>
public sealed class HistoryRecorder
{
    private static readonly TimeSpan RefreshSeenAfter = TimeSpan.FromMinutes(1);
    private readonly IHistoryStore _store;
    private readonly TmuxClient _tmux;
    private readonly Action<Msg> _post;
    private readonly Dictionary<ServerRef, IReadOnlyCollection<SessionInfo>> _last = [];
    private readonly Dictionary<string, string> _screens = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Socket, string Id, DateTimeOffset Created), (string Name, string Command, string Path, DateTimeOffset Written)> _written = [];
    private string? _problem;

    /// <summary>Creates the recorder.</summary>
    /// <param name="store">Where history goes.</param>
    /// <param name="tmux">Used once per exited pane that was never captured.</param>
    /// <param name="post">Posts <see cref="StoreUnavailable"/> when a write fails.</param>
    public HistoryRecorder(IHistoryStore store, TmuxClient tmux, Action<Msg> post)
    {
        _store = store;
        _tmux = tmux;
        _post = post;
    }

    /// <summary>Records one tick's result.</summary>
    public void Observe(Msg msg)
    {
        switch (msg)
        {
            case SnapshotReceived r:
                OnSnapshot(r.Snapshot);
                break;
            case ServerUnavailable u when _last.ContainsKey(u.Server):
                var gone = _last[u.Server];
                Write(() => RecordEnds(SessionLifecycle.Ends(gone, [], u.At, pane => _screens.GetValueOrDefault(Key(u.Server, pane)))));
                _last.Remove(u.Server);
                break;
        }
    }

    private void OnSnapshot(ServerSnapshot snap)
    {
        foreach (var (pane, text) in snap.Captures)
        {
            _screens[Key(snap.Server, pane)] = text;
        }

        var before = _last.GetValueOrDefault(snap.Server) ?? [];
        var ends = SessionLifecycle.Ends(before, snap.Sessions, snap.TakenAt, pane => _screens.GetValueOrDefault(Key(snap.Server, pane)));
        _last[snap.Server] = snap.Sessions;
        var stale = snap.Sessions.Where(s => NeedsWrite(s, snap.TakenAt)).ToList();
        Write(() =>
        {
            if (stale.Count > 0)
            {
                _store.RecordSeen(stale, snap.TakenAt);
                foreach (var s in stale)
                {
                    _written[(s.Server.SocketPath, s.SessionId, s.Created)] = (s.Name, s.ActivePane.CurrentCommand, s.ActivePane.CurrentPath, snap.TakenAt);
                }
            }

            RecordEnds(ends);
        });
        ForgetGone(snap);
    }

    private void RecordEnds(IReadOnlyList<(SessionEnd End, string Name)> ends)
    {
        foreach (var (end, name) in ends)
        {
            var screen = end.LastScreen;
            if (screen is null && end.Reason == EndReason.Exited)
            {
                screen = CaptureDeadPane(end);
            }

            _store.RecordEnd(end with { LastScreen = screen }, name);
        }
    }

    private string? CaptureDeadPane(SessionEnd end)
    {
        var session = _last.GetValueOrDefault(end.Server)?.FirstOrDefault(s => s.SessionId == end.SessionId && s.Created == end.Created);
        if (session is null)
        {
            return null;
        }

        try
        {
            return _tmux.CapturePaneAsync(end.Server, session.ActivePane.PaneId, session.ActivePane.Height).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException)
        {
            return null;
        }
    }

    private bool NeedsWrite(SessionInfo s, DateTimeOffset now) =>
        !_written.TryGetValue((s.Server.SocketPath, s.SessionId, s.Created), out var w)
        || w.Name != s.Name
        || w.Command != s.ActivePane.CurrentCommand
        || w.Path != s.ActivePane.CurrentPath
        || now - w.Written >= RefreshSeenAfter;

    private void ForgetGone(ServerSnapshot snap)
    {
        var live = snap.Sessions.Select(s => Key(snap.Server, s.ActivePane.PaneId)).ToHashSet(StringComparer.Ordinal);
        var prefix = snap.Server.SocketPath + "|";
        foreach (var key in _screens.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !live.Contains(k)).ToList())
        {
            _screens.Remove(key);
        }

        var ids = snap.Sessions.Select(s => (s.Server.SocketPath, s.SessionId, s.Created)).ToHashSet();
        foreach (var key in _written.Keys.Where(k => k.Socket == snap.Server.SocketPath && !ids.Contains(k)).ToList())
        {
            _written.Remove(key);
        }
    }

    private void Write(Action write)
    {
        try
        {
            write();
            _problem = null;
        }
        catch (HistoryStoreException e)
        {
            if (_problem != e.Message)
            {
                _problem = e.Message;
                _post(new StoreUnavailable(e.Message));
            }
        }
    }

    private static string Key(ServerRef server, string pane) => server.SocketPath + "|" + pane;
}
