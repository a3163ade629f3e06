using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using static SessionTui.Tests.Ui.WallFixtures;
using Point = System.Drawing.Point;

namespace SessionTui.Tests.Ui;

/// <summary>The wall's Terminal.Gui views driven headless: keys through Terminal.Gui's key bindings, the mouse, and what the
/// screen buffer holds afterwards.</summary>
[Collection(nameof(TerminalGuiCollection))]
public sealed class WallViewBehaviourTests
{
    private static readonly Theme Theme = ThemeLoader.Load(null, "themes", noColor: false);

    [Fact]
    public void A_hostile_session_name_is_shown_literally_and_the_borders_stay_straight()
    {
        const string name = "[red]x[/] \u001b[2J\u001b]0;t\u0007\u202eevil 👩\u200d💻 🇩🇪 日本語 and a very long tail that will not fit";
        var session = Session(Default, 1, name, "sh\u0007", "/tmp", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var state = Snapshot(Initial(80, 24), Default, [(session, "[bold]not markup[/] \u001b[31m\u001b[Xred\t\u0000\r\n\uffff")]);

        using var wall = new HeadlessWall(state, Theme);
        var frame = wall.Screen();

        Assert.Equal(24, frame.Count);
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
        using var wall = new HeadlessWall(state, Theme);
        var text = string.Join('\n', wall.Screen());

        // Then both the last words and the status line are visible
        Assert.Contains("Done. Wrote handoff to HANDOFF.md", text, StringComparison.Ordinal);
        Assert.Contains("Pane is dead (status 0)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_footer_hint_is_a_binding_of_the_current_mode()
    {
        using var wall = new HeadlessWall(SixSessions(200, 50), Theme);

        var footer = wall.Screen()[^1];

        // e and R act on runs: they show only when the selected card is one (RunViewTests). Tab shows while a card needs
        // you (one is waiting here); Shift-Tab, its reverse, only in help.
        foreach (var binding in KeyMap.For(WallMode.Grid).Where(b => b.Intent is not (MoveSelection or PageMove or Back or EditHandoffRequested or ResumeRequested) && b.Intent is not NextNeedingYou { Direction: < 0 } && b.Keys != "Ctrl-C"))
        {
            Assert.Contains(binding.Keys.Replace("Enter", "⏎", StringComparison.Ordinal).Replace("Tab", "⇥", StringComparison.Ordinal), footer, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("y/", footer, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_description_of_every_binding()
    {
        using var wall = new HeadlessWall(SixSessions(200, 50), Theme);

        wall.Press(new Key('?'));
        var text = string.Join('\n', wall.Screen());

        Assert.Equal(WallMode.Help, wall.State.Mode);
        Assert.All(KeyMap.Bindings, b => Assert.Contains(b.Description, text, StringComparison.Ordinal));
        Assert.Contains("! x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_of_every_mode_reaches_the_Update_as_its_key_map_intent()
    {
        // Given the wall in each mode in turn, with the view of that mode focused
        foreach (var mode in new[] { WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.Help })
        {
            foreach (var (binding, key) in KeyAdapter.Keys(mode))
            {
                using var wall = new HeadlessWall(InMode(mode), Theme);

                // When the key is pressed
                wall.Press(key);

                // Then the intent the key map names for it is what the views posted
                Assert.True(wall.Posted.FirstOrDefault() == binding.Intent, $"{key} in {mode} posted {string.Join(", ", wall.Posted)}, expected {binding.Intent}");
            }
        }
    }

    [Fact]
    public void In_the_kill_dialog_Enter_kills_and_never_lands_on_Cancel()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);

        wall.Press(Key.CursorRight, new Key('x'));
        Assert.Equal(WallMode.ConfirmKill, wall.State.Mode);
        Assert.Contains("Kill session build ($3 on default)?", string.Join('\n', wall.Screen()), StringComparison.Ordinal);
        wall.Press(Key.Enter);

        var kill = Assert.Single(wall.Cmds.OfType<KillSession>());
        Assert.Equal(("$3", "build"), (kill.SessionId, kill.Name));
        Assert.Equal(WallMode.Grid, wall.State.Mode);
        Assert.DoesNotContain("Confirm kill", string.Join('\n', wall.Screen()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kill_dialog_names_the_kill_target_even_when_the_selection_moved()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);
        wall.Press(new Key('x'));

        wall.Send(new SelectCard(wall.State.Cards.Single(c => c.Name == "tests").Key));
        var text = string.Join('\n', wall.Screen());

        Assert.Contains("Kill session api-agent ($1 on default)?", text, StringComparison.Ordinal);
        Assert.Contains("pane %11 · claude · pid 4201", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Typing_in_the_filter_field_narrows_the_grid_and_Esc_then_q_at_once_clears_it_and_quits()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);

        wall.Press(new Key('/'), new Key('t'), new Key('e'));
        Assert.Equal((WallMode.Filter, "te"), (wall.State.Mode, wall.State.Filter));
        Assert.Contains(" / te", wall.Screen()[^1], StringComparison.Ordinal);

        // A terminal delivers Esc followed at once by q as Alt+q
        wall.Press(new Key('q').WithAlt);

        Assert.True(wall.Posted.Contains(new QuitRequested()), string.Join(", ", wall.Posted));
        Assert.Equal((WallMode.Grid, ""), (wall.State.Mode, wall.State.Filter));
        Assert.Contains(new Quit(0), wall.Cmds);
    }

    [Fact]
    public void Keys_typed_in_one_burst_after_the_slash_all_reach_the_filter()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);

        wall.PressAtOnce(new Key('/'), new Key('t'), new Key('e'), new Key('s'));

        Assert.Equal((WallMode.Filter, "tes"), (wall.State.Mode, wall.State.Filter));
    }

    [Fact]
    public void A_click_selects_a_card_a_double_click_attaches_and_the_wheel_pages()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);

        Click(wall, new Point(45, 5), MouseFlags.LeftButtonClicked);
        Assert.Equal("build", wall.State.SelectedCard()!.Name);

        Click(wall, new Point(85, 25), MouseFlags.LeftButtonDoubleClicked);
        Assert.Equal("tests", wall.State.SelectedCard()!.Name);
        Assert.Equal(new AttachSession(Default, "$4", "tests", false), Assert.Single(wall.Cmds.OfType<AttachSession>()));

        Click(wall, new Point(10, 10), MouseFlags.WheeledDown);
        Assert.Contains(new PageMove(1), wall.Posted);
    }

    [Fact]
    public void A_click_on_a_history_row_opens_its_last_screen()
    {
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);
        wall.Press(new Key('H')).Send(new HistoryLoaded(WallFixtures.History(), null));

        Click(wall, new Point(5, 4), MouseFlags.LeftButtonClicked);

        Assert.Equal(WallMode.HistoryDetail, wall.State.Mode);
        Assert.Equal(new LoadHistoryScreen(11), wall.Cmds.OfType<LoadHistoryScreen>().Single());
    }

    [Fact]
    public void A_card_not_captured_yet_shows_a_placeholder()
    {
        var session = Session(Default, 1, "fresh", "bash", "/tmp", TimeSpan.Zero, TimeSpan.Zero);
        var state = Send(Initial(80, 24), new SnapshotReceived(new ServerSnapshot(Default, Now, [session], ImmutableDictionary<string, string>.Empty)));

        using var wall = new HeadlessWall(state, Theme);

        Assert.Equal("┃ …", wall.Screen()[3][..3]);
    }

    [Fact]
    public void The_history_list_scrolls_so_the_selected_row_stays_visible()
    {
        var entries = Enumerable.Range(0, 40).Select(i => WallFixtures.History()[0] with { Id = i, Name = $"session-{i:00}" }).ToImmutableArray();
        using var wall = new HeadlessWall(SixSessions(80, 24), Theme);
        wall.Press(new Key('H')).Send(new HistoryLoaded(entries, null));

        for (var i = 0; i < 30; i++)
        {
            wall.Press(new Key('j'));
        }

        var frame = wall.Screen();
        Assert.Contains(frame, row => row.StartsWith("session-30", StringComparison.Ordinal));
        Assert.Contains("31/40", frame[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_monochrome_theme_draws_bold_and_reverse_but_no_colours()
    {
        var mono = ThemeLoader.Load(null, "themes", noColor: true);
        using var wall = new HeadlessWall(Keys(SixSessions(120, 40), KeyChord.Of('l')), mono);

        var cells = wall.App.Driver!.Contents!.Cast<Cell>().Where(c => c.Attribute is not null).Select(c => c.Attribute!.Value).ToList();

        Assert.Contains(cells, a => a.Style.HasFlag(TextStyle.Bold));
        Assert.Contains(cells, a => a.Style.HasFlag(TextStyle.Reverse));
        Assert.All(cells, a => Assert.Equal((Color.None, Color.None), (a.Foreground, a.Background)));
    }

    [Fact]
    public void Pane_colours_reach_the_screen_buffer_as_Terminal_Gui_attributes()
    {
        // Given the agent's capture: ⏺ in 256-colour 42, "Read" in bold, ✻ in true colour 215;119;87, "(3.1s)" dim
        using var wall = new HeadlessWall(SixSessions(120, 40), Theme);
        var contents = wall.App.Driver!.Contents!;

        Cell At(string grapheme, int row)
        {
            for (var x = 0; x < contents.GetLength(1); x++)
            {
                if (contents[row, x].Grapheme == grapheme)
                {
                    return contents[row, x];
                }
            }

            throw new InvalidOperationException($"{grapheme} not on row {row}");
        }

        var screen = wall.Screen();
        var toolRow = screen.ToList().FindIndex(r => r.Contains("⏺ Read(", StringComparison.Ordinal));
        var thinkingRow = screen.ToList().FindIndex(r => r.Contains("✻ Thinking", StringComparison.Ordinal));
        Assert.Equal(XtermPalette.Of(42), At("⏺", toolRow).Attribute!.Value.Foreground);
        Assert.True(At("R", toolRow).Attribute!.Value.Style.HasFlag(TextStyle.Bold));
        Assert.Equal(new Color(215, 119, 87), At("✻", thinkingRow).Attribute!.Value.Foreground);
    }

    [Fact]
    public void Showing_an_unchanged_state_again_hands_no_cell_to_Terminal_Gui()
    {
        using var wall = new HeadlessWall(Keys(SixSessions(120, 40), KeyChord.Of('l')), Theme);
        var written = new List<int>();
        wall.Window.GridDrawn = (_, cells) => written.Add(cells);

        wall.Window.SetNeedsDraw();
        wall.App.LayoutAndDraw();
        wall.Press(Key.CursorRight);

        Assert.Equal(0, written[0]);
        Assert.InRange(written[1], 1, 40 * 12);
    }

    private static WallState InMode(WallMode mode)
    {
        var grid = SixSessions(120, 40);
        return mode switch
        {
            WallMode.Zoom => Keys(grid, KeyChord.Of('z')),
            WallMode.Help => Keys(grid, KeyChord.Of('?')),
            WallMode.History => Send(Keys(grid, KeyChord.Of('H')), new HistoryLoaded(WallFixtures.History(), null)),
            _ => grid,
        };
    }

    private static void Click(HeadlessWall wall, Point at, MouseFlags flags)
    {
        wall.App.Mouse.RaiseMouseEvent(new Mouse { ScreenPosition = at, Flags = flags });
        wall.App.LayoutAndDraw();
    }
}
