using SessionTui.Core;
using static SessionTui.Tests.Core.Given;

namespace SessionTui.Tests.Core;

public sealed class WallUpdateTests
{
    [Fact]
    public void A_snapshot_makes_one_card_per_session_and_selects_the_first()
    {
        var state = Given.Wall().Feed(new SnapshotReceived(Snapshot(Default, T0, Session(2, "beta"), Session(1, "alpha"))));

        Assert.Equal(["alpha", "beta"], state.VisibleCards().Select(c => c.Name));
        Assert.Equal("alpha", state.SelectedCard()!.Name);
    }

    [Fact]
    public void An_identical_snapshot_returns_the_same_state_instance()
    {
        var state = WallWith(3);

        var (next, cmds) = WallUpdate.Update(state, new SnapshotReceived(Snapshot(Default, T0.AddSeconds(1), [.. Enumerable.Range(1, 3).Select(i => Session(i, $"s{i:00}"))])));

        Assert.Same(state, next);
        Assert.Empty(cmds);
    }

    [Fact]
    public void A_changed_capture_makes_a_new_state_and_a_missing_capture_keeps_the_last_one()
    {
        var state = Given.Wall().Feed(new SnapshotReceived(Snapshot(Default, T0, Session(1, "a")).WithCaptures(("%1", "one"))));

        var changed = state.Feed(new SnapshotReceived(Snapshot(Default, T0, Session(1, "a")).WithCaptures(("%1", "two"))));
        var kept = changed.Feed(new SnapshotReceived(Snapshot(Default, T0, Session(1, "a"))));

        Assert.NotSame(state, changed);
        Assert.Equal("two", changed.Cards[0].Capture);
        Assert.Same(changed, kept);
    }

    [Fact]
    public void States_follow_pane_death_idle_time_and_prompts()
    {
        var snap = Snapshot(
            Default,
            T0,
            Session(1, "run", activity: T0.AddSeconds(-5)),
            Session(2, "idle", activity: T0.AddMinutes(-5)),
            Session(3, "exit", dead: true, status: 3),
            Session(4, "ask", activity: T0.AddSeconds(-2)),
            Session(5, "seen", clients: 2)).WithCaptures(("%4", "Bash command: rm -rf build\nDo you want to proceed?\n❯ 1. Yes\n  2. No\n\n"));

        var cards = Given.Wall().Feed(new SnapshotReceived(snap)).Cards.ToDictionary(c => c.Name);

        Assert.Equal((AgentState.Working, "working"), (cards["run"].State, cards["run"].Badge));
        Assert.Equal((AgentState.Idle, "idle 5m"), (cards["idle"].State, cards["idle"].Badge));
        Assert.Equal((AgentState.Exited, "exited 3"), (cards["exit"].State, cards["exit"].Badge));
        Assert.Equal((AgentState.Waiting, "waiting"), (cards["ask"].State, cards["ask"].Badge));
        Assert.Equal(2, cards["seen"].AttachedClients);
    }

    [Fact]
    public void Moving_right_down_and_paging_follow_the_grid_and_stop_at_the_edges()
    {
        // Given 20 sessions on a 120x40 wall: 3 columns x 4 rows = 12 per page
        var state = WallWith(20);
        Assert.Equal((3, 4), (state.Layout.Columns, state.Layout.Rows));

        Assert.Equal("s02", state.Feed(Key('l')).SelectedCard()!.Name);
        Assert.Equal("s04", state.Feed(Key('j')).SelectedCard()!.Name);
        Assert.Equal("s01", state.Feed(Key('k'), Key('h')).SelectedCard()!.Name);
        Assert.Equal("s13", state.Feed(Key(ConsoleKey.PageDown)).SelectedCard()!.Name);
        Assert.Equal("s20", state.Feed(Key(ConsoleKey.PageDown), Key(ConsoleKey.PageDown), Key(ConsoleKey.DownArrow), Key(ConsoleKey.DownArrow), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow)).SelectedCard()!.Name);
        Assert.Equal("s01", state.Feed(Key(ConsoleKey.PageDown), Key(ConsoleKey.PageUp)).SelectedCard()!.Name);
    }

    [Fact]
    public void Paging_changes_the_watched_panes_to_the_new_page()
    {
        var state = WallWith(20);

        var watch = Assert.Single(state.CmdsOf(Key(ConsoleKey.PageDown)).OfType<WatchPanes>());

        Assert.Equal(Enumerable.Range(13, 8).Select(i => "%" + i).ToHashSet(), watch.Panes[Default].ToHashSet());
    }

    [Fact]
    public void Enter_attaches_to_the_selected_session_and_a_attaches_read_only()
    {
        var state = WallWith(3).Feed(Key('l'));

        Assert.Equal(new AttachSession(Default, "$2", "s02", false), Assert.Single(state.CmdsOf(Key(ConsoleKey.Enter))));
        Assert.Equal(new AttachSession(Default, "$2", "s02", true), Assert.Single(state.CmdsOf(Key('a'))));
    }

    [Fact]
    public void Kill_asks_first_and_y_kills_exactly_the_card_named_in_the_dialog()
    {
        var state = WallWith(3).Feed(Key('l'), Key('x'));
        Assert.Equal(WallMode.ConfirmKill, state.Mode);
        Assert.Equal("s02", state.KillTarget!.Name);

        var (after, cmds) = Step(state, Key('y'));

        var kill = Assert.IsType<KillSession>(Assert.Single(cmds));
        Assert.Equal(("$2", "%2", "s02"), (kill.SessionId, kill.PaneId, kill.Name));
        Assert.Equal(WallMode.Grid, after.Mode);
        Assert.Null(after.KillTarget);
    }

    [Fact]
    public void Enter_confirms_a_kill_and_n_or_Esc_cancel_it()
    {
        var asking = WallWith(2).Feed(Key('x'));

        Assert.IsType<KillSession>(Assert.Single(asking.CmdsOf(Key(ConsoleKey.Enter))));
        foreach (var cancel in new[] { Key('n'), Key(ConsoleKey.Escape) })
        {
            var (after, cmds) = Step(asking, cancel);
            Assert.Empty(cmds);
            Assert.Equal((WallMode.Grid, "kill cancelled"), (after.Mode, after.Status));
        }
    }

    [Fact]
    public void A_finished_kill_removes_the_card_and_refreshes()
    {
        var state = WallWith(3).Feed(Key('l'));

        var (after, cmds) = WallUpdate.Update(state, new KillFinished(SessionKey.Of(Default, "$2"), "s02", null));

        Assert.Equal(["s01", "s03"], after.VisibleCards().Select(c => c.Name));
        Assert.Equal("s03", after.SelectedCard()!.Name);
        Assert.Equal("killed s02", after.Status);
        Assert.Contains(cmds, c => c is RefreshNow);
    }

    [Fact]
    public void A_failed_kill_keeps_the_card_and_says_why()
    {
        var after = WallWith(1).Feed(new KillFinished(SessionKey.Of(Default, "$1"), "s01", "can't find session: $1"));

        Assert.Single(after.Cards);
        Assert.Equal("kill s01 failed: can't find session: $1", after.Status);
    }

    [Fact]
    public void Zoom_shows_one_card_and_Esc_returns_to_the_grid()
    {
        var zoomed = WallWith(5).Feed(Key('j'), Key('z'));

        Assert.Equal(WallMode.Zoom, zoomed.Mode);
        Assert.Equal(["s04"], zoomed.PageCards().Select(c => c.Name));
        Assert.True(WallUpdate.Watch(zoomed).Lines > WallUpdate.Watch(WallWith(5)).Lines);
        Assert.Equal(WallMode.Grid, zoomed.Feed(Key(ConsoleKey.Escape)).Mode);
    }

    [Fact]
    public void Filter_narrows_as_you_type_Enter_keeps_it_and_Esc_clears_it()
    {
        var state = Given.Wall().Feed(new SnapshotReceived(Snapshot(Default, T0, Session(1, "api"), Session(2, "api-prod"), Session(3, "web"))));

        var typing = state.Feed(Key('/'), Key('a'), Key('p'), Key('q'));
        Assert.Equal((WallMode.Filter, "apq"), (typing.Mode, typing.Filter));
        Assert.Empty(typing.VisibleCards());

        var kept = typing.Feed(new FilterTextChanged("ap"), Key('i'), Key(ConsoleKey.Enter));
        Assert.Equal((WallMode.Grid, "api"), (kept.Mode, kept.Filter));
        Assert.Equal(["api", "api-prod"], kept.VisibleCards().Select(c => c.Name));

        var cleared = kept.Feed(Key('/'), Key(ConsoleKey.Escape));
        Assert.Equal((WallMode.Grid, ""), (cleared.Mode, cleared.Filter));
        Assert.Equal(3, cleared.VisibleCards().Count);
    }

    [Fact]
    public void Filter_text_is_taken_verbatim_from_the_field_including_astral_characters()
    {
        var state = Given.Wall().Feed(Key('/'), new FilterTextChanged("🚀é"));
        Assert.Equal("🚀é", state.Filter);
        Assert.Equal("🚀", state.Feed(new FilterTextChanged("🚀")).Filter);
    }

    [Fact]
    public void Filter_text_outside_filter_mode_changes_nothing()
    {
        var state = WallWith(2);

        Assert.Same(state, Step(state, new FilterTextChanged("x")).State);
    }

    [Fact]
    public void Sort_cycles_name_activity_created_urgency()
    {
        var snap = Snapshot(
            Default,
            T0,
            Session(1, "b", activity: T0.AddSeconds(-100), created: T0.AddHours(-1)),
            Session(2, "a", activity: T0.AddSeconds(-50), created: T0.AddHours(-3)),
            Session(3, "c", activity: T0, created: T0.AddHours(-2)));
        var state = Given.Wall().Feed(new SnapshotReceived(snap));

        Assert.Equal(["a", "b", "c"], state.VisibleCards().Select(c => c.Name));
        Assert.Equal(["c", "a", "b"], state.Feed(Key('s')).VisibleCards().Select(c => c.Name));
        Assert.Equal(["b", "c", "a"], state.Feed(Key('s'), Key('s')).VisibleCards().Select(c => c.Name));
        Assert.Equal(SortOrder.Urgency, state.Feed(Key('s'), Key('s'), Key('s')).Sort);
        Assert.Equal(SortOrder.Name, state.Feed(Key('s'), Key('s'), Key('s'), Key('s')).Sort);
    }

    [Fact]
    public void Selection_stays_on_the_same_session_when_the_order_changes()
    {
        var state = WallWith(3).Feed(Key('l'), Key('l'));

        var sorted = state.Feed(Key('s'));

        Assert.Equal("s03", sorted.SelectedCard()!.Name);
    }

    [Fact]
    public void History_loads_rows_moves_and_opens_the_last_screen()
    {
        var (opened, cmds) = Step(WallWith(1), Key('H'));
        Assert.Equal(WallMode.History, opened.Mode);
        Assert.Equal(new LoadHistory(500), cmds[0]);
        Assert.Empty(Assert.Single(cmds.OfType<WatchPanes>()).Panes[Default]);

        HistoryEntry Row(long id, bool screen) => new(id, "default", "/s", "$" + id, "n" + id, T0, T0, T0, "bash", "/", EndReason.Exited, 0, T0, screen);
        var loaded = opened.Feed(new HistoryLoaded([Row(9, true), Row(8, false)], null), Key('j'));
        Assert.Equal(1, loaded.HistorySelected);
        Assert.Equal("no screen was captured for n8", loaded.Feed(Key(ConsoleKey.Enter)).Status);

        var (detail, load) = Step(loaded.Feed(Key('k')), Key(ConsoleKey.Enter));
        Assert.Equal(WallMode.HistoryDetail, detail.Mode);
        Assert.Equal(new LoadHistoryScreen(9), Assert.Single(load));
        Assert.Equal("screen", detail.Feed(new HistoryScreenLoaded(9, "screen", null)).HistoryScreen);
        Assert.Equal(WallMode.History, detail.Feed(Key(ConsoleKey.Escape)).Mode);
        Assert.Equal(WallMode.Grid, detail.Feed(Key(ConsoleKey.Escape), Key(ConsoleKey.Escape)).Mode);
    }

    [Fact]
    public void Help_toggles_over_the_current_mode()
    {
        var zoomed = WallWith(2).Feed(Key('z'));

        var help = zoomed.Feed(Key('?'));

        Assert.Equal(WallMode.Help, help.Mode);
        Assert.Equal(WallMode.Zoom, help.Feed(Key('?')).Mode);
        Assert.Equal(WallMode.Zoom, help.Feed(Key(ConsoleKey.Escape)).Mode);
    }

    [Fact]
    public void r_refreshes_q_and_CtrlC_quit()
    {
        var state = WallWith(1);

        Assert.Equal(new RefreshNow(), Assert.Single(state.CmdsOf(Key('r'))));
        Assert.Equal(new Quit(0), Assert.Single(state.CmdsOf(Key('q'))));
        Assert.Equal(new Quit(0), Assert.Single(state.CmdsOf(CtrlKey('c'))));
        Assert.Equal(new Quit(0), Assert.Single(state.Feed(Key('/')).CmdsOf(CtrlKey('c'))));
    }

    [Fact]
    public void A_server_going_down_replaces_its_cards_and_coming_back_restores_them()
    {
        var state = Given.Wall(servers: [Default, Work]).Feed(
            new SnapshotReceived(Snapshot(Default, T0, Session(1, "a"))),
            new SnapshotReceived(Snapshot(Work, T0, Session(1, "b", server: Work))));
        Assert.True(state.ShowServer);
        Assert.Equal(2, state.Cards.Length);

        var down = state.Feed(new ServerUnavailable(Work, "server exited unexpectedly", T0, TimeSpan.FromSeconds(2)));
        Assert.Equal(["a"], down.Cards.Select(c => c.Name));
        Assert.Equal("server exited unexpectedly", down.Health[Work].Problem);

        var same = WallUpdate.Update(down, new ServerUnavailable(Work, "server exited unexpectedly", T0, TimeSpan.FromSeconds(2))).State;
        Assert.Same(down, same);

        var back = down.Feed(new SnapshotReceived(Snapshot(Work, T0.AddSeconds(5), Session(1, "b", server: Work))));
        Assert.Null(back.Health[Work].Problem);
        Assert.Equal(2, back.Cards.Length);
    }

    [Fact]
    public void The_default_socket_is_left_out_while_down_only_when_another_watched_server_answers()
    {
        // Given the default socket (a fallback) and the workcell server watched side by side, with no server on the default
        var wall = Given.Wall(servers: [Default, Work]) with { Fallback = [Default], Implicit = [Work] };
        var noDefault = new ServerUnavailable(Default, "no tmux server on socket default", T0, TimeSpan.FromSeconds(2)) { NoServer = true };
        var noWork = new ServerUnavailable(Work, "no tmux server on socket work", T0, TimeSpan.FromSeconds(2)) { NoServer = true };

        // When the workcell server answers, the default is left out; when it is down too, the default shows as down
        var withRuns = wall.Feed(noDefault, new SnapshotReceived(Snapshot(Work, T0, Session(1, "run", server: Work))));
        var nothing = wall.Feed(noDefault, noWork);

        Assert.True(withRuns.IsAbsent(Default));
        Assert.Empty(withRuns.ShownProblems());
        Assert.False(nothing.IsAbsent(Default));
        Assert.True(nothing.IsAbsent(Work));
        Assert.Equal([Default], nothing.ShownProblems().Select(h => h.Server));
    }

    [Fact]
    public void Resize_reflows_the_grid_and_watches_the_new_page()
    {
        var state = WallWith(20);

        var (small, cmds) = WallUpdate.Update(state, new Resized(80, 24));

        Assert.Equal((2, 2), (small.Layout.Columns, small.Layout.Rows));
        Assert.Equal(4, Assert.Single(cmds.OfType<WatchPanes>()).Panes[Default].Count);
        Assert.Same(small, WallUpdate.Update(small, new Resized(80, 24)).State);
    }

    [Fact]
    public void Attach_finished_says_so_and_refreshes()
    {
        var (after, cmds) = WallUpdate.Update(WallWith(1), new AttachFinished("s01", 0, null));

        Assert.Equal("detached from s01", after.Status);
        Assert.Equal(new RefreshNow(), Assert.Single(cmds));
    }

    [Fact]
    public void The_history_store_becoming_unavailable_is_shown_once()
    {
        var state = WallWith(1).Feed(new StoreUnavailable("database is locked"));

        Assert.Equal("database is locked", state.StoreProblem);
        Assert.Same(state, WallUpdate.Update(state, new StoreUnavailable("database is locked")).State);
    }

    [Fact]
    public void Keys_without_meaning_in_a_mode_change_nothing()
    {
        var state = WallWith(2);

        var (after, cmds) = Step(state, Key('Q'));

        Assert.Same(state, after);
        Assert.Empty(cmds);
    }
}
