using SessionTui.Core;
using Terminal.Gui.Input;
using static SessionTui.Tests.Ui.LoopFixtures;
using static SessionTui.Tests.Ui.WallFixtures;

namespace SessionTui.Tests.Ui;

/// <summary>Golden frames of Ralph loops on the wall: their cards in each state, a loop's detail with its iterations, one
/// iteration; and Enter and Esc between them in the headless application.</summary>
public sealed partial class RunViewTests
{
    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Loop_cards_show_the_checklist_progress_the_iteration_and_the_loops_state(int width, int height)
    {
        var state = WallOfLoops(width, height);

        Verify(state, "LoopCards");
    }

    [Fact]
    public void The_second_page_of_loop_cards_at_80x24_shows_the_ended_loops_and_the_plain_run()
    {
        var state = Keys(WallOfLoops(80, 24), KeyChord.Of(ConsoleKey.PageDown));

        Verify(state, "LoopCardsPage2_80x24", exact: true);
    }

    [Theory]
    [InlineData(24, "☑ 7/12 ▓▓░ iter 4/25")]
    [InlineData(22, "☑ 7/12 iter 4/25")]
    public void A_narrow_loop_card_shrinks_the_bar_then_drops_it_and_keeps_the_counts(int width, string progress)
    {
        using var wall = new HeadlessWall(WallOfLoops(width, 24), Theme);

        var rows = wall.Screen();

        Assert.Contains(rows, row => row.Contains("│ " + progress, StringComparison.Ordinal));
        Assert.Equal(progress.Contains('▓', StringComparison.Ordinal), rows.Any(row => row.Contains('▓', StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_loops_detail_lists_its_iterations_with_the_selected_one_highlighted(int width, int height)
    {
        var state = Keys(LoopDetail(width, height), KeyChord.Of('k'));

        Assert.Equal(2, state.IterationSelected);
        Verify(state, "LoopDetail");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void An_iteration_shows_its_items_commits_verify_limit_and_output(int width, int height)
    {
        var state = Keys(LoopDetail(width, height), KeyChord.Of('k'), KeyChord.Of('k'), KeyChord.Of(ConsoleKey.Enter));

        Assert.Equal(WallMode.IterationDetail, state.Mode);
        Verify(state, "IterationDetail");
    }

    [Fact]
    public void Enter_on_an_iteration_opens_it_and_esc_returns_to_the_loop_in_the_headless_wall()
    {
        var runs = EachState();
        using var wall = new HeadlessWall(Send(Keys(WallOfLoops(120, 40), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab)), new RunHistoryLoaded(runs, null)), Theme);
        wall.Press(Key.Enter);
        Assert.DoesNotContain("iteration", wall.Screen()[^1], StringComparison.Ordinal);

        wall.Send(new RunDetailLoaded(runs[0].RunId, LoopReport(runs[0]), null));

        Assert.Contains("⏎ iteration", wall.Screen()[^1], StringComparison.Ordinal);
        wall.Press(Key.CursorUp, Key.Enter);
        Assert.Equal(WallMode.IterationDetail, wall.State.Mode);
        Assert.Contains(wall.Screen(), row => row.Contains("ralph-api · iteration 3 · exit 1", StringComparison.Ordinal));
        Assert.Contains(wall.Screen(), row => row.Contains("☐ Add backoff", StringComparison.Ordinal));
        wall.Press(Key.Esc);
        Assert.Equal(WallMode.RunDetail, wall.State.Mode);
        Assert.Contains(wall.Screen(), row => row.Contains("#3  exit 1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_footer_of_a_plain_runs_detail_offers_no_iteration()
    {
        var runs = EachState();
        var state = Keys(WallOfLoops(120, 40), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab));
        state = Send(state, new RunHistoryLoaded(runs, null), new OpenRunRow(runs.Length - 1), new RunDetailLoaded(runs[^1].RunId, RunFixtures.Report(runs[^1]), null));
        using var wall = new HeadlessWall(state, Theme);

        Assert.DoesNotContain("iteration", wall.Screen()[^1], StringComparison.Ordinal);
    }
}
