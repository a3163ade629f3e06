using System.Collections.Immutable;
using SessionTui.Core.History;

namespace SessionTui.Core;

/// <summary>
/// The pure update of the wall: <c>(State, Cmds) = Update(State, Msg)</c>. No I/O and no clock reads; time arrives in
/// messages. Returns the same state instance when nothing changed. Every message also steps the history tracker
/// (<see cref="WallState.Recorded"/>), whose writes are appended as history Cmds.
/// </summary>
public static class WallUpdate
{
    private static readonly IReadOnlyList<Cmd> None = [];

    /// <summary>Applies <paramref name="msg"/> to <paramref name="state"/>.</summary>
    /// <returns>The next state (the same instance when unchanged) and the effects to run, in order.</returns>
    public static (WallState State, IReadOnlyList<Cmd> Cmds) Update(WallState state, Msg msg)
    {
        var (next, cmds) = Apply(state, msg);
        var (recorded, writes) = next.Recorded.Observe(msg);
        if (!ReferenceEquals(recorded, next.Recorded))
        {
            next = next with { Recorded = recorded };
        }

        if (writes.Count > 0)
        {
            cmds = [.. cmds, .. writes];
        }

        if (ReferenceEquals(next, state))
        {
            return (state, cmds);
        }

        var before = Watch(state);
        var after = Watch(next);
        return before.Lines == after.Lines && SamePanes(before.Panes, after.Panes) ? (next, cmds) : (next, [.. cmds, after]);
    }

    /// <summary>What the next ticks must capture for <paramref name="state"/>: <see cref="PanesOnScreen"/> and the preview lines
    /// the view can show (a zoomed card's inner height, else a grid card's).</summary>
    public static WatchPanes Watch(WallState state)
    {
        var lines = state.Zoomed ? state.Height - GridLayout.Chrome - 3 : state.Layout.CardHeight - 3;
        return new WatchPanes(PanesOnScreen(state), Math.Max(1, lines));
    }

    /// <summary>The panes the wall shows now, per server: the cards of the current page, or the zoomed card; none in the
    /// history views.</summary>
    public static ImmutableDictionary<ServerRef, ImmutableHashSet<string>> PanesOnScreen(WallState state)
    {
        var onScreen = state.Mode is WallMode.History or WallMode.HistoryDetail ? [] : state.PageCards();
        return state.Servers.ToImmutableDictionary(
            s => s,
            s => onScreen.Where(c => c.Server.Equals(s)).Select(c => c.PaneId).ToImmutableHashSet(StringComparer.Ordinal));
    }

    private static (WallState, IReadOnlyList<Cmd>) Apply(WallState s, Msg msg)
    {
        // An intent clears the last status message before it runs (it may set a new one); typing a filter keeps it, and an
        // intent that changes nothing leaves the state as it was.
        var cleared = msg is Intent and not FilterTextChanged && s.Status is not null ? s with { Status = null } : s;
        var (next, cmds) = ApplyMsg(cleared, msg);
        return ReferenceEquals(next, cleared) && cmds.Count == 0 ? (s, cmds) : (next, cmds);
    }

    private static (WallState, IReadOnlyList<Cmd>) ApplyMsg(WallState s, Msg msg) => msg switch
    {
        MoveSelection m => Move(s, m.Dx, m.Dy),
        PageMove p => Page(s, p.Pages),
        AttachRequested a => Attach(s, a.ReadOnly),
        KillRequested => s.SelectedCard() is { } target
            ? (s with { Mode = WallMode.ConfirmKill, Underneath = s.Mode, KillTarget = target }, None)
            : (s, None),
        KillConfirmed => s.KillTarget is { } t
            ? (s with { Mode = s.Underneath, KillTarget = null, Status = "killing " + t.Name + "…" },
                [new KillSession(t.Server, t.SessionId, t.Name, t.PaneId, t.Created, t.ServerPid)])
            : (s, None),
        Back => OnBack(s),
        ZoomRequested => s.Mode == WallMode.Zoom
            ? (s with { Mode = WallMode.Grid }, None)
            : s.SelectedCard() is null ? (s, None) : (s with { Mode = WallMode.Zoom }, None),
        FilterStarted => (s with { Mode = WallMode.Filter, Underneath = WallMode.Grid }, None),
        FilterTextChanged f => s.Mode == WallMode.Filter && f.Text != s.Filter ? (Reselect(s, s with { Filter = f.Text }), None) : (s, None),
        FilterCommitted => (s with { Mode = WallMode.Grid }, None),
        SortCycled => Sorted(s, (SortOrder)(((int)s.Sort + 1) % Enum.GetValues<SortOrder>().Length)),
        HistoryRequested => (s with { Mode = WallMode.History, HistorySelected = 0, HistoryScreen = null }, [new LoadHistory(s.Settings.HistoryLimit)]),
        HistoryOpenRequested => OpenHistory(s),
        OpenHistoryRow o => s.Mode == WallMode.History && o.Index >= 0 && o.Index < s.History.Length
            ? OpenHistory(s with { HistorySelected = o.Index })
            : (s, None),
        SelectCard c => s.Mode is WallMode.Grid or WallMode.Zoom && c.Key != s.SelectedKey && s.VisibleCards().Any(v => v.Key == c.Key)
            ? (s with { SelectedKey = c.Key }, None)
            : (s, None),
        HelpToggled => s.Mode == WallMode.Help
            ? (s with { Mode = s.Underneath }, None)
            : (s with { Mode = WallMode.Help, Underneath = s.Mode }, None),
        RefreshRequested => (s, [new RefreshNow()]),
        QuitRequested => (s, [new Quit(0)]),
        SnapshotReceived r => OnSnapshot(s, r.Snapshot),
        ServerUnavailable u => OnServerDown(s, u),
        Resized r => r.Width == s.Width && r.Height == s.Height ? (s, None) : (s with { Width = r.Width, Height = r.Height, HistoryScroll = ClampScroll(s with { Width = r.Width, Height = r.Height }, s.HistoryScroll) }, None),
        AttachFinished a => (s with { Status = a.Error is null ? "detached from " + a.Name : "attach to " + a.Name + " failed: " + a.Error }, [new RefreshNow()]),
        KillFinished k => k.Error is null
            ? (Reselect(s, s with { Cards = s.Cards.RemoveAll(c => c.Key == k.Key), Status = "killed " + k.Name }), [new RefreshNow()])
            : (s with { Status = "kill " + k.Name + " failed: " + k.Error }, [new RefreshNow()]),
        HistoryLoaded h => (s with { History = h.Entries, HistorySelected = 0, Status = h.Problem ?? s.Status }, None),
        HistoryScreenLoaded h => s.Mode == WallMode.HistoryDetail
            ? ShowScreen(s, h.Screen ?? "", h.Problem)
            : (s, None),
        StoreUnavailable p => p.Problem == s.StoreProblem ? (s, None) : (s with { StoreProblem = p.Problem }, None),
        EffectFailed f => (s with { Status = f.Effect + " failed: " + f.Error }, None),
        StoreRecovered => s.StoreProblem is null ? (s, None) : (s with { StoreProblem = null }, None),
        HistoryWriteFailed h => (s with { Status = "history not written: " + OneLine.Of(h.Error) }, None),
        _ => (s, None),
    };

    /// <summary>A loaded last screen, scrolled so its last line is at the bottom of the detail view.</summary>
    private static (WallState, IReadOnlyList<Cmd>) ShowScreen(WallState s, string screen, string? problem)
    {
        var shown = s with { HistoryScreen = screen, Status = problem ?? s.Status };
        return (shown with { HistoryScroll = ClampScroll(shown, int.MaxValue) }, None);
    }

    /// <summary>Rows of the last screen the detail view shows: the body minus the frame.</summary>
    public static int DetailRows(WallState state) => Math.Max(1, state.Height - GridLayout.Chrome - 2);

    private static int ClampScroll(WallState s, int scroll)
    {
        if (s.HistoryScreen is null)
        {
            return 0;
        }

        var max = Math.Max(0, ScreenText.Lines(s.HistoryScreen).Count - DetailRows(s));
        return Math.Clamp(scroll, 0, max);
    }

    private static (WallState, IReadOnlyList<Cmd>) Move(WallState s, int dx, int dy)
    {
        if (s.Mode == WallMode.History)
        {
            return (s with { HistorySelected = Clamp(s.HistorySelected + dy, s.History.Length) }, None);
        }

        if (s.Mode == WallMode.HistoryDetail)
        {
            return (s with { HistoryScroll = ClampScroll(s, s.HistoryScroll + dy) }, None);
        }

        var visible = s.VisibleCards();
        var i = s.SelectedIndex(visible);
        if (i < 0)
        {
            return (s, None);
        }

        var step = s.Mode == WallMode.Zoom ? dx + dy : dx + (dy * s.Layout.Columns);
        var j = Clamp(i + step, visible.Count);
        return j == i && visible[i].Key == s.SelectedKey ? (s, None) : (s with { SelectedKey = visible[j].Key }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) Page(WallState s, int pages)
    {
        if (s.Mode == WallMode.History)
        {
            var rows = Math.Max(1, s.Height - 4);
            return (s with { HistorySelected = Clamp(s.HistorySelected + (pages * rows), s.History.Length) }, None);
        }

        if (s.Mode == WallMode.HistoryDetail)
        {
            return (s with { HistoryScroll = ClampScroll(s, s.HistoryScroll + (pages * DetailRows(s))) }, None);
        }

        var visible = s.VisibleCards();
        var i = s.SelectedIndex(visible);
        if (i < 0)
        {
            return (s, None);
        }

        var perPage = s.Mode == WallMode.Zoom ? 1 : s.Layout.PerPage;
        var j = Clamp(((i / perPage) + pages) * perPage, visible.Count);
        return (s with { SelectedKey = visible[j].Key }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) Attach(WallState s, bool readOnly) =>
        s.SelectedCard() is { } c
            ? (s with { Status = (readOnly ? "attaching read-only to " : "attaching to ") + c.Name + "…" }, [new AttachSession(c.Server, c.SessionId, c.Name, readOnly)])
            : (s, None);

    private static (WallState, IReadOnlyList<Cmd>) OnBack(WallState s) => s.Mode switch
    {
        WallMode.ConfirmKill => (s with { Mode = s.Underneath, KillTarget = null, Status = "kill cancelled" }, None),
        WallMode.Help => (s with { Mode = s.Underneath }, None),
        WallMode.Zoom => (s with { Mode = WallMode.Grid }, None),
        WallMode.Filter => (Reselect(s, s with { Mode = WallMode.Grid, Filter = "" }), None),
        WallMode.History => (s with { Mode = WallMode.Grid, History = [], HistoryScreen = null }, None),
        WallMode.HistoryDetail => (s with { Mode = WallMode.History, HistoryScreen = null, HistoryScroll = 0 }, None),
        _ when s.Filter.Length > 0 => (Reselect(s, s with { Filter = "" }), None),
        _ => (s, None),
    };

    private static (WallState, IReadOnlyList<Cmd>) OpenHistory(WallState s)
    {
        if (s.HistorySelected >= s.History.Length)
        {
            return (s, None);
        }

        var entry = s.History[s.HistorySelected];
        return entry.HasScreen
            ? (s with { Mode = WallMode.HistoryDetail, HistoryScreen = null, HistoryScroll = 0 }, [new LoadHistoryScreen(entry.Id)])
            : (s with { Status = "no screen was captured for " + entry.Name }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnSnapshot(WallState s, ServerSnapshot snap)
    {
        var previous = s.Cards.Where(c => c.Server.Equals(snap.Server)).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var fresh = snap.Sessions.Select(session =>
        {
            var capture = snap.Captures.TryGetValue(session.ActivePane.PaneId, out var text)
                ? text
                : previous.TryGetValue(session.Key, out var old) && old.PaneId == session.ActivePane.PaneId ? old.Capture : null;
            return Cards.Build(session, capture, snap.TakenAt, s.Settings.IdleAfter);
        }).ToList();

        var healthy = new ServerHealth(snap.Server, null, TimeSpan.Zero);
        var sameCards = fresh.Count == previous.Count && fresh.All(c => previous.TryGetValue(c.Key, out var p) && p == c);
        var sameHealth = s.Health.TryGetValue(snap.Server, out var h) && h == healthy;
        if (sameCards && sameHealth && s.Answered.Contains(snap.Server))
        {
            return (s, None);
        }

        var cards = s.Cards.Where(c => !c.Server.Equals(snap.Server)).Concat(fresh).ToImmutableArray();
        var next = s with
        {
            Cards = cards,
            Health = s.Health.SetItem(snap.Server, healthy),
            Answered = s.Answered.Add(snap.Server),
        };
        return (Reselect(s, next), None);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnServerDown(WallState s, ServerUnavailable u)
    {
        var health = new ServerHealth(u.Server, u.Reason, u.RetryIn) { NoServer = u.NoServer };
        var hasCards = s.Cards.Any(c => c.Server.Equals(u.Server));
        if (!hasCards && s.Health.TryGetValue(u.Server, out var h) && h == health)
        {
            return (s, None);
        }

        var next = s with
        {
            Cards = s.Cards.RemoveAll(c => c.Server.Equals(u.Server)),
            Health = s.Health.SetItem(u.Server, health),
            Answered = s.Answered.Remove(u.Server),
        };
        return (Reselect(s, next), None);
    }

    /// <summary>Keeps the selection on the same card when it is still visible; else on the card now at its old index.</summary>
    private static WallState Reselect(WallState before, WallState after)
    {
        var visible = after.VisibleCards();
        if (visible.Count == 0)
        {
            return after.SelectedKey is null ? after : after with { SelectedKey = null };
        }

        if (after.SelectedKey is not null && visible.Any(c => c.Key == after.SelectedKey))
        {
            return after;
        }

        var old = before.VisibleCards();
        var oldIndex = Math.Max(0, before.SelectedIndex(old));
        return after with { SelectedKey = visible[Clamp(oldIndex, visible.Count)].Key };
    }

    private static bool SamePanes(
        ImmutableDictionary<ServerRef, ImmutableHashSet<string>> a,
        ImmutableDictionary<ServerRef, ImmutableHashSet<string>> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.SetEquals(other));

    private static int Clamp(int i, int count) => count == 0 ? 0 : Math.Clamp(i, 0, count - 1);

    private static (WallState, IReadOnlyList<Cmd>) Sorted(WallState s, SortOrder order) =>
        (s with { Sort = order, Status = "sorted by " + SortName(order) }, None);

    private static string SortName(SortOrder order) => order switch
    {
        SortOrder.LastActivity => "last activity",
        SortOrder.Created => "created",
        _ => "name",
    };
}
