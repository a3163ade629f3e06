using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SessionTui.Core;
using SessionTui.Rendering;
using static SessionTui.Tests.Rendering.WallFixtures;

namespace SessionTui.Tests.Rendering;

public sealed partial class WallViewBehaviourTests
{
    private static readonly Theme Theme = ThemeLoader.Load(null, "themes", noColor: false);

    [Fact]
    public void A_hostile_session_name_is_shown_literally_and_the_borders_stay_straight()
    {
        const string name = "[red]x[/] \u001b[2J\u001b]0;t\u0007\u202eevil 👩\u200d💻 🇩🇪 日本語 and a very long tail that will not fit";
        var session = Session(Default, 1, name, "sh\u0007", "/tmp", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var state = Snapshot(Initial(80, 24), Default, [(session, "[bold]not markup[/] \u001b[31m\u001b[Xred\t\u0000\r\n\uffff")]);

        var frame = Frames(state);

        FrameRendererTests.AssertExactly(frame, 80, 24);
        Assert.Equal("┏━ [red]x[/] evil 👩💻 DE 日本語 and… ━┓", frame[1].TrimEnd());
        Assert.Equal("┃ [bold]not markup[/] red              ┃", frame[3].TrimEnd());
    }

    [Fact]
    public void A_preview_folds_a_run_of_blank_lines_so_a_small_card_still_shows_the_last_words_of_a_dead_pane()
    {
        // Given an exited pane whose last words sit above a tall empty middle and tmux's "Pane is dead" line
        var session = Session(Default, 1, "aider-docs", "bash", "/tmp", TimeSpan.FromMinutes(1), TimeSpan.Zero, dead: true, status: 0);
        var capture = "Done. Wrote handoff to HANDOFF.md\n" + string.Concat(Enumerable.Repeat("\n", 30)) + "Pane is dead (status 0)\n\n";
        var state = Snapshot(Initial(80, 24), Default, [(session, capture)]);

        // When the 80x24 wall draws its card
        var text = string.Join('\n', Frames(state));

        // Then both the last words and the status line are visible
        Assert.Contains("Done. Wrote handoff to HANDOFF.md", text, StringComparison.Ordinal);
        Assert.Contains("Pane is dead (status 0)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_footer_hint_is_a_binding_of_the_current_mode()
    {
        var state = SixSessions(200, 50);

        var footer = Frames(state)[^1];

        foreach (var binding in KeyMap.For(WallMode.Grid).Where(b => b.Intent is not (MoveSelection or PageMove or Back) && b.Keys != "Ctrl-C"))
        {
            Assert.Contains(binding.Keys.Replace("Enter", "⏎", StringComparison.Ordinal), footer, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("y/", footer, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_description_of_every_binding()
    {
        var state = Keys(SixSessions(200, 50), KeyInput.Of('?'));

        var text = string.Join('\n', Frames(state));

        Assert.All(KeyMap.Bindings, b => Assert.Contains(b.Description, text, StringComparison.Ordinal));
        Assert.Contains("! x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kill_dialog_names_the_kill_target_even_when_the_selection_moved()
    {
        var state = Keys(SixSessions(120, 40), KeyInput.Of('x'));
        state = state with { SelectedKey = state.Cards.Single(c => c.Name == "tests").Key };

        var text = string.Join('\n', Frames(state));

        Assert.Contains("Kill session api-agent ($1 on default)?", text, StringComparison.Ordinal);
        Assert.Contains("pane %11 · claude · pid 4201", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_not_captured_yet_shows_a_placeholder()
    {
        var session = Session(Default, 1, "fresh", "bash", "/tmp", TimeSpan.Zero, TimeSpan.Zero);
        var state = Send(Initial(80, 24), new SnapshotReceived(new ServerSnapshot(Default, Now, [session], ImmutableDictionary<string, string>.Empty)));

        var frame = Frames(state);

        Assert.Equal("┃ …", frame[3][..3]);
    }

    [Fact]
    public void The_history_list_scrolls_so_the_selected_row_stays_visible()
    {
        var entries = Enumerable.Range(0, 40).Select(i => History()[0] with { Id = i, Name = $"session-{i:00}" }).ToImmutableArray();
        var state = Send(Keys(SixSessions(80, 24), KeyInput.Of('H')), new HistoryLoaded(entries, null));
        state = state with { HistorySelected = 30 };

        var frame = Frames(state);

        Assert.StartsWith("› session-30", frame[^2], StringComparison.Ordinal);
        Assert.Contains("31/40", frame[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_monochrome_theme_writes_decorations_but_no_colours()
    {
        var mono = ThemeLoader.Load(null, "themes", noColor: true);
        var state = Keys(SixSessions(120, 40), KeyInput.Of('l'));

        var frame = new FrameRenderer(color: true).Render(WallView.Render(state, mono), 120, 40);

        var parameters = frame.SelectMany(row => SgrPattern().Matches(row).Select(m => m.Groups[1].Value)).ToList();
        Assert.Contains(parameters, p => p.Split(';').Contains("1"));
        Assert.DoesNotContain(parameters, p => p.Split(';').Any(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) is >= 30 and <= 49 or >= 90));
    }

    [Fact]
    public void A_zero_sized_terminal_renders_no_rows()
    {
        var state = SixSessions(0, 0);

        Assert.Empty(new FrameRenderer(color: false).Render(WallView.Render(state, Theme), 0, 0));
    }

    [Fact]
    public void Rendering_twice_gives_the_same_frame()
    {
        var state = Keys(SixSessions(120, 40), KeyInput.Of('l'));

        Assert.Equal(Frames(state), Frames(state));
    }

    private static IReadOnlyList<string> Frames(WallState state) =>
        new FrameRenderer(color: false).Render(WallView.Render(state, Theme), state.Width, state.Height);

    [GeneratedRegex("\u001b\\[([0-9;]*)m")]
    private static partial Regex SgrPattern();
}
