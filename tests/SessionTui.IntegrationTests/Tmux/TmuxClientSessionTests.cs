using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

public sealed class TmuxClientSessionTests : IDisposable
{
    private const string SubstitutionMarker = "/tmp/stui-pwned-by-substitution";
    private const string BacktickMarker = "/tmp/stui-pwned-by-backtick";

    private readonly TmuxTestServer _tmux = new();

    public void Dispose() => _tmux.Dispose();

    private static NewSessionRequest Printing(string name, string text) =>
        new(name, ["sh", "-c", "printf '%s\\n' \"$0\"; exec sleep 100", text]);

    [Fact]
    public async Task Kill_targets_the_exact_session_when_a_prefix_sibling_exists()
    {
        // Given api-prod, then api
        var prod = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("api-prod", "prod"));
        var api = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("api", "dev"));

        // When api is killed
        await _tmux.Client.KillSessionAsync(_tmux.Server, api.SessionId, api.ActivePane.PaneId);

        // Then api-prod is untouched
        var left = await _tmux.Client.ListSessionsAsync(_tmux.Server);
        Assert.Equal([(prod.SessionId, "api-prod")], left.Select(s => (s.SessionId, s.Name)));
    }

    [Fact]
    public async Task Resolve_never_returns_a_prefix_sibling_of_a_listed_session()
    {
        await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("api-prod", "prod"));
        var api = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("api", "dev"));

        var listed = await _tmux.Client.ListSessionsAsync(_tmux.Server);

        Assert.Equal([api.SessionId], TmuxClient.Resolve(listed, "api").Select(s => s.SessionId));
        Assert.Empty(TmuxClient.Resolve(listed, "ap"));
    }

    [Theory]
    [InlineData("with spaces")]
    [InlineData("quotes ' and \"")]
    [InlineData("semi;colon")]
    [InlineData("trailing;")]
    [InlineData("$(touch " + SubstitutionMarker + ")")]
    [InlineData("`touch " + BacktickMarker + "`")]
    [InlineData("日本語 ✓")]
    [InlineData("-lead")]
    [InlineData("--")]
    [InlineData("pipe | hash # #{session_id} ## #S")]
    public async Task A_session_with_a_hostile_name_is_created_listed_captured_and_killed_by_its_exact_name(string name)
    {
        // Given a bystander and the hostile session
        var bystander = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("bystander", "bystander"));
        var created = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing(name, "ready"));
        Assert.Equal(name, created.Name);

        // When listed, it is there once under its exact name
        var listed = await _tmux.Client.ListSessionsAsync(_tmux.Server);
        var session = Assert.Single(TmuxClient.Resolve(listed, name));
        Assert.Equal(created.SessionId, session.SessionId);

        // And its pane can be captured
        _tmux.WaitForText(session.ActivePane.PaneId, "ready");
        Assert.StartsWith("ready\n", await _tmux.Client.CapturePaneAsync(_tmux.Server, session.ActivePane.PaneId, 0), StringComparison.Ordinal);

        // When killed, only it goes, and no shell ever ran its name
        var screen = await _tmux.Client.KillSessionAsync(_tmux.Server, session.SessionId, session.ActivePane.PaneId);
        Assert.StartsWith("ready\n", screen, StringComparison.Ordinal);
        Assert.Equal([bystander.SessionId], (await _tmux.Client.ListSessionsAsync(_tmux.Server)).Select(s => s.SessionId));
        Assert.False(File.Exists(SubstitutionMarker));
        Assert.False(File.Exists(BacktickMarker));
    }

    [Theory]
    [InlineData("a:b.c", "a_b_c")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("new\nline", "new\\nline")]
    public async Task A_new_session_reports_the_name_tmux_kept(string asked, string kept)
    {
        var created = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing(asked, "x"));

        Assert.Equal(kept, created.Name);
        Assert.Equal([kept], _tmux.SessionNames());
        Assert.Single(TmuxClient.Resolve(await _tmux.Client.ListSessionsAsync(_tmux.Server), kept));
    }

    [Fact]
    public async Task A_new_session_passes_its_argv_verbatim_without_shell_parsing_or_format_expansion()
    {
        // Given arguments a shell or tmux would interpret, handed to the program as $1...
        var marker = Path.Join(_tmux.Directory, "pwned");
        string[] args = [$"$(touch {marker})", "`touch " + marker + "`", "#{session_id}", "ends;", ";", "a b", "--"];

        // When the session runs them
        var created = await _tmux.Client.NewSessionAsync(
            _tmux.Server, new NewSessionRequest("argv", ["sh", "-c", "printf '[%s]\\n' \"$@\"; exec sleep 100", "sh", .. args]));

        // Then each arrives untouched and nothing ran
        var expected = string.Concat(args.Select(a => $"[{a}]\n"));
        Assert.StartsWith(expected, _tmux.WaitForText(created.ActivePane.PaneId, "[--]"), StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_program_that_exits_at_once_leaves_a_dead_pane_with_its_status_when_asked()
    {
        // Given a program that exits at once (tmux 3.3a may even drop its output, so it prints nothing)
        var created = await _tmux.Client.NewSessionAsync(
            _tmux.Server, new NewSessionRequest("quick", ["sh", "-c", "exit 3"]) { RemainOnExit = true });
        _tmux.WaitForDeadPane(created.ActivePane.PaneId);

        // When listed
        var session = Assert.Single(await _tmux.Client.ListSessionsAsync(_tmux.Server));

        // Then its pane is still there, dead with status 3, and can be captured
        Assert.Equal((true, 3, (int?)null), (session.ActivePane.Dead, session.ActivePane.DeadStatus, session.ActivePane.DeadSignal));
        var screen = await _tmux.Client.CapturePaneAsync(_tmux.Server, session.ActivePane.PaneId, 0);
        Assert.Contains("\nPane is dead (status 3, ", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pane_killed_by_a_signal_reports_the_signal()
    {
        var created = await _tmux.Client.NewSessionAsync(
            _tmux.Server, new NewSessionRequest("signalled", ["sh", "-c", "kill -9 $$"]) { RemainOnExit = true });
        _tmux.WaitForDeadPane(created.ActivePane.PaneId);

        var pane = Assert.Single(await _tmux.Client.ListSessionsAsync(_tmux.Server)).ActivePane;

        Assert.Equal((true, (int?)null, 9), (pane.Dead, pane.DeadStatus, pane.DeadSignal));
    }

    [Fact]
    public async Task A_new_session_has_its_size_directory_and_environment_literally()
    {
        // Given a directory and values holding format syntax and a trailing semicolon
        var directory = Directory.CreateDirectory(Path.Join(_tmux.Directory, "dir #{session_id} #S")).FullName;
        var request = new NewSessionRequest("env", ["sh", "-c", "printf '%s|%s|%s\\n' \"$PWD\" \"$ONE\" \"$TWO\"; exec sleep 100"])
        {
            Width = 100,
            Height = 30,
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string> { ["ONE"] = "#{pane_id} ##", ["TWO"] = "ends;" },
        };

        // When created
        var created = await _tmux.Client.NewSessionAsync(_tmux.Server, request);

        // Then the pane sees them verbatim
        Assert.Equal(30, created.ActivePane.Height);
        Assert.Equal("100x30\n", _tmux.Tmux("display-message", "-p", "-t", created.ActivePane.PaneId, "#{pane_width}x#{pane_height}"));
        Assert.Equal("env", created.Name);
        Assert.Equal(0, created.AttachedClients);
        _tmux.WaitForText(created.ActivePane.PaneId, "ends;");
        Assert.StartsWith($"{directory}|#{{pane_id}} ##|ends;\n", _tmux.Capture(created.ActivePane.PaneId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_with_tmux_error()
    {
        await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("twice", "x"));

        var error = await Assert.ThrowsAsync<TmuxCommandException>(
            () => _tmux.Client.NewSessionAsync(_tmux.Server, Printing("twice", "x")));

        Assert.Equal("duplicate session: twice", error.Message);
    }

    [Fact]
    public async Task A_new_session_starts_a_server_when_none_runs()
    {
        _tmux.KillServer();

        var created = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("first", "x"));

        Assert.Equal(["first"], _tmux.SessionNames());
        Assert.Equal("$0", created.SessionId);
    }

    [Fact]
    public async Task Killing_still_kills_when_the_pane_to_capture_is_gone()
    {
        var created = await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("doomed", "x"));

        var screen = await _tmux.Client.KillSessionAsync(_tmux.Server, created.SessionId, "%999");

        Assert.Null(screen);
        Assert.Empty(_tmux.SessionNames());
    }

    [Fact]
    public async Task Killing_an_unknown_session_throws_tmux_error()
    {
        await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("other", "x"));

        var error = await Assert.ThrowsAsync<TmuxCommandException>(
            () => _tmux.Client.KillSessionAsync(_tmux.Server, "$999", "%999"));

        Assert.Equal("can't find session: $999", error.Message);
    }

    [Fact]
    public async Task Capturing_a_missing_pane_throws_tmux_error()
    {
        await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("one", "x"));

        var error = await Assert.ThrowsAsync<TmuxCommandException>(
            () => _tmux.Client.CapturePaneAsync(_tmux.Server, "%999", 0));

        Assert.Equal("can't find pane: %999", error.Message);
    }

    [Fact]
    public async Task Killing_the_server_stops_it_and_is_harmless_when_none_runs()
    {
        await _tmux.Client.NewSessionAsync(_tmux.Server, Printing("one", "x"));

        await _tmux.Client.KillServerAsync(_tmux.Server);
        TmuxTestServer.WaitUntil(() => !_tmux.IsRunning, what: "the server to stop");
        await _tmux.Client.KillServerAsync(_tmux.Server);

        await Assert.ThrowsAsync<TmuxServerUnavailableException>(() => _tmux.Client.ListSessionsAsync(_tmux.Server));
    }
}
