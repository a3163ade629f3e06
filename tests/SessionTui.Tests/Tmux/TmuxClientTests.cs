using System.Globalization;
using SessionTui.Core;
using SessionTui.Tests.Support;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxClientTests : IDisposable
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-client/sock");
    private static readonly ServerRef Other = TmuxServers.FromSocketPath("/tmp/stui-other/sock");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1795000000);

    private static readonly Arg PaneFormat = Arg.Where(a => IsFormat(a, PaneRow.Format), "PaneRow format with a nonce");
    private static readonly Arg ClientFormat = Arg.Where(a => IsFormat(a, ClientRow.Format), "ClientRow format with a nonce");

    private static readonly Arg[] ListPanes = ["list-panes", "-a", "-f", "#{&&:#{window_active},#{pane_active}}", "-F", PaneFormat];
    private static readonly Arg[] ListClients = ["list-clients", "-F", ClientFormat];
    private static readonly Arg[] Pid = ["display-message", "-p", "#{pid}"];
    private static readonly Arg[] Reap = ["run-shell", "-b", "true"];

    private static readonly TmuxCommandResult NotRun = new(TmuxCommandStatus.NotRun, "", null);

    private readonly VerifyingTmuxTransport _tmux = new();
    private readonly TmuxClient _client;

    public TmuxClientTests() => _client = new TmuxClient(_tmux, new FixedClock(Now));

    public void Dispose() => _tmux.Dispose();

    private static Arg[] Capture(string paneId, int lines) =>
        ["capture-pane", "-p", "-e", "-S", "-" + lines.ToString(CultureInfo.InvariantCulture), "-t", paneId];

    private static TmuxCommandResult Ok(string output) => new(TmuxCommandStatus.Ok, output, null);

    private static TmuxCommandResult Failed(string error) => new(TmuxCommandStatus.Failed, "", error);

    /// <summary>The nonce of a <c>-F</c> format made by <see cref="TmuxRecordFormat"/>: between U+001E and the first variable.</summary>
    private static string? NonceOf(string format)
    {
        var end = format.IndexOf("#{", StringComparison.Ordinal);
        return format.StartsWith('\u001e') && end > 1 ? format[1..end] : null;
    }

    private static bool IsFormat(string argument, Func<string, TmuxRecordFormat> format) =>
        NonceOf(argument) is { } nonce && argument == format(nonce).Text;

    /// <summary>The nonce of the first <c>-F</c> format in a batch, as tmux would echo it.</summary>
    private static string Nonce(IReadOnlyList<TmuxCommand> batch) =>
        batch.SelectMany(c => c.Args).Select(NonceOf).First(n => n is not null)!;

    private static string Row(string nonce, IEnumerable<string> fields) =>
        "\u001e" + nonce + string.Join("\u001f" + nonce, fields) + "\n";

    private static string Panes(string nonce, params Pane[] panes) =>
        string.Concat(panes.Select(p => Row(nonce, PaneRow.Variables.Select(p.Field))));

    private static string Clients(string nonce, params (string? SessionId, bool ControlMode)[] clients) =>
        string.Concat(clients.Select(c => Row(nonce, [c.SessionId ?? "", c.ControlMode ? "1" : "0"])));

    /// <summary>What tmux answers the three listing commands with, for these panes and clients, and server pid 4242.</summary>
    private static TmuxCommandResult[] Listing(IReadOnlyList<TmuxCommand> batch, Pane[] panes, params (string?, bool)[] clients)
    {
        var nonce = Nonce(batch);
        return [Ok(Panes(nonce, panes)), Ok(Clients(nonce, clients)), Ok("4242\n")];
    }

    [Fact]
    public async Task A_snapshot_is_one_batch_that_lists_panes_clients_and_the_pid_then_captures_each_asked_pane()
    {
        // Given two sessions, api with a terminal and a control-mode client, and both panes asked for with 10 lines of history
        _tmux.Expect(Server, [ListPanes, ListClients, Pid, Capture("%1", 10), Capture("%2", 10)], batch =>
        [
            .. Listing(batch, [new("$0", "api", "%1"), new("$1", "web", "%2")], ("$0", false), ("$0", true)),
            Ok("api line\n\n"),
            Ok("web line\n"),
        ]);

        // When a snapshot is taken
        var snapshot = await _client.SnapshotAsync(Server, ["%1", "%2", "%1"], lines: 10);

        // Then both sessions are listed with their pane, clients and server pid, and both captures are kept without the final newline
        Assert.Equal(
            [("$0", "api", "%1", 1, 4242), ("$1", "web", "%2", 0, 4242)],
            snapshot.Sessions.Select(s => (s.SessionId, s.Name, s.ActivePane.PaneId, s.AttachedClients, s.ServerPid)));
        Assert.Equal(new Dictionary<string, string> { ["%1"] = "api line\n", ["%2"] = "web line" }, snapshot.Captures);
        Assert.Equal((Server, Now), (snapshot.Server, snapshot.TakenAt));
        Assert.Equal(Created, snapshot.Sessions[0].Created);
    }

    [Fact]
    public async Task A_vanished_panes_capture_fails_and_only_the_captures_before_it_are_kept()
    {
        // Given %9 gone since the last tick: tmux fails its capture and skips the next one
        _tmux.Expect(Server, [ListPanes, ListClients, Pid, Capture("%1", 0), Capture("%9", 0), Capture("%2", 0)], batch =>
        [
            .. Listing(batch, [new("$0", "api", "%1"), new("$1", "web", "%2")]),
            Ok("api\n"),
            Failed("can't find pane: %9"),
            NotRun,
        ]);

        // When the snapshot asks for all three
        var snapshot = await _client.SnapshotAsync(Server, ["%1", "%9", "%2"], lines: 0);

        // Then the session list is complete and only the capture before the failure is there
        Assert.Equal(["api", "web"], snapshot.Sessions.Select(s => s.Name));
        Assert.Equal(["%1"], snapshot.Captures.Keys);
    }

    [Fact]
    public async Task A_dead_pane_that_tmux_has_not_reaped_makes_the_next_snapshot_send_the_reap_command_once()
    {
        // Given a first tick that sees a dead pane without exit status or signal, a second that sees its status, and a third
        _tmux.Expect(Server, [ListPanes, ListClients, Pid], batch => Listing(batch, [new("$0", "job", "%1", Dead: true)]));
        _tmux.Expect(Server, [ListPanes, ListClients, Pid, Reap], batch =>
            [.. Listing(batch, [new("$0", "job", "%1", Dead: true, Status: "3")]), Ok("")]);
        _tmux.Expect(Server, [ListPanes, ListClients, Pid], batch => Listing(batch, [new("$0", "job", "%1", Dead: true, Status: "3")]));

        // When three snapshots are taken
        await _client.SnapshotAsync(Server, [], lines: 0);
        var reaped = await _client.SnapshotAsync(Server, [], lines: 0);
        await _client.SnapshotAsync(Server, [], lines: 0);

        // Then only the second carried run-shell (checked by the transport), and it saw the status
        Assert.Equal(3, reaped.Sessions[0].ActivePane.DeadStatus);
    }

    [Fact]
    public async Task The_reap_command_goes_only_to_the_server_whose_pane_was_unreaped()
    {
        _tmux.Expect(Server, [ListPanes, ListClients, Pid], batch => Listing(batch, [new("$0", "job", "%1", Dead: true)]));
        _tmux.Expect(Other, [ListPanes, ListClients, Pid], batch => Listing(batch, [new("$0", "job", "%1")]));
        _tmux.Expect(Server, [ListPanes, ListClients, Pid, Reap], batch =>
            [.. Listing(batch, [new("$0", "job", "%1", Dead: true, Signal: "9")]), Ok("")]);

        await _client.SnapshotAsync(Server, [], lines: 0);
        await _client.SnapshotAsync(Other, [], lines: 0);
        await _client.SnapshotAsync(Server, [], lines: 0);
    }

    [Fact]
    public async Task A_server_without_sessions_gives_an_empty_snapshot()
    {
        // Given tmux 3.3a's answer to list-panes -a on a server without sessions
        _tmux.Expect(Server, [ListPanes, ListClients, Pid, Capture("%0", 0)], [Failed("no current target"), NotRun, NotRun, NotRun]);

        var snapshot = await _client.SnapshotAsync(Server, ["%0"], lines: 0);

        Assert.Equal((0, 0), (snapshot.Sessions.Length, snapshot.Captures.Count));
    }

    [Fact]
    public async Task A_snapshot_of_a_socket_without_a_server_throws_unavailable()
    {
        var unavailable = new TmuxServerUnavailableException(Server, "no server running on /tmp/stui-client/sock");
        _tmux.ExpectThrows(Server, [ListPanes, ListClients, Pid], unavailable);

        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(() => _client.SnapshotAsync(Server, [], lines: 0));

        Assert.Same(unavailable, error);
    }

    [Fact]
    public async Task A_negative_line_count_is_refused_before_tmux_is_asked() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.SnapshotAsync(Server, ["%1"], lines: -1));

    [Fact]
    public async Task Listing_sessions_is_one_batch_of_panes_clients_and_pid()
    {
        _tmux.Expect(Server, [ListPanes, ListClients, Pid], batch =>
            Listing(batch, [new("$3", "api", "%7"), new("$4", "api-prod", "%8")], ("$4", false), (null, false)));

        var sessions = await _client.ListSessionsAsync(Server);

        Assert.Equal([("$3", "api", 0), ("$4", "api-prod", 1)], sessions.Select(s => (s.SessionId, s.Name, s.AttachedClients)));
        Assert.All(sessions, s => Assert.Equal((Server, 4242), (s.Server, s.ServerPid)));
    }

    [Fact]
    public async Task Listing_sessions_throws_tmux_error_when_listing_clients_fails()
    {
        _tmux.Expect(Server, [ListPanes, ListClients, Pid], batch =>
            [Ok(Panes(Nonce(batch), new Pane("$0", "api", "%1"))), Failed("server is locked"), NotRun]);

        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _client.ListSessionsAsync(Server));

        Assert.Equal("server is locked", error.Message);
    }

    [Fact]
    public async Task Killing_captures_the_pane_and_kills_the_session_by_id_in_one_call()
    {
        _tmux.Expect(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], [Ok("last\nscreen\n"), Ok("")]);

        var screen = await _client.KillSessionAsync(Server, "$3", "%7");

        Assert.Equal("last\nscreen", screen);
    }

    [Fact]
    public async Task When_the_capture_fails_the_kill_alone_is_sent_again()
    {
        // Given a pane that is gone: tmux fails the capture and skips the kill
        _tmux.Expect(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], [Failed("can't find pane: %7"), NotRun]);
        _tmux.Expect(Server, [["kill-session", "-t", "$3"]], [Ok("")]);

        // When the session is killed
        var screen = await _client.KillSessionAsync(Server, "$3", "%7");

        // Then it is killed by the second call and there is no screen to keep
        Assert.Null(screen);
    }

    [Fact]
    public async Task When_the_kill_fails_tmux_error_is_thrown()
    {
        _tmux.Expect(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], [Ok(""), Failed("can't find session: $3")]);

        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _client.KillSessionAsync(Server, "$3", "%7"));

        Assert.Equal("can't find session: $3", error.Message);
    }

    [Theory]
    [InlineData("api", "%7")]
    [InlineData("$3", "api")]
    public async Task Killing_by_anything_but_ids_is_refused_before_tmux_is_asked(string sessionId, string paneId) =>
        await Assert.ThrowsAsync<ArgumentException>(() => _client.KillSessionAsync(Server, sessionId, paneId));

    [Fact]
    public async Task A_new_session_doubles_the_hashes_of_its_name_and_directory_and_sets_remain_on_exit_in_the_same_call()
    {
        // Given a request with '#' in the name and directory, environment, a size and remain-on-exit
        var request = new NewSessionRequest("build #3", ["make", "all"])
        {
            Width = 100,
            Height = 30,
            WorkingDirectory = "/w/#x",
            Environment = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1 #{x}" },
            RemainOnExit = true,
        };
        Arg[] newSession =
        [
            "new-session", "-d", "-P", "-F", PaneFormat, "-s", "build ##3", "-x", "100", "-y", "30", "-c", "/w/##x",
            "-e", "A=1 #{x}", "-e", "B=2", "--", "make", "all",
        ];
        _tmux.Expect(Server, [newSession, Pid, ["set-option", "-p", "remain-on-exit", "on"]], batch =>
            [Ok(Panes(Nonce(batch), new Pane("$5", "build #3", "%9"))), Ok("77\n"), Ok("")]);

        // When the session is created
        var created = await _client.NewSessionAsync(Server, request);

        // Then it is reported under the name tmux kept, with no clients and the server's pid
        Assert.Equal(("$5", "build #3", "%9", 0, 77), (created.SessionId, created.Name, created.ActivePane.PaneId, created.AttachedClients, created.ServerPid));
    }

    [Fact]
    public async Task A_new_session_without_remain_on_exit_runs_the_default_command_and_sets_nothing()
    {
        _tmux.Expect(Server, [["new-session", "-d", "-P", "-F", PaneFormat, "-s", "shell", "-x", "120", "-y", "40"], Pid], batch =>
            [Ok(Panes(Nonce(batch), new Pane("$0", "shell", "%0"))), Ok("77\n")]);

        var created = await _client.NewSessionAsync(Server, new NewSessionRequest("shell", []));

        Assert.Equal("$0", created.SessionId);
    }

    [Fact]
    public async Task A_duplicate_name_throws_tmux_error()
    {
        _tmux.Expect(Server, [["new-session", "-d", "-P", "-F", PaneFormat, "-s", "api", "-x", "120", "-y", "40"], Pid], [Failed("duplicate session: api"), NotRun]);

        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _client.NewSessionAsync(Server, new NewSessionRequest("api", [])));

        Assert.Equal("duplicate session: api", error.Message);
    }

    [Fact]
    public async Task Killing_the_server_sends_kill_server()
    {
        _tmux.Expect(Server, [["kill-server"]], [Ok("")]);

        await _client.KillServerAsync(Server);
    }

    [Fact]
    public async Task Killing_the_server_when_none_runs_is_not_an_error()
    {
        _tmux.ExpectThrows(Server, [["kill-server"]], new TmuxServerUnavailableException(Server, "no server running on /tmp/stui-client/sock"));

        await _client.KillServerAsync(Server);
    }

    [Fact]
    public async Task Capturing_one_pane_strips_the_final_newline_and_throws_tmux_error_when_it_fails()
    {
        _tmux.Expect(Server, [Capture("%1", 5)], [Ok("a\nb\n")]).Expect(Server, [Capture("%2", 0)], [Failed("can't find pane: %2")]);

        Assert.Equal("a\nb", await _client.CapturePaneAsync(Server, "%1", 5));
        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _client.CapturePaneAsync(Server, "%2", 0));
        Assert.Equal("can't find pane: %2", error.Message);
    }

    /// <summary>One pane row; what a test does not name is a live 24-row <c>sh</c> in the session's only, active window.</summary>
    private sealed record Pane(string SessionId, string Name, string PaneId, bool Dead = false, string Status = "", string Signal = "")
    {
        public string Field(string variable) => variable switch
        {
            "session_id" => SessionId,
            "session_name" => Name,
            "session_created" => Created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "session_windows" => "1",
            "window_active" or "pane_active" => "1",
            "window_activity" => Created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "pane_id" => PaneId,
            "pane_pid" => "100",
            "pane_dead" => Dead ? "1" : "0",
            "pane_dead_status" => Status,
            "pane_dead_signal" => Signal,
            "pane_height" => "24",
            "pane_current_command" => "sh",
            "pane_current_path" => "/w",
            "pane_title" => "✳ Title",
            _ => throw new ArgumentException($"no value for #{{{variable}}}", nameof(variable)),
        };
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
