using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

public sealed class TmuxClientSnapshotTests : IDisposable
{
    private readonly TmuxTestServer _tmux = new();

    public void Dispose() => _tmux.Dispose();

    private string StartPrinting(string name, string text)
    {
        var id = _tmux.NewSession(name, "sh", "-c", $"printf '%s\\n' '{text}'; exec sleep 100");
        var pane = _tmux.ActivePane(id);
        _tmux.WaitForText(pane, text);
        return pane;
    }

    [Fact]
    public async Task A_snapshot_lists_every_session_and_captures_the_asked_panes_in_one_tmux_call()
    {
        // Given two sessions printing something
        var api = StartPrinting("api", "api says hi");
        StartPrinting("web", "web says hi");

        // When a snapshot asks for one capture
        var snapshot = await _tmux.Client.SnapshotAsync(_tmux.Server, [api], lines: 0);

        // Then both sessions are listed, only the asked pane is captured, and one tmux process did it
        Assert.Equal(["api", "web"], snapshot.Sessions.Select(s => s.Name));
        Assert.Equal(api, snapshot.Sessions[0].ActivePane.PaneId);
        Assert.Equal([api], snapshot.Captures.Keys);
        Assert.StartsWith("api says hi\n", snapshot.Captures[api], StringComparison.Ordinal);
        Assert.Equal(24, snapshot.Captures[api].Split('\n').Length);
        Assert.Equal(1, _tmux.Transport.Spawned);
        Assert.Equal(TimeSpan.Zero, snapshot.TakenAt.Offset);
        Assert.InRange(snapshot.TakenAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_capture_that_targets_a_vanished_pane_keeps_the_list_and_only_loses_the_captures_after_it()
    {
        // Given three panes on screen, the middle one killed since the last tick
        var first = StartPrinting("first", "one");
        var gone = StartPrinting("gone", "two");
        var last = StartPrinting("last", "three");
        _tmux.Tmux("kill-session", "-t", "=gone");

        // When the next tick asks for all three
        var snapshot = await _tmux.Client.SnapshotAsync(_tmux.Server, [first, gone, last], lines: 0);

        // Then the list is complete, the first capture is there and the rest wait for the next tick
        Assert.Equal(["first", "last"], snapshot.Sessions.Select(s => s.Name));
        Assert.Equal([first], snapshot.Captures.Keys);
    }

    [Fact]
    public async Task Captures_keep_colour_escapes_and_the_asked_scrollback()
    {
        var id = _tmux.NewSession("colour", "sh", "-c", "for i in $(seq 1 40); do echo line$i; done; printf '\\033[31mred\\033[0m\\n'; exec sleep 100");
        var pane = _tmux.ActivePane(id);
        _tmux.WaitForText(pane, "red");

        var snapshot = await _tmux.Client.SnapshotAsync(_tmux.Server, [pane], lines: 10);
        var capture = snapshot.Captures[pane];

        // Then (41 lines printed, 24 visible: line1-line18 in history) it holds the last 10 of history and the screen, with SGR
        Assert.Contains("\nline40\n\u001b[31mred\n", capture, StringComparison.Ordinal);
        Assert.Equal(10 + 24, capture.Split('\n').Length);
        Assert.StartsWith("line9\n", capture, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_sessions_has_an_empty_snapshot()
    {
        var snapshot = await _tmux.Client.SnapshotAsync(_tmux.Server, ["%0"], lines: 0);

        Assert.Empty(snapshot.Sessions);
        Assert.Empty(snapshot.Captures);
        Assert.Empty(await _tmux.Client.ListSessionsAsync(_tmux.Server));
    }

    [Fact]
    public async Task A_dead_server_makes_snapshots_fail_as_unavailable_until_a_new_server_runs_on_the_socket()
    {
        // Given a server that dies
        StartPrinting("before", "x");
        _tmux.KillServer();

        // Then snapshots say so in one plain line, keeping tmux's own
        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(
            () => _tmux.Client.SnapshotAsync(_tmux.Server, [], lines: 0));
        Assert.Equal(($"no tmux server on socket {_tmux.SocketPath}", true), (error.Message, error.NoServer));
        Assert.Matches($"^(no server running on|error connecting to) {_tmux.SocketPath}", error.TmuxError);

        // When a new server starts on the same socket, snapshots work again
        _tmux.Start();
        StartPrinting("after", "y");
        var snapshot = await _tmux.Client.SnapshotAsync(_tmux.Server, [], lines: 0);
        Assert.Equal(["after"], snapshot.Sessions.Select(s => s.Name));
    }

    [Fact]
    public async Task Attached_clients_count_terminal_clients_and_not_control_mode_clients()
    {
        // Given api with a control-mode client and a terminal client, and web with only a control-mode client
        using var host = new TmuxTestServer();
        var api = _tmux.NewSession("api", "sleep", "100");
        var web = _tmux.NewSession("web", "sleep", "100");
        _tmux.AttachControlClient(api);
        _tmux.AttachControlClient(web);
        _tmux.AttachTerminalClient(host, api);

        // When listed
        var sessions = await _tmux.Client.ListSessionsAsync(_tmux.Server);

        // Then only the terminal counts
        Assert.Equal([("api", 1), ("web", 0)], sessions.Select(s => (s.Name, s.AttachedClients)));
    }
}
