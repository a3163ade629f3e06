using SessionTui.Core;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using static SessionTui.Tests.Ui.WallFixtures;

namespace SessionTui.Tests.Ui;

/// <summary>Golden frames of every screen at 80x24 and 120x40: the wall's Terminal.Gui views drawn headless, the screen
/// buffer read back as text.</summary>
[Collection(nameof(TerminalGuiCollection))]
public sealed class WallViewTests
{
    private static readonly Theme Theme = ThemeLoader.Load(null, "themes", noColor: false);

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Grid_of_the_six_demo_sessions_with_the_second_selected(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('l'));

        Verify(state, "Grid");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Two_servers_label_every_card_with_its_server(int width, int height)
    {
        var state = Snapshot(Initial(width, height, Default, Work), Default, Six(Default));
        state = Snapshot(state, Work,
        [
            (Session(Work, 1, "review-pr-1874", "claude", "/home/dev/review", TimeSpan.FromHours(5), TimeSpan.FromSeconds(3)), AgentCapture),
            (Session(Work, 2, "deploy", "bash", "/home/dev/ops", TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), ShellCapture),
        ]);

        Verify(state, "TwoServers");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Typing_a_filter_narrows_the_grid_and_shows_the_prompt(int width, int height)
    {
        var state = Type(SixSessions(width, height), "/te");

        Assert.Equal(WallMode.Filter, state.Mode);
        Verify(state, "FilterTyping");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Zoom_fills_the_screen_with_the_selected_card(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('z'));

        Verify(state, "Zoom");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Kill_dialog_names_the_session_pane_and_process_over_the_grid(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('l'), KeyChord.Of('x'));

        Assert.Equal("build", state.KillTarget?.Name);
        Verify(state, "KillDialog");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Help_lists_every_binding_grouped_by_mode(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('?'));

        Verify(state, "Help");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void History_lists_sessions_newest_first_with_the_second_row_selected(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('H'));
        state = Send(state, new HistoryLoaded(WallFixtures.History(), null));
        state = Keys(state, KeyChord.Of('j'));

        Verify(state, "HistoryList");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void History_detail_shows_the_stored_last_screen(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('H'));
        state = Send(state, new HistoryLoaded(WallFixtures.History(), null));
        state = Keys(state, KeyChord.Of('j'), KeyChord.Of(ConsoleKey.Enter));
        state = Send(state, new HistoryScreenLoaded(11, TestsCapture, null));

        Assert.Equal(WallMode.HistoryDetail, state.Mode);
        Verify(state, "HistoryDetail");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void History_detail_says_loading_until_the_screen_arrives(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('H'));
        state = Send(state, new HistoryLoaded(WallFixtures.History(), null));
        state = Keys(state, KeyChord.Of('j'), KeyChord.Of('j'), KeyChord.Of(ConsoleKey.Enter));

        Assert.Equal(WallMode.HistoryDetail, state.Mode);
        Verify(state, "HistoryDetailLoading");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_server_without_sessions_says_how_to_start_one(int width, int height)
    {
        var state = Snapshot(Initial(width, height), Default, []);

        Verify(state, "Empty");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_server_that_never_answered_is_explained_in_the_middle(int width, int height)
    {
        var state = Send(Initial(width, height), new ServerUnavailable(Default, "no server running on /tmp/tmux-0/default", Now, TimeSpan.FromSeconds(4)));

        Verify(state, "ServerDown");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_server_that_went_down_takes_a_free_cell_while_the_other_shows_its_cards(int width, int height)
    {
        var state = Snapshot(Initial(width, height, Default, Work), Default, Six(Default).Take(3));
        state = Send(state, new ServerUnavailable(Work, "no server running on /tmp/tmux-0/work", Now, TimeSpan.FromSeconds(8)));

        Verify(state, "OneServerDown");
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Status_and_a_history_problem_show_in_header_and_footer(int width, int height)
    {
        var state = Keys(SixSessions(width, height), KeyChord.Of('s'));
        state = Send(state, new StoreUnavailable("database is locked (/home/dev/.local/state/sessiontui/history.db)"));

        Verify(state, "StatusAndStoreProblem");
    }

    [Fact]
    public void Paging_shows_page_two_of_three_at_80x24()
    {
        var sessions = Six(Default).AddRange(Enumerable.Range(7, 4).Select(n =>
            (Session(Default, n, $"worker-{n:00}", "codex", "/home/dev/src/agent", TimeSpan.FromMinutes(n), TimeSpan.FromSeconds(n)), ShellCapture)));
        var state = Snapshot(Initial(80, 24), Default, sessions);
        state = Keys(state, KeyChord.Of(ConsoleKey.PageDown));

        Verify(state, "Paging");
    }

    private static void Verify(WallState state, string name)
    {
        using var wall = new HeadlessWall(state, Theme);
        var frame = wall.Screen();

        Assert.Equal(state.Height, frame.Count);
        Assert.All(frame, row => Assert.Equal(state.Width, CellWidth.Of(row)));
        Golden.Verify(frame, state.Width == 80 && state.Height == 24 && name == "Paging" ? name : $"{name}_{state.Width}x{state.Height}");
    }
}
