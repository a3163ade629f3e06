using SessionTui.Core;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Input;
using static SessionTui.Tests.Ui.RunFixtures;
using static SessionTui.Tests.Ui.WallFixtures;

namespace SessionTui.Tests.Ui;

/// <summary>Golden frames of the workcell screens at 80x24 and 120x40 (the launch form, run cards in every outcome, the
/// runs list, a run's detail) and how their keys behave in the headless Terminal.Gui application.</summary>
[Collection(nameof(TerminalGuiCollection))]
public sealed partial class RunViewTests
{
    private static readonly Theme Theme = ThemeLoader.Load(null, "themes", noColor: false);

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Run_cards_show_the_agent_the_elapsed_time_and_the_outcome_badge(int width, int height)
    {
        var state = WallOfRuns(width, height);

        Assert.Equal("✓ succeeded · +3 commits · verify ✓", state.Cards.Single(c => c.Name == "rate-limit").Run?.Badge);
        Verify(state, "RunCards");
    }

    [Fact]
    public void The_second_page_of_run_cards_at_80x24_shows_the_signal_no_op_killed_and_vanished_runs()
    {
        var state = Keys(WallOfRuns(80, 24), KeyChord.Of(ConsoleKey.PageDown));

        Verify(state, "RunCardsPage2_80x24", exact: true);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void The_launch_form_shows_a_problem_under_its_fields_and_keeps_what_was_typed(int width, int height)
    {
        var state = Keys(WallOfRuns(width, height), KeyChord.Of('n'));
        state = Send(state, new LaunchFieldChanged(LaunchField.Name, "rate-limit"), new LaunchFieldChanged(LaunchField.Task, "Tune the jitter"), new LaunchSubmitted());

        Assert.Equal(WallMode.Launch, state.Mode);
        Assert.Equal(LaunchField.Name, state.Launch?.ErrorField);
        Verify(state, "LaunchFormError");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void The_runs_list_shows_every_run_newest_first_with_its_outcome(int width, int height)
    {
        var state = Keys(WallOfRuns(width, height), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab));
        state = Send(state, new RunHistoryLoaded([.. EachOutcome().Select(r => r.Run)], null));
        state = Keys(state, KeyChord.Of('j'), KeyChord.Of('j'));

        Assert.Equal(WallMode.Runs, state.Mode);
        Verify(state, "RunsList");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_run_detail_renders_the_brief_and_handoff_as_markdown_with_the_verification(int width, int height)
    {
        var runs = EachOutcome().Select(r => r.Run).ToList();
        var state = Keys(WallOfRuns(width, height), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab));
        state = Send(state, new RunHistoryLoaded([.. runs], null));
        state = Keys(state, KeyChord.Of('j'), KeyChord.Of('j'), KeyChord.Of(ConsoleKey.Enter));
        state = Send(state, new RunDetailLoaded(runs[2].RunId, Report(runs[2]), null));

        Assert.Equal(WallMode.RunDetail, state.Mode);
        Verify(state, "RunDetail");
    }

    [Fact]
    public void Scrolling_a_run_detail_reaches_the_verification_at_80x24()
    {
        var runs = EachOutcome().Select(r => r.Run).ToList();
        var state = Keys(WallOfRuns(80, 24), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab));
        state = Send(state, new RunHistoryLoaded([.. runs], null));
        state = Keys(state, KeyChord.Of('j'), KeyChord.Of('j'), KeyChord.Of(ConsoleKey.Enter));
        state = Send(state, new RunDetailLoaded(runs[2].RunId, Report(runs[2]), null));
        state = Keys(state, KeyChord.Of(ConsoleKey.PageDown), KeyChord.Of(ConsoleKey.PageDown));

        Verify(state, "RunDetailScrolled_80x24", exact: true);
    }

    [Fact]
    public void Typing_into_the_launch_form_fills_the_fields_and_tab_moves_to_the_next()
    {
        using var wall = new HeadlessWall(WallOfRuns(120, 40), Theme);

        wall.Press(new Key('n'));
        foreach (var c in "x y")
        {
            wall.Press(new Key(c));
        }

        wall.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab);
        foreach (var c in "go?")
        {
            wall.Press(new Key(c));
        }

        Assert.Equal(WallMode.Launch, wall.State.Mode);
        Assert.Equal("x y", wall.State.Launch?[LaunchField.Name]);
        Assert.Equal("go?", wall.State.Launch?[LaunchField.Task]);
        Assert.Equal("/home/dev/src/api-fix", wall.State.Launch?[LaunchField.Directory]);
        wall.Press(Key.Esc);
        Assert.Equal(WallMode.Grid, wall.State.Mode);
        Assert.DoesNotContain(wall.Screen(), row => row.Contains("New run on", StringComparison.Ordinal));
    }

    [Fact]
    public void Enter_in_the_launch_form_submits_from_any_field()
    {
        using var wall = new HeadlessWall(WallOfRuns(120, 40), Theme);

        wall.Press(new Key('n'), new Key('w'), Key.Tab, Key.Tab, Key.Tab, Key.Tab, new Key('t'), Key.Enter);

        var launch = Assert.IsType<LaunchRun>(wall.Cmds.Last());
        Assert.Equal(("w", "t", "/home/dev/src/api-fix"), (launch.Spec.Name, launch.Spec.Task, launch.Spec.Directory));
        Assert.Contains(wall.Screen(), row => row.Contains("launching…", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_card_offers_handoff_and_resume_in_the_footer()
    {
        var state = WallOfRuns(200, 50);
        using var wall = new HeadlessWall(Send(state, new SelectCard(state.Cards.Single(c => c.Name == "rate-limit").Key)), Theme);

        var footer = wall.Screen()[^1];

        Assert.Equal("rate-limit", wall.State.SelectedCard()?.Name);
        Assert.Contains("e handoff", footer, StringComparison.Ordinal);
        Assert.Contains("R resume", footer, StringComparison.Ordinal);
    }

    private static void Verify(WallState state, string name, bool exact = false)
    {
        using var wall = new HeadlessWall(state, Theme);
        var frame = wall.Screen();

        Assert.Equal(state.Height, frame.Count);
        Assert.All(frame, row => Assert.Equal(state.Width, CellWidth.Of(row)));
        Golden.Verify(frame, exact ? name : $"{name}_{state.Width}x{state.Height}");
    }
}
