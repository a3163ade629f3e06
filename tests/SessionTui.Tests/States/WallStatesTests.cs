using SessionTui.Core;
using SessionTui.Tests.Core;
using SessionTui.Workcells.States;
using static SessionTui.Tests.Core.Given;

namespace SessionTui.Tests.States;

/// <summary>Agent states on the wall: the rule files read each card's capture, a new state shows once it has held, an
/// unchanged screen is not read again, Tab jumps to the sessions that need you, the urgency sort puts them first, and a
/// card flashes once when it starts to need you.</summary>
public sealed class WallStatesTests
{
    private const string Permission = "⏺ Bash(rm -rf build/)\n\n Bash command\n\n   rm -rf build/\n\n Do you want to proceed?\n ❯ 1. Yes\n   2. No, and tell Claude what to do differently (esc)\n";
    private const string Limit = "⏺ Done.\n  ⎿  You've hit your session limit · resets 4pm (UTC)\n";
    private const string Working = "⏺ Reading files\n\n✻ Churning… (12s · ↑ 1.2k tokens · esc to interrupt)\n";

    private static WallState Rules(int width = 120, int height = 40) => Given.Wall(width, height) with
    {
        Settings = WallSettings.Default with { Classifier = new StateClassifier(StateRules.BuiltIn(), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10), TimeZoneInfo.Utc) },
    };

    private static SnapshotReceived Tick(DateTimeOffset at, params (SessionInfo Session, string Capture)[] panes) =>
        new(Snapshot(Default, at, [.. panes.Select(p => p.Session)]).WithCaptures([.. panes.Select(p => (p.Session.ActivePane.PaneId, p.Capture))]));

    [Fact]
    public void Each_card_gets_the_state_its_screen_rule_reads_with_the_badge_and_rule()
    {
        var state = Rules().Feed(Tick(T0,
            (Session(1, "ask"), Permission),
            (Session(2, "limit"), Limit),
            (Session(3, "busy"), Working),
            (Session(4, "quiet", activity: T0.AddMinutes(-5)), "$ \n")));

        var cards = state.Cards.ToDictionary(c => c.Name);
        Assert.Equal((AgentState.Waiting, "waiting", "claude.waiting.menu"), (cards["ask"].State, cards["ask"].Badge, cards["ask"].Verdict!.Rule));
        Assert.Equal((AgentState.RateLimited, "limit · resets 16:00"), (cards["limit"].State, cards["limit"].Badge));
        Assert.Equal(AgentState.Working, cards["busy"].State);
        Assert.Equal((AgentState.Idle, "idle 5m"), (cards["quiet"].State, cards["quiet"].Badge));
        Assert.True(cards["ask"].NeedsYou && cards["limit"].NeedsYou && !cards["busy"].NeedsYou && !cards["quiet"].NeedsYou);
    }

    [Fact]
    public void A_new_screen_state_shows_only_once_it_has_held_for_the_settle_time()
    {
        var s = Session(1, "agent");
        var working = Rules().Feed(Tick(T0, (s, Working)));

        var glimpse = working.Feed(Tick(T0.AddSeconds(1), (s, Permission)));
        var soon = glimpse.Feed(Tick(T0.AddSeconds(1.5), (s, Permission)));
        var back = glimpse.Feed(Tick(T0.AddSeconds(2), (s, Working)));
        var held = glimpse.Feed(Tick(T0.AddSeconds(2), (s, Permission + " ")));

        Assert.Equal((AgentState.Working, AgentState.Waiting), (glimpse.Cards[0].State, glimpse.Cards[0].Observed));
        Assert.Equal(AgentState.Working, soon.Cards[0].State);
        Assert.Equal(AgentState.Working, back.Cards[0].State);
        Assert.Equal(AgentState.Working, back.Feed(Tick(T0.AddSeconds(3), (s, Permission))).Cards[0].State);
        Assert.Equal(AgentState.Waiting, held.Cards[0].State);
    }

    [Fact]
    public void A_pane_dead_before_tmux_collected_its_status_shows_exited_with_the_status_once_collected()
    {
        var state = Rules().Feed(Tick(T0, (Session(1, "job"), Working)));

        // tmux shows the pane dead, then, a moment later, its status
        var closed = state.Feed(Tick(T0.AddMilliseconds(200), (Session(1, "job", dead: true), Working)));
        var collected = closed.Feed(Tick(T0.AddMilliseconds(400), (Session(1, "job", dead: true, status: 3), Working)));
        var (_, cmds) = WallUpdate.Update(closed, Tick(T0.AddMilliseconds(400), (Session(1, "job", dead: true, status: 3), Working)));
        var late = closed.Feed(Tick(T0.AddSeconds(2.2), (Session(1, "job", dead: true), Working)));
        var never = late.Feed(Tick(T0.AddSeconds(3.2), (Session(1, "job", dead: true), Working)));

        // Then the exit waits for its status (up to three settle times), and shows without one after that
        Assert.Equal(AgentState.Working, closed.Cards[0].State);
        Assert.Equal(AgentState.Working, late.Cards[0].State);
        Assert.Equal((AgentState.Exited, "exited 3"), (collected.Cards[0].State, collected.Cards[0].Badge));
        Assert.Equal(3, Assert.Single(cmds.OfType<AgentStateChanged>()).Card.Verdict!.ExitStatus);
        Assert.Equal(AgentState.Exited, never.Cards[0].State);
    }

    [Fact]
    public void An_exited_pane_shows_at_once()
    {
        var state = Rules().Feed(Tick(T0, (Session(1, "job"), Working)));

        var ended = state.Feed(Tick(T0.AddMilliseconds(200), (Session(1, "job", dead: true, status: 2), Working)));

        Assert.Equal((AgentState.Exited, "exited 2", true), (ended.Cards[0].State, ended.Cards[0].Badge, ended.Cards[0].NeedsYou));
    }

    [Fact]
    public void An_unchanged_screen_is_not_read_again_but_its_quiet_time_still_counts()
    {
        var counting = new CountingClassifier(new StateClassifier(StateRules.BuiltIn(), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10), TimeZoneInfo.Utc));
        var state = Given.Wall() with { Settings = WallSettings.Default with { Classifier = counting } };
        var s = Session(1, "agent", activity: T0);

        state = state.Feed(Tick(T0, (s, Working)), Tick(T0.AddSeconds(1), (s, Working)), Tick(T0.AddMinutes(11), (s, Working)), Tick(T0.AddMinutes(11).AddSeconds(2), (s, Working)));

        Assert.Equal(1, counting.Reads);
        Assert.Equal((AgentState.Stuck, "stuck 11m"), (state.Cards[0].State, state.Cards[0].Badge));
        Assert.StartsWith("freshness.stuck", state.Cards[0].Verdict!.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_jumps_to_the_next_session_that_needs_you_and_wraps()
    {
        var state = Rules().Feed(Tick(T0,
            (Session(1, "a-busy"), Working),
            (Session(2, "b-ask"), Permission),
            (Session(3, "c-busy"), Working),
            (Session(4, "d-failed", dead: true, status: 1), "boom\n"),
            (Session(5, "e-done", dead: true, status: 0), "ok\n")));

        var first = state.Feed(Key(ConsoleKey.Tab));
        var second = first.Feed(Key(ConsoleKey.Tab));
        var wrapped = second.Feed(Key(ConsoleKey.Tab));
        var back = wrapped.Feed(new Press(KeyChord.ShiftOf(ConsoleKey.Tab)));

        Assert.Equal(["b-ask", "d-failed", "b-ask", "d-failed"], new[] { first, second, wrapped, back }.Select(w => w.SelectedCard()!.Name));
        Assert.Equal("b-ask needs you: waiting", first.Status);
    }

    [Fact]
    public void Tab_says_so_when_no_session_needs_you()
    {
        var state = Rules().Feed(Tick(T0, (Session(1, "busy"), Working)));

        Assert.Equal("no session needs you", state.Feed(Key(ConsoleKey.Tab)).Status);
    }

    [Fact]
    public void The_urgency_sort_puts_the_sessions_that_need_you_first()
    {
        var state = Rules().Feed(Tick(T0,
            (Session(1, "a-busy"), Working),
            (Session(2, "b-limit"), Limit),
            (Session(3, "c-ask"), Permission),
            (Session(4, "d-quiet", activity: T0.AddMinutes(-5)), "$ \n"),
            (Session(5, "e-failed", dead: true, status: 1), "boom\n")));

        var urgent = state.Feed(Key('s'), Key('s'), Key('s'));

        Assert.Equal(SortOrder.Urgency, urgent.Sort);
        Assert.Equal(["c-ask", "b-limit", "e-failed", "a-busy", "d-quiet"], urgent.VisibleCards().Select(c => c.Name));
    }

    [Fact]
    public void A_card_flashes_on_the_one_refresh_where_it_starts_to_need_you()
    {
        var s = Session(1, "agent");
        var state = Rules().Feed(Tick(T0, (s, Working)), Tick(T0.AddSeconds(1), (s, Permission)));

        var shown = state.Feed(Tick(T0.AddSeconds(2), (s, Permission)));
        var after = shown.Feed(Tick(T0.AddSeconds(3), (s, Permission)));

        Assert.False(state.Cards[0].Flash);
        Assert.True(shown.Cards[0].Flash);
        Assert.False(after.Cards[0].Flash);
        Assert.Equal(AgentState.Waiting, after.Cards[0].State);
    }

    [Fact]
    public void A_wall_that_starts_on_a_waiting_session_does_not_flash_it()
    {
        var state = Rules().Feed(Tick(T0, (Session(1, "agent"), Permission)));

        Assert.False(state.Cards[0].Flash);
        Assert.True(state.Cards[0].NeedsYou);
    }

    [Fact]
    public void A_card_is_found_at_its_first_capture_showing_the_screens_state_at_once_and_only_then_emits_transitions()
    {
        // Given a session listed before its pane was captured (its state then is only output freshness)
        var s = Session(1, "agent");
        var (listed, atListing) = WallUpdate.Update(Rules(), new SnapshotReceived(Snapshot(Default, T0, s)));

        // When its first capture shows a permission dialog, and later it works again for the settle time
        var (captured, atCapture) = WallUpdate.Update(listed, Tick(T0.AddSeconds(1), (s, Permission)));
        var (working, _) = WallUpdate.Update(captured, Tick(T0.AddSeconds(2), (s, Working)));
        var (held, atChange) = WallUpdate.Update(working, Tick(T0.AddSeconds(3), (s, Working + " ")));

        // Then nothing goes to the watchdog before the capture; the capture finds it waiting at once (no debounce, no
        // flash); and the change after that is a transition from waiting
        Assert.DoesNotContain(atListing, c => c is StatesFound or AgentStateChanged);
        var found = Assert.Single(atCapture.OfType<StatesFound>()).Cards.Single();
        Assert.Equal((AgentState.Waiting, false), (found.State, found.Flash));
        Assert.Empty(atCapture.OfType<AgentStateChanged>());
        var change = Assert.Single(atChange.OfType<AgentStateChanged>());
        Assert.Equal((AgentState.Waiting, AgentState.Working), (change.From, change.Card.State));
        Assert.Empty(atChange.OfType<StatesFound>());
        Assert.Equal(AgentState.Working, held.Cards[0].State);
    }

    [Fact]
    public void A_dead_pane_is_found_without_a_capture_and_a_session_that_reappears_with_its_server_is_found_again()
    {
        // Given an exited session, found at the first listing although nothing was captured
        var s = Session(1, "job", dead: true, status: 2);
        var (first, atFirst) = WallUpdate.Update(Rules(), new SnapshotReceived(Snapshot(Default, T0, s)));

        // When its server goes away and comes back
        var (down, _) = WallUpdate.Update(first, new ServerUnavailable(Default, "no server", T0.AddSeconds(1), TimeSpan.FromSeconds(1)));
        var (_, atBack) = WallUpdate.Update(down, new SnapshotReceived(Snapshot(Default, T0.AddSeconds(5), s)));

        // Then it was found both times (the watchdog's record decides whether that is news)
        Assert.Equal(AgentState.Exited, Assert.Single(atFirst.OfType<StatesFound>()).Cards.Single().State);
        Assert.Single(atBack.OfType<StatesFound>());
        Assert.Empty(down.Found);
    }

    private sealed class CountingClassifier(IStateClassifier inner) : IStateClassifier
    {
        public int Reads { get; private set; }

        public StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now, string command)
        {
            Reads++;
            return inner.ReadScreen(screen, title, now, command);
        }
    }
}
