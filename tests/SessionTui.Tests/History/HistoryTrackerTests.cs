using SessionTui.Core;
using SessionTui.Core.History;
using static SessionTui.Tests.Core.Given;

namespace SessionTui.Tests.HistoryTests;

public sealed class HistoryTrackerTests
{
    private static readonly SessionInfo Api = Session(1, "api");
    private static readonly SessionInfo Web = Session(2, "web");

    [Fact]
    public void New_sessions_are_recorded_as_seen_at_the_snapshot_time()
    {
        // Given a tracker that has seen nothing
        // When a tick shows two sessions
        var (_, cmds) = HistoryTracker.Empty.Observe(new SnapshotReceived(Snapshot(Default, T0, Api, Web)));

        // Then both are recorded as seen at the tick's time, in one write
        Assert.Equal(Writes(new RecordSessionsSeen([Api, Web], T0)), cmds);
    }

    [Fact]
    public void An_idle_tick_writes_nothing_and_keeps_the_same_memory()
    {
        // Given a tracker that has seen two sessions, one of them on screen
        var tracker = Seen(Snapshot(Default, T0, Api, Web).WithCaptures(("%1", "$ make")));

        // When the next tick shows the same (new instances of equal values, as every poll makes)
        var (next, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), Session(1, "api"), Session(2, "web")).WithCaptures(("%1", string.Concat("$ ", "make"))));

        // Then nothing is written and the memory is the same instance
        Assert.Empty(cmds);
        Assert.Same(tracker, next);
    }

    [Fact]
    public void Output_alone_writes_nothing_but_the_last_screen_is_kept()
    {
        // Given a tracker that has seen a session
        var tracker = Seen(Snapshot(Default, T0, Api).WithCaptures(("%1", "line 1")));

        // When its output moves on: activity, scrollback, cursor and screen change
        var busy = Api with { ActivePane = Api.ActivePane with { WindowActivity = T0.AddSeconds(1) } };
        var (next, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), busy).WithCaptures(("%1", "line 2")));

        // Then nothing is written, and the new screen is remembered for an end
        Assert.Empty(cmds);
        Assert.Equal(new TrackedSession(Api, T0, "line 2"), Assert.Single(next.Servers[Default]));
    }

    [Fact]
    public void Last_seen_is_refreshed_once_a_minute_and_not_before()
    {
        // Given a tracker that recorded two idle sessions at T0
        var tracker = Seen(Snapshot(Default, T0, Api, Web));

        // When ticks come every second, then the minute is full, then another minute
        var (atMinute, early) = Ticks(tracker, 1, 59);
        var (afterRefresh, refresh) = atMinute.Observe(Snapshot(Default, T0.AddSeconds(60), Api, Web));
        var (_, later) = Ticks(afterRefresh, 61, 119);
        var (_, second) = Ticks(afterRefresh, 61, 120);

        // Then nothing is written for 59 s, both are refreshed at 60 s, and again at 120 s
        Assert.Empty(early);
        Assert.Equal(Writes(new RecordSessionsSeen([Api, Web], T0.AddSeconds(60))), refresh);
        Assert.Empty(later);
        Assert.Equal(Writes(new RecordSessionsSeen([Api, Web], T0.AddSeconds(120))), second);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("command")]
    [InlineData("path")]
    public void A_change_of_name_command_or_path_is_written_at_once_for_that_session_only(string what)
    {
        // Given a tracker that recorded two sessions
        var tracker = Seen(Snapshot(Default, T0, Api, Web));

        // When one of them changes its name, its pane's command or its pane's path
        var changed = what switch
        {
            "name" => Api with { Name = "api-2" },
            "command" => Api with { ActivePane = Api.ActivePane with { CurrentCommand = "vim" } },
            _ => Api with { ActivePane = Api.ActivePane with { CurrentPath = "/srv" } },
        };
        var (_, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(5), changed, Web));

        // Then that session alone is written, at the tick's time
        Assert.Equal(Writes(new RecordSessionsSeen([changed], T0.AddSeconds(5))), cmds);
    }

    [Fact]
    public void The_refresh_of_a_changed_session_counts_from_its_change()
    {
        // Given a session renamed 5 s after it was first recorded
        var renamed = Api with { Name = "api-2" };
        var tracker = Seen(Snapshot(Default, T0, Api, Web), Snapshot(Default, T0.AddSeconds(5), renamed, Web));

        // When a minute has passed since the first sighting, and then since the rename
        var (next, atMinute) = tracker.Observe(Snapshot(Default, T0.AddSeconds(60), renamed, Web));
        var (_, atRenameMinute) = next.Observe(Snapshot(Default, T0.AddSeconds(65), renamed, Web));

        // Then the other session is refreshed first, the renamed one a minute after its rename
        Assert.Equal(Writes(new RecordSessionsSeen([Web], T0.AddSeconds(60))), atMinute);
        Assert.Equal(Writes(new RecordSessionsSeen([renamed], T0.AddSeconds(65))), atRenameMinute);
    }

    [Fact]
    public void A_session_missing_from_the_next_tick_vanished_with_its_last_screen()
    {
        // Given a tracker that saw a session's screen
        var tracker = Seen(Snapshot(Default, T0, Api, Web).WithCaptures(("%1", "last words")));

        // When the next tick lacks that session
        var (next, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), Web));

        // Then it vanished at that tick with the screen, and is forgotten
        Assert.Equal(Writes(new RecordSessionEnd(End(Api, EndReason.Vanished, T0.AddSeconds(1), "last words"), "api")), cmds);
        Assert.Equal([Web], next.Servers[Default].Select(t => t.Session));
    }

    [Fact]
    public void A_server_that_goes_down_ends_its_sessions_as_vanished_once()
    {
        // Given a tracker that saw two sessions on a server
        var tracker = Seen(Snapshot(Default, T0, Api, Web).WithCaptures(("%2", "web screen")));

        // When the server becomes unavailable, twice in a row
        var down = new ServerUnavailable(Default, "no server running on /tmp/tmux-0/default", T0.AddSeconds(3), TimeSpan.FromSeconds(2));
        var (next, first) = tracker.Observe(down);
        var (last, again) = next.Observe(down with { At = T0.AddSeconds(5) });

        // Then both sessions vanished at the first failure, with their last screens, and the second failure writes nothing
        Assert.Equal(
            Writes(
                new RecordSessionEnd(End(Api, EndReason.Vanished, T0.AddSeconds(3), null), "api"),
                new RecordSessionEnd(End(Web, EndReason.Vanished, T0.AddSeconds(3), "web screen"), "web")),
            first);
        Assert.Empty(again);
        Assert.Same(next, last);
        Assert.Empty(next.Servers);
    }

    [Fact]
    public void A_pane_that_exits_in_a_captured_tick_ends_with_that_screen()
    {
        // Given a tracker that saw a running session on screen
        var tracker = Seen(Snapshot(Default, T0, Api).WithCaptures(("%1", "working")));

        // When the next tick shows its pane dead with status 3, and captures it
        var exited = Dead(Api, status: 3);
        var (_, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), exited).WithCaptures(("%1", "done\nPane is dead (status 3)")));

        // Then the end is written with that screen and the status
        Assert.Equal(Writes(new RecordSessionEnd(End(Api, EndReason.Exited, T0.AddSeconds(1), "done\nPane is dead (status 3)", 3), "api")), cmds);
    }

    [Fact]
    public void A_pane_that_exits_off_screen_is_captured_by_the_runner_with_the_older_screen_as_fallback()
    {
        // Given a tracker that saw a session's screen while it ran
        var tracker = Seen(Snapshot(Default, T0, Api).WithCaptures(("%1", "working")));

        // When it exits in a tick that does not capture its pane
        var (_, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), Dead(Api, status: 0)));

        // Then the runner is asked to capture the dead pane (its height of scrollback) and record the end, the old screen as fallback
        Assert.Equal(Writes(new CaptureEndedPane(End(Api, EndReason.Exited, T0.AddSeconds(1), "working", 0), "api", "%1", 40)), cmds);
    }

    [Fact]
    public void A_pane_killed_by_a_signal_and_never_captured_is_captured_without_fallback()
    {
        // Given a tracker that never saw a session's screen
        var tracker = Seen(Snapshot(Default, T0, Api));

        // When its pane dies by SIGKILL
        var killed = Api with { ActivePane = Api.ActivePane with { Dead = true, DeadSignal = 9 } };
        var (_, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), killed));

        // Then the runner captures it; there is no screen to fall back on and no exit status
        Assert.Equal(Writes(new CaptureEndedPane(End(Api, EndReason.Exited, T0.AddSeconds(1), null), "api", "%1", 40)), cmds);
    }

    [Fact]
    public void A_dead_pane_whose_status_tmux_has_not_collected_has_not_ended_yet()
    {
        // Given a tracker that saw a running session
        var tracker = Seen(Snapshot(Default, T0, Api));

        // When its pane shows dead without a status (tmux 3.3a before it reaps), then with status 1
        var (unreaped, first) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), Api with { ActivePane = Api.ActivePane with { Dead = true } }));
        var (_, second) = unreaped.Observe(Snapshot(Default, T0.AddSeconds(2), Dead(Api, status: 1)));

        // Then the end is written once, when the status is known
        Assert.Empty(first);
        Assert.Equal(Writes(new CaptureEndedPane(End(Api, EndReason.Exited, T0.AddSeconds(2), null, 1), "api", "%1", 40)), second);
    }

    [Fact]
    public void An_exited_session_is_no_longer_refreshed_while_its_dead_pane_stays()
    {
        // Given a session that exited a second after it was recorded, beside a live one
        var exited = Dead(Api, status: 0);
        var tracker = Seen(Snapshot(Default, T0, Api, Web), Snapshot(Default, T0.AddSeconds(1), exited, Web));

        // When two minutes pass with its dead pane still listed
        var (next, atMinute) = tracker.Observe(Snapshot(Default, T0.AddSeconds(60), exited, Web));
        var (_, atTwoMinutes) = next.Observe(Snapshot(Default, T0.AddSeconds(120), exited, Web));

        // Then only the live session is refreshed
        Assert.Equal(Writes(new RecordSessionsSeen([Web], T0.AddSeconds(60))), atMinute);
        Assert.Equal(Writes(new RecordSessionsSeen([Web], T0.AddSeconds(120))), atTwoMinutes);
    }

    [Fact]
    public void A_session_first_seen_already_exited_is_recorded_then_ended()
    {
        // Given a tracker that has seen nothing
        // When the first tick shows a session whose pane already exited
        var exited = Dead(Api, status: 2);
        var (_, cmds) = HistoryTracker.Empty.Observe(Snapshot(Default, T0, exited));

        // Then its row is written (command and path kept) and then its end
        Assert.Equal(
            Writes(
                new RecordSessionsSeen([exited], T0),
                new CaptureEndedPane(End(Api, EndReason.Exited, T0, null, 2), "api", "%1", 40)),
            cmds);
    }

    [Fact]
    public void Exit_refreshes_every_live_session_once()
    {
        // Given live sessions on two servers and an exited one, all recorded at T0
        var worker = Session(7, "worker", server: Work);
        var exited = Dead(Session(3, "done"), status: 0);
        var tracker = Seen(Snapshot(Work, T0, worker), Snapshot(Default, T0, Api, exited));

        // When the wall quits 30 s later, and the exit is observed twice
        var (next, cmds) = tracker.AtExit(T0.AddSeconds(30));
        var (last, again) = next.AtExit(T0.AddSeconds(30));

        // Then the live sessions are written once at the exit time, servers in socket path order; nothing more the second time
        Assert.Equal(Writes(new RecordSessionsSeen([Api, worker], T0.AddSeconds(30))), cmds);
        Assert.Empty(again);
        Assert.Same(next, last);
    }

    [Fact]
    public void A_kill_from_the_wall_is_recorded_and_the_session_does_not_vanish_afterwards()
    {
        // Given a tracker that saw two sessions
        var tracker = Seen(Snapshot(Default, T0, Api, Web));

        // When the runner reports that its kill of one succeeded, then the next tick lacks the session
        var kill = new KillSession(Default, Api.SessionId, "api", "%1", Api.Created, Api.ServerPid);
        var (afterKill, cmds) = tracker.Observe(SessionKilled.FromWall(kill, T0.AddSeconds(2), "screen before kill"));
        var (_, afterTick) = afterKill.Observe(Snapshot(Default, T0.AddSeconds(3), Web));

        // Then the kill is written with its screen and time, and no second end follows
        Assert.Equal(Writes(new RecordSessionEnd(End(Api, EndReason.KilledFromWall, T0.AddSeconds(2), "screen before kill"), "api")), cmds);
        Assert.Empty(afterTick);
    }

    [Fact]
    public void A_kill_needs_a_kill_reason()
    {
        // When a kill is built with an exit as its reason
        // Then it is refused
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RecordSessionEnd.Killed(Default, 0, "$1", T0, "api", EndReason.Exited, T0, null));
    }

    [Fact]
    public void After_the_store_recovers_the_next_tick_writes_every_session_once()
    {
        // Given a tracker that recorded two sessions
        var tracker = Seen(Snapshot(Default, T0, Api, Web));

        // When the writer reports that the store works again, then two idle ticks come
        var (recovered, none) = tracker.Observe(new StoreRecovered());
        var (next, rewrite) = recovered.Observe(Snapshot(Default, T0.AddSeconds(10), Api, Web));
        var (_, idle) = next.Observe(Snapshot(Default, T0.AddSeconds(11), Api, Web));

        // Then the first tick rewrites both sessions (writes lost meanwhile are made good), the second writes nothing
        Assert.Empty(none);
        Assert.Equal(Writes(new RecordSessionsSeen([Api, Web], T0.AddSeconds(10))), rewrite);
        Assert.Empty(idle);
    }

    [Fact]
    public void Servers_are_tracked_apart()
    {
        // Given a tracker that saw a session on the default server
        var tracker = Seen(Snapshot(Default, T0, Api));

        // When another server answers with no sessions, then becomes unavailable
        var (next, empty) = tracker.Observe(Snapshot(Work, T0.AddSeconds(1)));
        var (_, down) = next.Observe(new ServerUnavailable(Work, "no server running on /tmp/tmux-0/work", T0.AddSeconds(2), TimeSpan.FromSeconds(1)));

        // Then nothing ends on the default server
        Assert.Empty(empty);
        Assert.Empty(down);
        Assert.Same(tracker, next);
    }

    [Fact]
    public void A_restarted_server_that_reuses_ids_ends_the_old_sessions_and_records_the_new_ones()
    {
        // Given a tracker that saw a session on a server with pid 100
        var old = Api with { ServerPid = 100 };
        var tracker = Seen(Snapshot(Default, T0, old));

        // When the server was restarted (pid 200) and its first session got the same id and creation second
        var reborn = Api with { ServerPid = 200 };
        var (_, cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(1), reborn));

        // Then the new session is recorded and the old one vanished
        Assert.Equal(
            Writes(
                new RecordSessionsSeen([reborn], T0.AddSeconds(1)),
                new RecordSessionEnd(End(old, EndReason.Vanished, T0.AddSeconds(1), null) with { ServerPid = 100 }, "api")),
            cmds);
    }

    [Fact]
    public void Trackers_that_saw_the_same_compare_equal_by_value()
    {
        // Given two trackers fed equal snapshots built separately, and a third that saw another screen
        var one = Seen(Snapshot(Default, T0, Session(1, "api")).WithCaptures(("%1", "screen")));
        var two = Seen(Snapshot(Default, T0, Session(1, "api")).WithCaptures(("%1", string.Concat("scr", "een"))));
        var other = Seen(Snapshot(Default, T0, Session(1, "api")).WithCaptures(("%1", "another")));

        // Then the first two are equal and the third is not
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
        Assert.NotEqual(HistoryTracker.Empty, one);
    }

    [Fact]
    public void Messages_the_tracker_does_not_use_change_nothing()
    {
        // Given a tracker that saw a session
        var tracker = Seen(Snapshot(Default, T0, Api));

        // When a key press or a resize is observed
        var (afterKey, keyCmds) = tracker.Observe(Key('x'));
        var (afterResize, resizeCmds) = tracker.Observe(new Resized(80, 24));

        // Then nothing changes
        Assert.Same(tracker, afterKey);
        Assert.Same(tracker, afterResize);
        Assert.Empty(keyCmds);
        Assert.Empty(resizeCmds);
    }

    private static HistoryCmd[] Writes(params HistoryCmd[] cmds) => cmds;

    private static HistoryTracker Seen(params ServerSnapshot[] snapshots)
    {
        var tracker = HistoryTracker.Empty;
        foreach (var snapshot in snapshots)
        {
            tracker = tracker.Observe(snapshot).Next;
        }

        return tracker;
    }

    /// <summary>Idle ticks of the same sessions every second from <paramref name="from"/> to <paramref name="to"/> seconds after
    /// T0; returns the last tracker and every Cmd they produced.</summary>
    private static (HistoryTracker Next, IReadOnlyList<HistoryCmd> Cmds) Ticks(HistoryTracker tracker, int from, int to)
    {
        var all = new List<HistoryCmd>();
        for (var second = from; second <= to; second++)
        {
            (tracker, var cmds) = tracker.Observe(Snapshot(Default, T0.AddSeconds(second), Session(1, "api"), Session(2, "web")));
            all.AddRange(cmds);
        }

        return (tracker, all);
    }

    private static SessionInfo Dead(SessionInfo s, int status) =>
        s with { ActivePane = s.ActivePane with { Dead = true, DeadStatus = status } };

    private static SessionEnd End(SessionInfo s, EndReason reason, DateTimeOffset at, string? screen, int? status = null) =>
        new(s.Server, s.SessionId, s.Created, reason, status, at, screen) { ServerPid = s.ServerPid };
}
