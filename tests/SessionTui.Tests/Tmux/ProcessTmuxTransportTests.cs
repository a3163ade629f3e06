using SessionTui.Core;
using SessionTui.Tests.Support;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class ProcessTmuxTransportTests : IDisposable
{
    private const string Socket = "/tmp/stui-test/sock";
    private static readonly ServerRef Server = TmuxServers.FromSocketPath(Socket);

    private static readonly TmuxCommand[] ThreeCommands =
    [
        new(["list-sessions", "-F", "#{session_id}"]),
        new(["capture-pane", "-p", "-t", "%9"]),
        new(["capture-pane", "-p", "-t", "%1"]),
    ];

    private readonly VerifyingProcessRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    /// <summary>The argv the transport builds for these commands: socket flags, then each command after its marker.</summary>
    private static Arg[] Argv(params TmuxCommand[] commands)
    {
        List<Arg> argv = ["-u", "-S", Socket];
        for (var i = 0; i < commands.Length; i++)
        {
            if (i > 0)
            {
                argv.Add(";");
            }

            argv.AddRange(["display-message", "-p", Arg.Matching($"__stui_[0-9a-f]{{12}}_{i}__"), ";"]);
            argv.AddRange(commands[i].Args.Select(a => (Arg)a));
        }

        return [.. argv];
    }

    /// <summary>The markers the transport put before each command (the argument after <c>display-message -p</c>).</summary>
    private static string[] Markers(ProcessSpec spec) =>
        [.. spec.Arguments
            .Select((argument, i) => (argument, i))
            .Where(a => a.i >= 2 && spec.Arguments[a.i - 2] == "display-message" && spec.Arguments[a.i - 1] == "-p")
            .Select(a => a.argument)];

    /// <summary>Answers like tmux: each marker line followed by that command's output, for as many commands as ran.</summary>
    private static Func<ProcessSpec, ProcessResult> Tmux(string[] outputs, int exitCode = 0, string stderr = "") => spec =>
    {
        var markers = Markers(spec);
        return new ProcessResult(exitCode, string.Concat(outputs.Select((output, i) => markers[i] + "\n" + output)), stderr);
    };

    private ProcessTmuxTransport Transport(string tmuxPath = "tmux") => new(_runner, tmuxPath);

    [Fact]
    public async Task A_batch_is_one_tmux_process_with_a_marker_before_each_command()
    {
        _runner.Expect("/usr/bin/tmux", Argv(ThreeCommands), Tmux(["", "", ""]));
        var transport = Transport("/usr/bin/tmux");

        await transport.ExecuteAsync(Server, ThreeCommands);

        Assert.Equal(3, Markers(_runner.Calls[0]).Distinct().Count());
        Assert.Equal(1, transport.Spawned);
    }

    [Fact]
    public async Task Markers_change_from_call_to_call()
    {
        TmuxCommand list = new(["list-sessions"]);
        _runner.Expect("tmux", Argv(list), Tmux([""])).Expect("tmux", Argv(list), Tmux([""]));
        var transport = Transport();

        await transport.ExecuteAsync(Server, [list]);
        await transport.ExecuteAsync(Server, [list]);

        Assert.NotEqual(Markers(_runner.Calls[0])[0], Markers(_runner.Calls[1])[0]);
        Assert.Equal(2, transport.Spawned);
    }

    [Fact]
    public async Task The_client_runs_with_TMUX_and_TMUX_PANE_unset_and_the_transport_timeout()
    {
        TmuxCommand list = new(["list-sessions"]);
        _runner.Expect("tmux", Argv(list), Tmux([""]));

        await new ProcessTmuxTransport(_runner) { Timeout = TimeSpan.FromSeconds(3) }.ExecuteAsync(Server, [list]);

        var spec = _runner.Calls[0];
        Assert.Equal(new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null }, spec.Environment);
        Assert.Equal(TimeSpan.FromSeconds(3), spec.Timeout);
    }

    [Fact]
    public async Task An_argument_ending_in_a_semicolon_is_escaped_so_it_does_not_end_the_command()
    {
        // Given a command whose arguments end in ';', which tmux would read as command separators
        _runner.Expect("tmux", Argv(new TmuxCommand(["new-session", "-s", "semi\\;", "--", "echo", "\\;"])), Tmux([""]));

        // When it is sent, then it reaches tmux with each trailing ';' written '\;' (the runner checks the argv)
        await Transport().ExecuteAsync(Server, [new(["new-session", "-s", "semi;", "--", "echo", ";"])]);
    }

    [Fact]
    public async Task Stdout_is_split_into_each_commands_exact_output()
    {
        _runner.Expect("tmux", Argv(ThreeCommands), Tmux(["$0\n$1\n", "", "line 1\n\nline 3\n"]));

        var results = await Transport().ExecuteAsync(Server, ThreeCommands);

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
        _runner.Expect("tmux", Argv(ThreeCommands), Tmux(["no newline", "x\n", ""]));

        var results = await Transport().ExecuteAsync(Server, ThreeCommands);

        Assert.Equal(["no newline", "x\n", ""], results.Select(r => r.Output));
    }

    [Fact]
    public async Task The_command_after_the_last_marker_failed_and_the_later_ones_did_not_run()
    {
        // Given tmux failing the middle capture: it prints the error, exits 1 and skips the rest
        _runner.Expect("tmux", Argv(ThreeCommands), Tmux(["$0\n", ""], exitCode: 1, stderr: "can't find pane: %9\n"));

        // When the batch runs
        var results = await Transport().ExecuteAsync(Server, ThreeCommands);

        // Then the first ran, the second failed with tmux's error and the third did not run
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
        // Given tmux exiting 1 with a line about the server on stderr
        _runner.Expect("tmux", Argv(ThreeCommands), new ProcessResult(1, "", stderr + "\n"));

        // When a batch is sent
        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(() => Transport().ExecuteAsync(Server, ThreeCommands));

        // Then the message is plain, and tmux's own line is kept
        Assert.Equal((message, stderr, noServer), (error.Message, error.TmuxError, error.NoServer));
        Assert.Same(Server, error.Server);
    }

    [Fact]
    public async Task A_batch_tmux_rejects_before_printing_any_marker_throws_its_error()
    {
        TmuxCommand bogus = new(["bogus"]);
        _runner.Expect("tmux", Argv(bogus), new ProcessResult(1, "", "unknown command: bogus\n"));

        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => Transport().ExecuteAsync(Server, [bogus]));

        Assert.Equal("unknown command: bogus", error.Message);
    }

    [Fact]
    public async Task A_marker_missing_although_tmux_exited_0_is_an_error_and_not_a_skipped_command()
    {
        // Given tmux exiting 0 after printing the first two markers only
        _runner.Expect("tmux", Argv(ThreeCommands), Tmux(["$0\n", ""]));

        // When the batch runs, then the broken answer is reported rather than read as "did not run"
        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => Transport().ExecuteAsync(Server, ThreeCommands));

        Assert.Equal("tmux exited with code 0 but printed no marker for command 2 of the batch", error.Message);
    }

    [Fact]
    public async Task A_failure_without_a_message_names_the_exit_code()
    {
        TmuxCommand list = new(["list-sessions"]);
        _runner.Expect("tmux", Argv(list), Tmux([""], exitCode: 2));

        var results = await Transport().ExecuteAsync(Server, [list]);

        Assert.Equal(new TmuxCommandResult(TmuxCommandStatus.Failed, "", "tmux exited with code 2"), results[0]);
    }

    [Fact]
    public async Task A_timeout_of_the_tmux_client_is_passed_on()
    {
        // Given a tmux client that the runner killed after the transport's timeout
        _runner.ExpectThrows("tmux", Argv(ThreeCommands), new TimeoutException("tmux did not finish within 10000 ms and was killed"));
        var transport = Transport();

        // When a batch is sent, then the timeout reaches the caller and the spawn is counted
        var error = await Assert.ThrowsAsync<TimeoutException>(() => transport.ExecuteAsync(Server, ThreeCommands));
        Assert.Equal("tmux did not finish within 10000 ms and was killed", error.Message);
        Assert.Equal(1, transport.Spawned);
    }

    [Fact]
    public async Task A_missing_tmux_program_is_passed_on()
    {
        _runner.ExpectThrows("stui-no-tmux", Argv(ThreeCommands), new ExecutableNotFoundException("stui-no-tmux"));

        var error = await Assert.ThrowsAsync<ExecutableNotFoundException>(() => Transport("stui-no-tmux").ExecuteAsync(Server, ThreeCommands));

        Assert.Equal(("stui-no-tmux", "stui-no-tmux: not found on PATH"), (error.FileName, error.Message));
    }

    [Fact]
    public async Task Cancellation_is_passed_on()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        _runner.ExpectThrows("tmux", Argv(ThreeCommands), new OperationCanceledException(cancel.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Transport().ExecuteAsync(Server, ThreeCommands, cancel.Token));
    }

    [Fact]
    public async Task An_empty_batch_spawns_nothing()
    {
        var transport = Transport();

        Assert.Empty(await transport.ExecuteAsync(Server, []));
        Assert.Equal(0, transport.Spawned);
    }

    [Fact]
    public async Task A_command_without_arguments_is_refused_before_anything_runs() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Transport().ExecuteAsync(Server, [new([])]));
}
