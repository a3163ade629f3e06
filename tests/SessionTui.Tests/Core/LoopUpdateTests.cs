using SessionTui.Core;
using SessionTui.Core.Runs;
using static SessionTui.Tests.Core.Given;
using static SessionTui.Tests.Ui.LoopFixtures;

namespace SessionTui.Tests.Core;

/// <summary>The Update for loops: their cards refresh while they run, and a loop's detail lists its iterations, selects
/// one and opens it.</summary>
public sealed class LoopUpdateTests
{
    private static readonly DateTimeOffset Now = Ui.WallFixtures.Now;

    private static WallState Detail(int width = 120, int height = 40) => LoopDetail(width, height);

    [Fact]
    public void A_running_loop_reads_the_runs_again_every_three_seconds_of_snapshots_one_load_at_a_time()
    {
        var state = WallOfLoops(120, 40);

        Assert.DoesNotContain(state.CmdsOf(Tick(Now.AddSeconds(2))), c => c is LoadRuns);
        var (asked, cmds) = Step(state, Tick(Now.AddSeconds(3)));
        Assert.Contains(new LoadRuns(100, false), cmds);
        Assert.DoesNotContain(asked.CmdsOf(Tick(Now.AddSeconds(4))), c => c is LoadRuns);
    }

    [Fact]
    public void Ended_loops_and_plain_runs_do_not_read_the_runs_again()
    {
        var state = WallOfLoops(120, 40).Feed(new RunsLoaded([.. EachState().Where(r => r.Loop is null || r.Loop.IsEnded)], null, Now));

        Assert.DoesNotContain(state.CmdsOf(Tick(Now.AddSeconds(30))), c => c is LoadRuns);
    }

    [Fact]
    public void New_progress_of_a_loop_shows_on_its_card_and_the_same_progress_changes_nothing()
    {
        var state = WallOfLoops(120, 40);
        var runs = EachState();
        var moved = runs.SetItem(0, runs[0] with { Loop = runs[0].Loop! with { Done = 8, Iteration = 5, State = LoopState.Verifying } });

        var next = state.Feed(new RunsLoaded(moved, null, Now.AddSeconds(3)));
        var same = next.Feed(new RunsLoaded(moved, null, Now.AddSeconds(6)));

        var loop = next.Cards.Single(c => c.Name == "ralph-api").Run?.Loop;
        Assert.Equal((8, 5, "verifying", RunTone.Verifying), (loop?.Done, loop?.Iteration, loop?.State, loop?.Tone));
        Assert.Equal(Now.AddSeconds(3), next.RunsAt);
        Assert.True(same.Cards == next.Cards);
    }

    [Fact]
    public void A_loops_detail_selects_its_latest_iteration_and_enter_opens_it_until_esc_goes_back()
    {
        var state = Detail();

        Assert.Equal((WallMode.RunDetail, 3), (state.Mode, state.IterationSelected));
        var opened = state.Feed(Key('k'), Key(ConsoleKey.Enter));
        Assert.Equal((WallMode.IterationDetail, 2), (opened.Mode, opened.IterationSelected));
        Assert.Contains(opened.IterationDoc, l => l.ToString() == "☐ Add backoff");
        var back = opened.Feed(Key(ConsoleKey.Escape));
        Assert.Equal((WallMode.RunDetail, 2, 0), (back.Mode, back.IterationSelected, back.IterationDoc.Length));
        Assert.Equal(WallMode.Runs, back.Feed(Key(ConsoleKey.Escape)).Mode);
    }

    [Fact]
    public void Moving_through_the_iterations_keeps_the_selected_line_on_screen_and_scrolls_past_the_ends()
    {
        var state = Detail(80, 24);
        var rows = WallUpdate.DetailRows(state);

        var first = state.Feed(Key('k'), Key('k'), Key('k'));
        var line = Enumerable.Range(0, first.RunDoc.Length).Single(i => first.RunDoc[i].Item == 0);
        Assert.Equal(0, first.IterationSelected);
        Assert.InRange(line, first.RunScroll, first.RunScroll + rows - 1);
        var last = first.Feed(Key('j'), Key('j'), Key('j'));
        Assert.Equal(3, last.IterationSelected);
        Assert.Equal(last.RunScroll + 1, last.Feed(Key('j')).RunScroll);
    }

    [Fact]
    public void An_open_loop_detail_is_read_again_when_its_loop_moves_on_and_keeps_its_place()
    {
        var state = Detail().Feed(Key('k'));
        var runs = EachState();
        var moved = runs.SetItem(0, runs[0] with { Loop = runs[0].Loop! with { Iteration = 5, State = LoopState.Verifying } });

        Assert.DoesNotContain(state.CmdsOf(new RunsLoaded(runs, null, Now.AddSeconds(3))), c => c is LoadRunDetail);
        var (asked, cmds) = Step(state, new RunsLoaded(moved, null, Now.AddSeconds(3)));
        Assert.Contains(new LoadRunDetail(runs[0].RunId), cmds);
        var report = LoopReport(moved[0]);
        var refreshed = asked.Feed(new RunDetailLoaded(runs[0].RunId, report, null));

        Assert.Equal((WallMode.RunDetail, 2, state.RunScroll), (refreshed.Mode, refreshed.IterationSelected, refreshed.RunScroll));
        Assert.Same(report, refreshed.RunDetail);
        Assert.Contains(refreshed.RunDoc, l => l.ToString().StartsWith("iteration  5/25", StringComparison.Ordinal));
    }

    [Fact]
    public void A_click_on_an_iteration_line_opens_that_iteration()
    {
        var state = Detail().Feed(new OpenIterationRow(0));

        Assert.Equal((WallMode.IterationDetail, 0), (state.Mode, state.IterationSelected));
        Assert.Equal("iteration  1 of 25 · ended", state.IterationDoc[0].ToString());
    }

    [Fact]
    public void Enter_in_a_plain_runs_detail_opens_nothing()
    {
        var runs = EachState();
        var plain = runs[^1];
        var state = WallOfLoops(120, 40).Feed(Key('H'), Key(ConsoleKey.Tab), new RunHistoryLoaded(runs, null), new OpenRunRow(runs.Length - 1));
        state = state.Feed(new RunDetailLoaded(plain.RunId, Ui.RunFixtures.Report(plain), null));

        var (next, cmds) = Step(state, Key(ConsoleKey.Enter));

        Assert.Equal(WallMode.RunDetail, next.Mode);
        Assert.Empty(cmds);
    }

    [Fact]
    public void A_resize_wraps_the_open_iteration_again()
    {
        var state = Detail().Feed(Key(ConsoleKey.Enter));

        var narrow = state.Feed(new Resized(40, 20));

        Assert.Equal(WallMode.IterationDetail, narrow.Mode);
        Assert.All(narrow.IterationDoc, l => Assert.True(l.ToString().Length <= WallUpdate.DocWidth(narrow) || l.Spans.Any(s => s.Style == DocStyle.Code)));
        Assert.True(narrow.IterationDoc.Length > state.IterationDoc.Length);
    }

    [Fact]
    public void A_loops_detail_shows_its_progress_then_one_aligned_line_per_iteration()
    {
        var runs = EachState();

        var lines = RunDocument.Build(LoopReport(runs[0]), 76, s => s.Length, Zone).Select(l => l.ToString()).ToList();

        var loop = lines.IndexOf(lines.First(l => l.StartsWith("── Loop", StringComparison.Ordinal)));
        Assert.Equal(
        [
            "checklist  ☑ 7/12 ▓▓▓▓▓▓░░░",
            "iteration  4/25",
            "state      running",
            "stall      0/3 without progress · 0 limit waits",
            "warning    ⚠ 1 checked without commit",
            "prd        /home/dev/src/api/PRD.md",
            "",
            "── Iterations ──────────────────────────────────────────────────────────────",
            "",
            "#1  exit 0   +2 ☑  2 commits  verify ✓  6m",
            "#2  exit 0   +1 ☑  0 commits  verify ✗  3m  ⚠ checked without commit",
            "#3  exit 1   -1 ☐  0 commits  verify –  1m  limit · resets 16:05",
            "#4  running        0 commits  verify –",
        ], lines.Skip(loop + 2).Take(13));
        Assert.DoesNotContain(lines, l => l.StartsWith("── Brief", StringComparison.Ordinal) || l.StartsWith("── Verification", StringComparison.Ordinal));
        Assert.Contains("── Last screen", lines.Last(l => l.StartsWith("──", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
