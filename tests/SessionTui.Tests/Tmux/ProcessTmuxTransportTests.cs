using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class ProcessTmuxTransportTests
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-test/sock");

    private static readonly TmuxCommand[] ThreeCommands =
    [
        new(["list-sessions", "-F", "#{session_id}"]),
        new(["capture-pane", "-p", "-t", "%9"]),
        new(["capture-pane", "-p", "-t", "%1"]),
    ];

    /// <summary>Answers like tmux: each marker line followed by that command's output, until the command that failed.</summary>
    private static Func<ProcessSpec, ProcessResult> Tmux(string[] outputs, int exitCode = 0, string stderr = "") => spec =>
    {
        var markers = FakeProcessRunner.Markers(spec);
        var stdout = string.Concat(outputs.Select((output, i) => markers[i] + "\n" + output));
        return new ProcessResult(exitCode, stdout, stderr);
    };

    [Fact]
    public async Task A_batch_is_one_tmux_process_with_a_marker_before_each_command()
    {
        var runner = new FakeProcessRunner(Tmux(["", "", ""]));
        var transport = new ProcessTmuxTransport(runner, "/usr/bin/tmux");

        await transport.ExecuteAsync(Server, ThreeCommands);

        var spec = Assert.Single(runner.Specs);
        var markers = FakeProcessRunner.Markers(spec);
        Assert.Equal("/usr/bin/tmux", spec.FileName);
        Assert.Equal(
            [
                "-u", "-S", "/tmp/stui-test/sock",
                "display-message", "-p", markers[0], ";", "list-sessions", "-F", "#{session_id}", ";",
                "display-message", "-p", markers[1], ";", "capture-pane", "-p", "-t", "%9", ";",
                "display-message", "-p", markers[2], ";", "capture-pane", "-p", "-t", "%1",
            ],
            spec.Arguments);
        Assert.Equal(3, markers.Distinct().Count());
        Assert.All(markers, m => Assert.Matches("^__stui_[0-9a-f]{12}_[0-2]__$", m));
        Assert.Equal(1, transport.Spawned);
    }

    [Fact]
    public async Task Markers_change_from_call_to_call()
    {
        var runner = new FakeProcessRunner(Tmux([""]));
        var transport = new ProcessTmuxTransport(runner);

        await transport.ExecuteAsync(Server, [new(["list-sessions"])]);
        await transport.ExecuteAsync(Server, [new(["list-sessions"])]);

        Assert.NotEqual(FakeProcessRunner.Markers(runner.Specs[0])[0], FakeProcessRunner.Markers(runner.Specs[1])[0]);
        Assert.Equal(2, transport.Spawned);
    }

    [Fact]
    public async Task The_client_runs_with_TMUX_and_TMUX_PANE_unset_and_the_transport_timeout()
    {
        var runner = new FakeProcessRunner(Tmux([""]));
        var transport = new ProcessTmuxTransport(runner) { Timeout = TimeSpan.FromSeconds(3) };

        await transport.ExecuteAsync(Server, [new(["list-sessions"])]);

        var spec = runner.Specs[0];
        Assert.Equal(new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null }, spec.Environment);
        Assert.Equal(TimeSpan.FromSeconds(3), spec.Timeout);
    }

    [Fact]
    public async Task An_argument_ending_in_a_semicolon_is_escaped_so_it_does_not_end_the_command()
    {
        var runner = new FakeProcessRunner(Tmux([""]));

        await new ProcessTmuxTransport(runner).ExecuteAsync(Server, [new(["new-session", "-s", "semi;", "--", "echo", ";"])]);

        Assert.Equal(["new-session", "-s", "semi\\;", "--", "echo", "\\;"], runner.Specs[0].Arguments.TakeLast(6));
    }

    [Fact]
    public async Task Stdout_is_split_into_each_commands_exact_output()
    {
        var runner = new FakeProcessRunner(Tmux(["$0\n$1\n", "", "line 1\n\nline 3\n"]));

        var results = await new ProcessTmuxTransport(runner).ExecuteAsync(Server, ThreeCommands);

        Assert.Equal(
            [
                new TmuxCommandResult(TmuxCommandStatus.Ok, "$0\n$1\n", null),
                new TmuxCommandResult(TmuxCommandStatus.Ok, "", null),
                new TmuxCommandResult(TmuxCommandStatus.Ok, "line 1\n\nline 3\n", null),
            ],
            results);
    }

    [Fact]
    public async Task Output_without_a_final_newline_does_not_hide_the_next_marker()
    {
        var runner = new FakeProcessRunner(Tmux(["no newline", "x\n", ""]));

        var results = await new ProcessTmuxTransport(runner).ExecuteAsync(Server, ThreeCommands);

        Assert.Equal(["no newline", "x\n", ""], results.Select(r => r.Output));
    }

    [Fact]
    public async Task The_command_after_the_last_marker_failed_and_the_later_ones_did_not_run()
    {
        // Given tmux failing the middle capture: it prints the error, exits 1 and skips the rest
        var runner = new FakeProcessRunner(Tmux(["$0\n", ""], exitCode: 1, stderr: "can't find pane: %9\n"));

        var results = await new ProcessTmuxTransport(runner).ExecuteAsync(Server, ThreeCommands);

        Assert.Equal(
            [
                new TmuxCommandResult(TmuxCommandStatus.Ok, "$0\n", null),
                new TmuxCommandResult(TmuxCommandStatus.Failed, "", "can't find pane: %9"),
                new TmuxCommandResult(TmuxCommandStatus.NotRun, "", null),
            ],
            results);
    }

    [Theory]
    [InlineData("no server running on /tmp/stui-test/sock", "no tmux server on socket /tmp/stui-test/sock", true)]
    [InlineData("error connecting to /tmp/stui-test/sock (No such file or directory)", "no tmux server on socket /tmp/stui-test/sock", true)]
    [InlineData("error connecting to /tmp/stui-test/sock (Connection refused)", "no tmux server on socket /tmp/stui-test/sock", true)]
    [InlineData("server exited unexpectedly", "tmux server on socket /tmp/stui-test/sock exited", false)]
    [InlineData("error connecting to /tmp/stui-test/sock (Permission denied)", "cannot connect to tmux server on socket /tmp/stui-test/sock (Permission denied)", false)]
    public async Task A_server_error_from_tmux_is_reported_as_unavailable_in_plain_words(string stderr, string message, bool noServer)
    {
        var runner = new FakeProcessRunner(_ => new ProcessResult(1, "", stderr + "\n"));

        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(
            () => new ProcessTmuxTransport(runner).ExecuteAsync(Server, ThreeCommands));

        Assert.Equal((message, stderr, noServer), (error.Message, error.TmuxError, error.NoServer));
        Assert.Same(Server, error.Server);
    }

    [Fact]
    public async Task A_batch_tmux_rejects_before_running_anything_throws_its_error()
    {
        var runner = new FakeProcessRunner(_ => new ProcessResult(1, "", "unknown command: bogus\n"));

        var error = await Assert.ThrowsAsync<TmuxCommandException>(
            () => new ProcessTmuxTransport(runner).ExecuteAsync(Server, [new(["bogus"])]));

        Assert.Equal("unknown command: bogus", error.Message);
    }

    [Fact]
    public async Task A_failure_without_a_message_names_the_exit_code()
    {
        var runner = new FakeProcessRunner(Tmux([""], exitCode: 2));

        var results = await new ProcessTmuxTransport(runner).ExecuteAsync(Server, [new(["list-sessions"])]);

        Assert.Equal(new TmuxCommandResult(TmuxCommandStatus.Failed, "", "tmux exited with code 2"), results[0]);
    }

    [Fact]
    public async Task An_empty_batch_spawns_nothing()
    {
        var runner = new FakeProcessRunner(Tmux([]));
        var transport = new ProcessTmuxTransport(runner);

        Assert.Empty(await transport.ExecuteAsync(Server, []));
        Assert.Empty(runner.Specs);
        Assert.Equal(0, transport.Spawned);
    }

    [Fact]
    public async Task A_command_without_arguments_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(
            () => new ProcessTmuxTransport(new FakeProcessRunner(Tmux([""]))).ExecuteAsync(Server, [new([])]));
}
