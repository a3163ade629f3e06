using SessionTui.Core;
using SessionTui.Core.Runs;
using static SessionTui.Tests.Ui.LoopFixtures;

namespace SessionTui.Tests.Core;

/// <summary>The labels of a loop's card and of its iterations: state words and tones, the progress bar at every width, the
/// iteration's exit, items, verify and limit words.</summary>
public sealed class LoopLabelsTests
{
    private static readonly DateTimeOffset Now = Ui.WallFixtures.Now;

    [Theory]
    [InlineData(LoopState.Running, "running", RunTone.Running)]
    [InlineData(LoopState.Verifying, "verifying", RunTone.Verifying)]
    [InlineData(LoopState.Completed, "✓ completed", RunTone.Good)]
    [InlineData(LoopState.MaxReached, "✗ max-reached", RunTone.Bad)]
    [InlineData(LoopState.Stalled, "✗ stalled", RunTone.Bad)]
    [InlineData(LoopState.StalledOnLimit, "✗ stalled-on-limit", RunTone.Bad)]
    [InlineData(LoopState.Killed, "✗ killed", RunTone.Bad)]
    [InlineData(LoopState.Failed, "✗ failed", RunTone.Bad)]
    public void A_loop_card_names_where_the_loop_is_with_its_tone(LoopState state, string label, RunTone tone)
    {
        var card = LoopLabels.Describe(Status(state), Zone);

        Assert.Equal((label, tone), (card.State, card.Tone));
        Assert.Null(card.Warning);
    }

    [Fact]
    public void A_waiting_loop_shows_when_the_limit_resets_in_the_walls_zone()
    {
        var loop = Status(LoopState.Waiting) with { WaitingUntil = new DateTimeOffset(2026, 11, 21, 15, 5, 0, TimeSpan.Zero) };

        Assert.Equal(("waiting for limit reset 16:05", RunTone.Waiting), LoopLabels.State(loop, Zone));
        Assert.Equal("waiting for limit reset 15:05", LoopLabels.State(loop, TimeZoneInfo.Utc).Text);
        Assert.Equal("waiting for limit reset", LoopLabels.State(loop with { WaitingUntil = null }, Zone).Text);
    }

    [Fact]
    public void A_running_loop_without_progress_counts_its_stall_towards_the_limit()
    {
        Assert.Equal(("stalled 2/3", RunTone.Waiting), LoopLabels.State(Status(LoopState.Running) with { NoProgress = 2 }, Zone));
        Assert.Equal("verifying", LoopLabels.State(Status(LoopState.Verifying) with { NoProgress = 2 }, Zone).Text);
    }

    [Fact]
    public void Items_checked_without_a_commit_give_the_card_a_warning()
    {
        var card = LoopLabels.Describe(Status(LoopState.Running) with { CheckedWithoutCommit = 2 }, Zone);

        Assert.Equal("⚠ 2 checked without commit", card.Warning);
        Assert.Equal(new CardLoop(7, 12, 4, 25, "running", RunTone.Running, "⚠ 2 checked without commit"), card);
    }

    [Theory]
    [InlineData(7, 12, 9, "▓▓▓▓▓▓░░░")]
    [InlineData(0, 12, 9, "░░░░░░░░░")]
    [InlineData(1, 12, 9, "▓░░░░░░░░")]
    [InlineData(11, 12, 9, "▓▓▓▓▓▓▓▓░")]
    [InlineData(12, 12, 9, "▓▓▓▓▓▓▓▓▓")]
    [InlineData(14, 12, 3, "▓▓▓")]
    [InlineData(2, 5, 4, "▓▓░░")]
    [InlineData(0, 0, 5, "░░░░░")]
    [InlineData(3, 4, 0, "")]
    public void The_bar_fills_in_proportion_and_is_full_only_when_every_item_is_checked(int done, int total, int cells, string bar) =>
        Assert.Equal(bar, LoopLabels.Bar(done, total, cells));

    [Theory]
    [InlineData(36, "☑ 7/12 ▓▓▓▓▓▓░░░ iter 4/25")]
    [InlineData(26, "☑ 7/12 ▓▓▓▓▓▓░░░ iter 4/25")]
    [InlineData(22, "☑ 7/12 ▓▓▓░░ iter 4/25")]
    [InlineData(20, "☑ 7/12 ▓▓░ iter 4/25")]
    [InlineData(19, "☑ 7/12 iter 4/25")]
    [InlineData(16, "☑ 7/12 iter 4/25")]
    [InlineData(15, "☑ 7/12")]
    [InlineData(4, "☑ 7/12")]
    public void The_progress_line_shrinks_its_bar_then_drops_it_then_the_iteration_on_narrow_cards(int width, string line)
    {
        var loop = LoopLabels.Describe(Status(LoopState.Running), Zone);

        Assert.Equal(line, LoopLabels.Progress(loop, width));
        Assert.True(line.Length <= Math.Max(width, 6));
    }

    [Fact]
    public void A_loop_runs_card_has_the_loop_instead_of_a_badge()
    {
        var run = LoopRun(1, "ralph", Status(LoopState.Completed, 12, 12, 9), TimeSpan.FromHours(2), TimeSpan.FromMinutes(70));
        var plain = Ui.RunFixtures.Run(2, "plain", RunState.Running, TimeSpan.FromMinutes(3));

        var card = RunCards.Describe(run, Now, Zone);

        Assert.Null(card.Badge);
        Assert.Equal(("1h", RunTone.Good, "✓ completed"), (card.Elapsed, card.Tone, card.Loop?.State));
        Assert.Null(RunCards.Describe(plain, Now, Zone).Loop);
        Assert.Equal(("✓ completed", RunTone.Good), RunCards.Headline(run, Zone));
        Assert.Equal(("running", RunTone.Running), RunCards.Headline(plain, Zone));
    }

    [Fact]
    public void An_iteration_is_described_by_its_exit_items_commits_verify_duration_and_limit()
    {
        var its = Iterations("r");

        Assert.Equal(["exit 0", "exit 0", "exit 1", "running"], its.Select(LoopLabels.Exit));
        Assert.Equal(["+2 ☑", "+1 ☑", "-1 ☐", ""], its.Select(LoopLabels.Flipped));
        Assert.Equal(["2 commits", "0 commits", "0 commits", "0 commits"], its.Select(i => LoopLabels.Commits(i.Commits.Count)));
        Assert.Equal(["✓", "✗", "–", "–"], its.Select(LoopLabels.Verify));
        Assert.Equal(["6m", "3m", "1m", ""], its.Select(LoopLabels.Duration));
        Assert.Equal([null, null, "limit · resets 16:05", null], its.Select(i => LoopLabels.Limit(i, Zone)));
    }

    [Theory]
    [InlineData(IterationState.Killed, "killed")]
    [InlineData(IterationState.Interrupted, "interrupted")]
    [InlineData(IterationState.Verifying, "signal 9 (SIGKILL)")]
    [InlineData(IterationState.Ended, "signal 9 (SIGKILL)")]
    public void An_iterations_exit_word_is_its_signal_or_how_it_was_stopped(IterationState state, string word)
    {
        var it = new IterationRecord("r", 1, state, Now) { Exit = state is IterationState.Killed or IterationState.Interrupted ? null : new RunExit(null, 9) };

        Assert.Equal(word, LoopLabels.Exit(it));
    }

    [Fact]
    public void A_limit_without_a_reset_time_or_an_auth_failure_is_named_by_its_mode()
    {
        var it = new IterationRecord("r", 1, IterationState.Ended, Now);

        Assert.Equal("limit", LoopLabels.Limit(it with { Limit = new Diagnosis(FailureMode.RateLimit, "e", "n", null) }, Zone));
        Assert.Equal("auth-failure", LoopLabels.Limit(it with { Limit = new Diagnosis(FailureMode.AuthFailure, "e", "n", null) }, Zone));
        Assert.Equal("+1 ☑ -2 ☐", LoopLabels.Flipped(it with { Checked = ["a"], Unchecked = ["b", "c"] }));
    }
}
