using SessionTui.Core;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>The built wall in a real terminal (a tmux pane), driven by keys and read from the screen.</summary>
public sealed class WallEndToEndTests
{
    private static string Printer(string word) => $"while :; do echo line-{word}-$((i=i+1)); sleep 0.5; done";

    [Fact]
    public void Cards_and_previews_of_every_session_appear()
    {
        using var wall = new WallHarness(120, 40);
        wall.Watched.NewSession("alpha", "sh", "-c", Printer("alpha"));
        wall.Watched.NewSession("beta", "sh", "-c", "echo ready-beta; exec sleep 600");

        wall.Start();

        var screen = wall.WaitForScreen(s => s.Contains("line-alpha-", StringComparison.Ordinal) && s.Contains("ready-beta", StringComparison.Ordinal), "both previews");
        Assert.Contains("alpha", screen, StringComparison.Ordinal);
        Assert.Contains("beta", screen, StringComparison.Ordinal);
        Assert.Contains("working", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kill_through_the_keys_removes_exactly_that_session_and_writes_history()
    {
        using var wall = new WallHarness(120, 40);
        var api = wall.Watched.NewSession("api", "sh", "-c", "echo serving-api; exec sleep 600");
        wall.Watched.NewSession("api-prod", "sh", "-c", "echo serving-prod; exec sleep 600");
        wall.Start();
        wall.WaitForText("serving-prod");

        wall.Keys("x");
        var dialog = wall.WaitForText("Kill session api (" + api);
        Assert.Contains("y/Enter", dialog, StringComparison.Ordinal);
        wall.Keys("y");

        wall.WaitForText("killed api");
        TmuxTestServer.WaitUntil(() => wall.Watched.SessionNames().SequenceEqual(["api-prod"]), what: "only api-prod left");
        using var store = SqliteHistoryStore.OpenReadOnly(wall.DbPath);
        TmuxTestServer.WaitUntil(() => store.List(10).Any(e => e.Name == "api" && e.EndReason is not null), what: "the kill in history");
        var killed = store.List(10).Single(e => e.Name == "api");
        Assert.Equal(EndReason.KilledFromWall, killed.EndReason);
        Assert.Contains("serving-api", store.LoadScreen(killed.Id), StringComparison.Ordinal);
        Assert.Null(store.List(10).Single(e => e.Name == "api-prod").EndReason);
    }

    [Fact]
    public void Escape_cancels_a_kill_and_nothing_dies()
    {
        using var wall = new WallHarness(80, 24);
        wall.Watched.NewSession("keep", "sh", "-c", "echo kept; exec sleep 600");
        wall.Start();
        wall.WaitForText("kept");

        wall.Keys("x");
        wall.WaitForText("Kill session keep");
        wall.Keys("Escape");

        wall.WaitForText("kill cancelled");
        Assert.Equal(["keep"], wall.Watched.SessionNames());
    }

    [Fact]
    public void Enter_attaches_and_detaching_returns_to_the_wall()
    {
        using var wall = new WallHarness(100, 30);
        var id = wall.Watched.NewSession("work", "sh", "-c", "echo inside-work; exec sleep 600");
        wall.Start();
        wall.WaitForText("inside-work");

        wall.Keys("Enter");
        TmuxTestServer.WaitUntil(() => wall.Watched.Clients(id, controlMode: false) == 1, TimeSpan.FromSeconds(20), "a terminal client on work");
        wall.WaitForScreen(s => !s.Contains("SessionTui", StringComparison.Ordinal) && s.Contains("inside-work", StringComparison.Ordinal), "the attached session on screen");

        wall.Keys("C-b", "d");

        wall.WaitForText("detached from work");
        Assert.Equal(0, wall.Watched.Clients(id, controlMode: false));
        wall.Keys("q");
        Assert.Equal(0, wall.WaitForExit());
    }

    [Fact]
    public void Inside_the_watched_server_Enter_switches_the_client_and_the_wall_keeps_running()
    {
        // Given the wall running in a session of the very server it watches, shown by a real terminal client
        using var watched = new TmuxTestServer();
        using var terminal = new TmuxTestServer();
        var target = watched.NewSession("target", "sh", "-c", "echo target-here; exec sleep 600");
        var tmpdir = Directory.CreateTempSubdirectory("stui-e2e-inside-").FullName;
        try
        {
            var wallSession = watched.Tmux(
                "new-session", "-d", "-P", "-F", "#{session_id}", "-s", "a-wall", "-x", "100", "-y", "30", "--",
                "env", "TMUX_TMPDIR=" + tmpdir, "dotnet", WallHarness.AppDll, "-S", watched.SocketPath, "--db", Path.Join(tmpdir, "h.db")).Trim();
            var wallPane = watched.ActivePane(wallSession);
            watched.WaitForText(wallPane, "target-here", TimeSpan.FromSeconds(20));
            terminal.Tmux("set-option", "-g", "status", "off");
            watched.AttachTerminalClient(terminal, wallSession);

            // When the wall's selection is on "target" ("a-wall" sorts first) and Enter is pressed
            watched.Tmux("send-keys", "-t", wallPane, "l", "Enter");

            // Then the client now shows "target" and the wall still runs in its own session
            TmuxTestServer.WaitUntil(
                () => watched.Tmux("list-clients", "-F", "#{session_id}").Trim() == target,
                TimeSpan.FromSeconds(20),
                "the client to switch to target");
            watched.WaitForText(wallPane, "SessionTui");
            Assert.Equal("0", watched.Tmux("display-message", "-p", "-t", wallPane, "#{pane_dead}").Trim());
        }
        finally
        {
            Directory.Delete(tmpdir, recursive: true);
        }
    }

    [Fact]
    public void A_resize_reflows_the_grid()
    {
        using var wall = new WallHarness(120, 40);
        for (var i = 1; i <= 6; i++)
        {
            wall.Watched.NewSession($"s{i}", "sh", "-c", $"echo text-{i}; exec sleep 600");
        }

        wall.Start();
        wall.WaitForScreen(s => TitlesOnOneRow(s, "s1", "s2", "s3"), "three cards in the first row at 120 columns");

        wall.Resize(80, 24);

        var narrow = wall.WaitForScreen(s => TitlesOnOneRow(s, "s1", "s2") && !TitlesOnOneRow(s, "s1", "s2", "s3"), "two cards per row at 80 columns");
        Assert.All(narrow.Split('\n').Take(24), line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void q_exits_0_and_leaves_the_alternate_screen()
    {
        using var wall = new WallHarness(80, 24);
        wall.Start();
        Assert.Equal("1", wall.PaneFormat("#{alternate_on}"));

        wall.Keys("q");

        Assert.Equal(0, wall.WaitForExit());
        Assert.Equal("0", wall.PaneFormat("#{alternate_on}"));
        Assert.Equal("1", wall.PaneFormat("#{cursor_flag}"));
    }

    [Fact]
    public async Task SIGTERM_restores_the_terminal()
    {
        using var wall = new WallHarness(80, 24);
        wall.Start();

        var pid = (await wall.Host.Runner.RunAsync(new ProcessSpec("pgrep", ["-f", "-P", wall.PaneFormat("#{pane_pid}"), "sessiontui.dll"]))).StandardOutput.Trim();
        await wall.Host.Runner.RunAsync(new ProcessSpec("kill", ["-TERM", pid]));

        Assert.Equal(143, wall.WaitForExit());
        Assert.Equal("0", wall.PaneFormat("#{alternate_on}"));
    }

    [Fact]
    public void The_wall_says_when_the_server_dies_and_recovers_when_it_comes_back()
    {
        using var wall = new WallHarness(120, 40);
        wall.Watched.NewSession("first", "sh", "-c", "echo before-death; exec sleep 600");
        wall.Start();
        wall.WaitForText("before-death");

        wall.Watched.KillServer();
        var down = wall.WaitForScreen(s => !s.Contains("before-death", StringComparison.Ordinal) && s.Contains("no tmux server on socket", StringComparison.Ordinal), "the server problem in place of the cards");
        Assert.Contains(wall.Watched.SocketPath, down, StringComparison.Ordinal);

        wall.Watched.Start();
        wall.Watched.NewSession("second", "sh", "-c", "echo after-return; exec sleep 600");

        wall.WaitForText("after-return", TimeSpan.FromSeconds(40));
        using var store = SqliteHistoryStore.OpenReadOnly(wall.DbPath);
        var rows = store.List(10);
        Assert.True(rows.Any(e => e.Name == "first"), "history rows: " + string.Join("; ", rows));
        Assert.Equal(EndReason.Vanished, rows.Single(e => e.Name == "first").EndReason);
    }

    [Fact]
    public void Filter_zoom_and_help_work_from_the_keyboard()
    {
        using var wall = new WallHarness(120, 40);
        wall.Watched.NewSession("frontend", "sh", "-c", "echo fe-output; exec sleep 600");
        wall.Watched.NewSession("backend", "sh", "-c", "echo be-output; exec sleep 600");
        wall.Start();
        wall.WaitForText("fe-output");

        wall.Keys("/", "f", "r", "o");
        wall.WaitForScreen(
            s => s.Contains("fe-output", StringComparison.Ordinal) && !s.Contains("be-output", StringComparison.Ordinal)
                && s.Split('\n')[39].StartsWith(" / fro", StringComparison.Ordinal),
            "only frontend, and the filter prompt holding what was typed");

        // z zooms: the header counts the zoom and the card's border spans the whole width
        wall.Keys("Enter", "z");
        var zoomed = wall.WaitForScreen(s => s.Contains("zoom 1/1", StringComparison.Ordinal), "the zoomed frontend");
        var top = zoomed.Split('\n')[1];
        Assert.StartsWith("┏━ frontend ", top, StringComparison.Ordinal);
        Assert.Equal('┓', top.TrimEnd()[^1]);
        Assert.Equal(120, top.TrimEnd().Length);

        // Esc leaves the zoom but keeps the filter; a second Esc clears the filter
        wall.Keys("Escape");
        wall.WaitForScreen(s => !s.Contains("zoom 1/1", StringComparison.Ordinal) && s.Contains("filter: fro", StringComparison.Ordinal) && !s.Contains("be-output", StringComparison.Ordinal), "unzoomed, still filtered");
        wall.Keys("Escape");
        wall.WaitForText("be-output");
        wall.Keys("?");
        wall.WaitForText("kill the session");
    }

    private static bool TitlesOnOneRow(string screen, params string[] names) =>
        screen.Split('\n').Any(line => names.All(n => line.Contains(" " + n + " ", StringComparison.Ordinal)));
}
