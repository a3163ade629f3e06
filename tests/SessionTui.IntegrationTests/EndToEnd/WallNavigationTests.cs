using SessionTui.IntegrationTests.Support;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>Paging, sorting, history and the read-only attach, each step checked for what only its key causes.</summary>
public sealed class WallNavigationTests
{
    [Fact]
    public void PgDn_shows_the_next_page_and_s_changes_the_order()
    {
        // Given nine sessions on an 80x24 wall: 2 columns x 2 rows = 4 cards a page, 3 pages
        using var wall = new WallHarness(80, 24);
        for (var i = 1; i <= 9; i++)
        {
            wall.Watched.NewSession($"w{i}", "sh", "-c", $"echo out-{i}; exec sleep 600");
        }

        wall.Start();
        wall.WaitForScreen(s => s.Contains("p 1/3", StringComparison.Ordinal) && s.Contains("out-1", StringComparison.Ordinal), "page 1 of 3");

        // When PgDn is pressed, page 2 shows w5..w8 and none of page 1
        wall.Keys("PageDown");
        var page2 = wall.WaitForScreen(s => s.Contains("p 2/3", StringComparison.Ordinal) && s.Contains("out-5", StringComparison.Ordinal), "page 2 of 3");
        Assert.DoesNotContain("out-1", page2, StringComparison.Ordinal);

        // And s sorts by last activity instead of by name
        wall.Keys("s");
        wall.WaitForScreen(s => s.Contains("sort: activity", StringComparison.Ordinal) && s.Contains("sorted by last activity", StringComparison.Ordinal), "the new order named in header and status");
    }

    [Fact]
    public void History_shows_a_killed_session_and_Enter_opens_its_last_screen()
    {
        using var wall = new WallHarness(120, 40);
        wall.Watched.NewSession("doomed", "sh", "-c", "echo last-words-of-doomed; exec sleep 600");
        wall.Start();
        wall.WaitForText("last-words-of-doomed");
        wall.Keys("x");
        wall.WaitForText("Kill session doomed");
        wall.Keys("y");
        wall.WaitForText("killed doomed");

        wall.Keys("H");
        var list = wall.WaitForScreen(s => s.Contains("history ·", StringComparison.Ordinal) && s.Contains("killed (wall)", StringComparison.Ordinal), "the history list with the kill");
        Assert.Contains("doomed", list, StringComparison.Ordinal);

        wall.Keys("Enter");
        var detail = wall.WaitForScreen(s => s.Contains("╭─ doomed · ", StringComparison.Ordinal) && s.Contains("last-words-of-doomed", StringComparison.Ordinal), "the stored last screen");
        Assert.Contains("killed (wall)", detail.Split('\n')[1], StringComparison.Ordinal);

        wall.Keys("Escape");
        wall.WaitForScreen(s => !s.Contains("╭─ doomed · ", StringComparison.Ordinal) && s.Contains("killed (wall)", StringComparison.Ordinal), "back to the list");
    }

    [Fact]
    public void a_attaches_read_only_so_typed_keys_never_reach_the_pane()
    {
        using var wall = new WallHarness(100, 30);
        var id = wall.Watched.NewSession("watched", "sh", "-c", "echo ready-to-read; exec cat");
        wall.Start();
        wall.WaitForText("ready-to-read");

        wall.Keys("a");
        TmuxTestServer.WaitUntil(() => wall.Watched.Clients(id, controlMode: false) == 1, TimeSpan.FromSeconds(20), "a terminal client on watched");
        Assert.Equal("1", wall.Watched.Tmux("list-clients", "-F", "#{client_readonly}").Trim());
        wall.Keys("-l", "typed-while-read-only");
        wall.Keys("Enter");
        Thread.Sleep(300);
        Assert.DoesNotContain("typed-while-read-only", wall.Watched.Capture(wall.Watched.ActivePane(id)), StringComparison.Ordinal);

        wall.Keys("C-b", "d");
        wall.WaitForText("detached from watched");
        Assert.Equal(0, wall.Watched.Clients(id, controlMode: false));
    }

    [Fact]
    public void The_default_socket_without_a_server_is_left_out_when_other_sockets_are_watched()
    {
        // Given the harness: the wall watches a private server (-S) while the default socket has no server
        using var wall = new WallHarness(120, 40);
        wall.Watched.NewSession("only", "sh", "-c", "echo the-only-one; exec sleep 600");
        wall.Start();

        var screen = wall.WaitForText("the-only-one");
        Thread.Sleep(600);
        screen = wall.Screen();

        // Then neither the header nor a card reports the default socket as down
        Assert.DoesNotContain("down", screen.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("default", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Watching_only_the_default_socket_without_a_server_says_so_plainly()
    {
        using var wall = new WallHarness(120, 40) { DefaultSocketOnly = true };
        wall.Start();

        var screen = wall.WaitForText("no tmux server on socket default");

        Assert.DoesNotContain("no server running on", screen, StringComparison.Ordinal);
        Assert.Contains("start one with: tmux new -s work", screen, StringComparison.Ordinal);
    }
}
