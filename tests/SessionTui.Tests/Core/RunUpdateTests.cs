using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tests.Ui;
using static SessionTui.Tests.Core.Given;
using static SessionTui.Tests.Ui.RunFixtures;

namespace SessionTui.Tests.Core;

/// <summary>The Update for workcells: the launch form, run cards and their refresh, the runs list and detail, handoff and
/// resume.</summary>
public sealed class RunUpdateTests
{
    private static readonly DateTimeOffset Now = WallFixtures.Now;

    private static WallState Form(WallState? wall = null) => (wall ?? WallOfRuns(120, 40)).Feed(Key('n'));

    private static WallState Typed(WallState state, params (LaunchField Field, string Text)[] fields) =>
        state.Feed([.. fields.Select(f => (Msg)new LaunchFieldChanged(f.Field, f.Text))]);

    [Fact]
    public void N_opens_the_launch_form_in_the_selected_cards_directory()
    {
        var state = Form();

        Assert.Equal(WallMode.Launch, state.Mode);
        Assert.Equal("/home/dev/src/api-fix", state.Launch?[LaunchField.Directory]);
        Assert.Equal(LaunchField.Name, state.Launch?.Focus);
    }

    [Fact]
    public void A_dead_run_card_offers_its_runs_directory_and_an_empty_wall_the_walls_own()
    {
        var dead = WallOfRuns(120, 40);
        var docs = dead.Cards.Single(c => c.Name == "docs");
        var empty = Given.Wall() with { Workcells = Info with { StartDirectory = "/home/dev" } };

        Assert.Equal("/home/dev/src/docs", Form(dead.Feed(new SelectCard(docs.Key)) with { }).Launch?[LaunchField.Directory]);
        Assert.Equal("/home/dev", empty.Feed(Key('n')).Launch?[LaunchField.Directory]);
    }

    [Fact]
    public void N_without_workcells_says_why_and_opens_nothing()
    {
        var state = WallWith(2).Feed(Key('n'));

        Assert.Equal(WallMode.Grid, state.Mode);
        Assert.StartsWith("cannot launch", state.Status, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "say hi", "", "", LaunchField.Name, "the name is empty")]
    [InlineData("rate-limit", "say hi", "", "", LaunchField.Name, "a session named 'rate-limit' already exists on workcells")]
    [InlineData("new", "", "", "", LaunchField.Task, "give a task or a brief file")]
    [InlineData("new", "say hi", "brief.md", "", LaunchField.Task, "give a task or a brief file, not both")]
    [InlineData("new", "say hi", "", "mystery", LaunchField.Agent, "no agent preset 'mystery'; presets: aider, claude, codex, gemini")]
    public void Submitting_a_form_that_cannot_launch_shows_the_problem_on_its_field_and_launches_nothing(
        string name, string task, string brief, string agent, LaunchField field, string error)
    {
        var state = Typed(Form(), (LaunchField.Name, name), (LaunchField.Task, task), (LaunchField.Brief, brief), (LaunchField.Agent, agent));

        var (next, cmds) = Step(state, Key(ConsoleKey.Enter));

        Assert.Equal(WallMode.Launch, next.Mode);
        Assert.Equal((field, error), (next.Launch?.ErrorField, next.Launch?.Error));
        Assert.Equal(field, next.Launch?.Focus);
        Assert.DoesNotContain(cmds, c => c is LaunchRun);
    }

    [Fact]
    public void A_command_with_an_unclosed_quote_is_refused_in_the_form()
    {
        var state = Typed(Form(), (LaunchField.Name, "n"), (LaunchField.Task, "t"), (LaunchField.Command, "agent 'half"));

        var next = state.Feed(new LaunchSubmitted());

        Assert.Equal((LaunchField.Command, "the command has an unclosed ' quote"), (next.Launch?.ErrorField, next.Launch?.Error));
    }

    [Fact]
    public void A_valid_form_launches_on_the_workcell_server_with_the_command_split_into_argv()
    {
        var state = Typed(Form(), (LaunchField.Name, "fix it"), (LaunchField.Command, "codex exec --model \"o 3\" '{task}'"), (LaunchField.Task, "Fix \"it\""), (LaunchField.Verify, " npm test "));

        var (next, cmds) = Step(state, new LaunchSubmitted());

        var launch = Assert.IsType<LaunchRun>(Assert.Single(cmds));
        Assert.Equal(
            new LaunchSpec("fix it", "/home/dev/src/api-fix", ["codex", "exec", "--model", "o 3", "{task}"], null, "Fix \"it\"", null, "npm test", RunFixtures.Workcells),
            launch.Spec);
        Assert.True(next.Launch?.Busy);
        Assert.Empty(next.CmdsOf(new LaunchSubmitted()));
    }

    [Fact]
    public void A_refused_launch_keeps_the_form_open_with_what_was_typed_and_the_problem()
    {
        var state = Typed(Form(), (LaunchField.Name, "x"), (LaunchField.Task, "t")).Feed(new LaunchSubmitted());

        var next = state.Feed(new LaunchFailed(LaunchField.Directory, "no such directory: /nope"));

        Assert.Equal(WallMode.Launch, next.Mode);
        Assert.Equal(("x", "no such directory: /nope", false, LaunchField.Directory), (next.Launch?[LaunchField.Name], next.Launch?.Error, next.Launch?.Busy, next.Launch?.Focus));
    }

    [Fact]
    public void A_launch_closes_the_form_and_selects_the_new_card_when_its_snapshot_arrives()
    {
        var state = Typed(Form(), (LaunchField.Name, "new"), (LaunchField.Task, "t")).Feed(new LaunchSubmitted());
        var session = WallFixtures.Session(RunFixtures.Workcells, 9, "new", "claude", "/home/dev/src/api-fix", TimeSpan.Zero, TimeSpan.Zero);
        var run = Run(9, "new", RunState.Running, TimeSpan.Zero);

        var (launched, cmds) = Step(state, new Launched(run, session.Key, Resumed: false));
        var seen = launched.Feed(new SnapshotReceived(new ServerSnapshot(RunFixtures.Workcells, Now, [.. EachOutcome().Select(o => o.Session), session], ImmutableDictionary<string, string>.Empty)));

        Assert.Equal((WallMode.Grid, (LaunchForm?)null), (launched.Mode, launched.Launch));
        Assert.Contains(cmds, c => c is RefreshNow);
        Assert.Equal("new", seen.SelectedCard()?.Name);
        Assert.Equal(run.RunId, seen.SelectedCard()?.Run?.RunId);
        Assert.Null(seen.SelectWhenSeen);
    }

    [Fact]
    public void Esc_cancels_the_launch_and_tab_moves_through_the_fields_wrapping_around()
    {
        var form = Form();

        Assert.Equal(LaunchField.Directory, form.Feed(Key(ConsoleKey.Tab)).Launch?.Focus);
        Assert.Equal(LaunchField.Verify, form.Feed(new Press(KeyChord.ShiftOf(ConsoleKey.Tab))).Launch?.Focus);
        Assert.Equal((WallMode.Grid, "launch cancelled"), (form.Feed(Key(ConsoleKey.Escape)).Mode, form.Feed(Key(ConsoleKey.Escape)).Status));
    }

    [Fact]
    public void Letters_typed_in_the_form_are_text_not_wall_keys()
    {
        Assert.Null(KeyMap.Resolve(WallMode.Launch, KeyChord.Of('q')));
        Assert.Null(KeyMap.Resolve(WallMode.Launch, KeyChord.Of('x')));
    }

    [Theory]
    [InlineData(RunState.Running, null)]
    [InlineData(RunState.Verifying, "… verifying")]
    [InlineData(RunState.Succeeded, "✓ succeeded · +3 commits · verify ✓")]
    [InlineData(RunState.NoOp, "○ no-op")]
    [InlineData(RunState.Killed, "✗ killed")]
    [InlineData(RunState.Vanished, "? vanished")]
    public void A_run_badge_names_its_outcome(RunState state, string? badge)
    {
        var run = Run(1, "r", state, TimeSpan.FromMinutes(5), exit: new RunExit(0, null), verification: state == RunState.Succeeded ? Verified(3, "npm test", 0) : null);

        Assert.Equal(badge, RunCards.Badge(run).Badge);
    }

    [Fact]
    public void A_failed_run_badge_names_the_exit_status_or_the_signal_and_the_verify_result()
    {
        var status = Run(1, "r", RunState.Failed, TimeSpan.FromMinutes(5), exit: new RunExit(1, null), verification: Verified(0, "npm test", 1));
        var signal = Run(1, "r", RunState.Failed, TimeSpan.FromMinutes(5), exit: new RunExit(null, 9), verification: Verified());

        Assert.Equal("✗ failed 1 · verify ✗", RunCards.Badge(status).Badge);
        Assert.Equal("✗ failed SIGKILL", RunCards.Badge(signal).Badge);
    }

    [Fact]
    public void The_first_snapshot_asks_for_the_runs_with_the_reconciler_and_no_second_load_overlaps_it()
    {
        var wall = Given.Wall(120, 40, RunFixtures.Workcells) with { Workcells = Info };
        var snapshot = new SnapshotReceived(new ServerSnapshot(RunFixtures.Workcells, Now, [.. EachOutcome().Select(o => o.Session)], ImmutableDictionary<string, string>.Empty));

        var (first, cmds) = Step(wall, snapshot);

        Assert.Equal([new LoadRuns(100, Reconcile: true)], cmds.OfType<LoadRuns>());
        Assert.Empty(first.CmdsOf(snapshot with { Snapshot = snapshot.Snapshot with { TakenAt = Now.AddSeconds(1) } }).OfType<LoadRuns>());
    }

    [Fact]
    public void A_dead_pane_whose_run_has_not_ended_asks_for_the_runs_at_the_next_tick()
    {
        var state = WallOfRuns(120, 40);
        var tick = new SnapshotReceived(new ServerSnapshot(RunFixtures.Workcells, Now.AddSeconds(1), [.. EachOutcome().Select(o => o.Session)], ImmutableDictionary<string, string>.Empty));

        var (asked, cmds) = Step(state, tick);
        var done = asked.Feed(new RunsLoaded([.. EachOutcome().Select(o => o.Run.State == RunState.Verifying ? o.Run with { State = RunState.Succeeded, Verification = Verified(2) } : o.Run)], null, Now));

        Assert.Equal([new LoadRuns(100, Reconcile: false)], cmds.OfType<LoadRuns>());
        Assert.Equal("✓ succeeded · +2 commits", done.Cards.Single(c => c.Name == "docs").Run?.Badge);
        Assert.Empty(done.CmdsOf(tick).OfType<LoadRuns>());
    }

    [Fact]
    public void A_runs_session_that_disappears_asks_the_reconciler_once()
    {
        var state = WallOfRuns(120, 40).Feed(new RunsLoaded([.. EachOutcome().Select(o => o.Run).Where(r => r.State != RunState.Verifying)], null, Now));
        var without = new SnapshotReceived(new ServerSnapshot(RunFixtures.Workcells, Now.AddSeconds(1), [.. EachOutcome().Select(o => o.Session).Where(s => s.Name != "api-fix")], ImmutableDictionary<string, string>.Empty));

        var (asked, cmds) = Step(state, without);
        var again = asked.Feed(new RunsLoaded(state.Runs, null, Now)).CmdsOf(without with { Snapshot = without.Snapshot with { TakenAt = Now.AddSeconds(2) } });

        Assert.Equal([new LoadRuns(100, Reconcile: true)], cmds.OfType<LoadRuns>());
        Assert.Empty(again.OfType<LoadRuns>());
    }

    [Fact]
    public void Tab_in_history_shows_the_runs_and_enter_opens_one_whose_detail_scrolls_within_its_lines()
    {
        var runs = EachOutcome().Select(o => o.Run).ToImmutableArray();
        var (list, cmds) = Step(WallOfRuns(80, 24).Feed(Key('H')), Key(ConsoleKey.Tab));
        list = list.Feed(new RunHistoryLoaded(runs, null), Key('j'), Key('j'));
        var (opening, open) = Step(list, Key(ConsoleKey.Enter));
        var shown = opening.Feed(new RunDetailLoaded(runs[2].RunId, Report(runs[2]), null));
        var bottom = shown.Feed([.. Enumerable.Repeat<Msg>(Key('j'), 500)]);

        Assert.Equal([new LoadRunHistory(500)], cmds);
        Assert.Equal([new LoadRunDetail(runs[2].RunId)], open);
        Assert.Equal(WallMode.RunDetail, shown.Mode);
        Assert.Contains(shown.RunDoc, l => l.ToString() == "• Retry with exponential backoff (src/limiter.ts)");
        Assert.Equal(shown.RunDoc.Length - WallUpdate.DetailRows(shown), bottom.RunScroll);
        Assert.Equal(WallMode.Runs, shown.Feed(Key(ConsoleKey.Escape)).Mode);
        Assert.Equal(WallMode.History, list.Feed(Key(ConsoleKey.Tab)).Mode);
    }

    [Fact]
    public void E_edits_the_handoff_of_the_selected_run_and_says_so_for_a_plain_session()
    {
        var state = WallOfRuns(120, 40);
        var plain = WallWith(1) with { Workcells = Info };

        var cmds = state.CmdsOf(Key('e'));

        Assert.Equal([new EditFile(state.Runs.Single(r => r.Name == "api-fix").RunDir + "/handoff.md", "the handoff of api-fix")], cmds);
        Assert.Equal("s01 is not a workcell run", plain.Feed(Key('e')).Status);
    }

    [Fact]
    public void R_resumes_an_ended_run_and_refuses_a_running_one()
    {
        var state = WallOfRuns(120, 40);
        var ended = state.Feed(new SelectCard(state.Cards.Single(c => c.Name == "rate-limit").Key));

        var cmds = ended.CmdsOf(Key('R'));
        var running = state.Feed(Key('R'));

        Assert.Equal([new ResumeRun(state.Runs.Single(r => r.Name == "rate-limit").RunId, "rate-limit")], cmds);
        Assert.Equal("api-fix is still running; resume it once it has ended", running.Status);
    }

    [Theory]
    [InlineData("claude {task}", new[] { "claude", "{task}" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("say 'two words' \"and \\\"more\\\"\" back\\ slash", new[] { "say", "two words", "and \"more\"", "back slash" })]
    [InlineData("keep $HOME literal", new[] { "keep", "$HOME", "literal" })]
    [InlineData("", new string[0])]
    public void A_command_line_splits_into_argv_without_a_shell(string line, string[] words)
    {
        var (split, error) = Argv.Split(line);

        Assert.Null(error);
        Assert.Equal(words, split);
    }

    [Fact]
    public void Markdown_headings_lists_quotes_and_code_render_without_their_markup_and_wrap_under_their_bullet()
    {
        var run = Run(1, "r", RunState.Succeeded, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3));
        var report = new RunReport(run, "## Task\n\n- a **bold** and `code` item that is long enough to wrap\n> quoted\n```\nraw **not bold**\n```\n<!-- hidden -->\n", null, null, []);

        var lines = RunDocument.Build(report, 30, s => s.Length, TimeZoneInfo.Utc).Select(l => l.ToString()).ToList();

        Assert.Contains("Task", lines);
        Assert.Contains("• a bold and code item that is", lines);
        Assert.Contains("  long enough to wrap", lines);
        Assert.Contains("│ quoted", lines);
        Assert.Contains("  raw **not bold**", lines);
        Assert.DoesNotContain(lines, l => l.Contains("hidden", StringComparison.Ordinal));
        Assert.Contains("No handoff was written.", lines);
    }
}
