using System.Net.Sockets;
using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

public sealed class TmuxTransportTests : IDisposable
{
    private readonly TmuxTestServer _tmux = new();

    public void Dispose() => _tmux.Dispose();

    [Fact]
    public async Task A_batch_runs_in_one_tmux_process_and_each_command_gets_its_own_output()
    {
        var id = _tmux.NewSession("one", "sh", "-c", "echo hello; exec sleep 100");
        var pane = _tmux.ActivePane(id);
        _tmux.WaitForText(pane, "hello");

        var results = await _tmux.Transport.ExecuteAsync(
            _tmux.Server,
            [
                new(["list-sessions", "-F", "#{session_id}"]),
                new(["set-option", "-t", id, "@stui", "x"]),
                new(["capture-pane", "-p", "-t", pane, "-E", "0"]),
            ]);

        Assert.Equal(
            [
                new TmuxCommandResult(TmuxCommandStatus.Ok, id + "\n", null),
                new TmuxCommandResult(TmuxCommandStatus.Ok, "", null),
                new TmuxCommandResult(TmuxCommandStatus.Ok, "hello\n", null),
            ],
            results);
        Assert.Equal(1, _tmux.Transport.Spawned);
    }

    [Fact]
    public async Task A_failing_command_stops_the_batch_and_the_later_commands_do_not_run()
    {
        // Given a live pane and a pane id that no longer exists
        var id = _tmux.NewSession("one", "sleep", "100");
        var pane = _tmux.ActivePane(id);

        // When the batch captures the vanished pane between two live ones
        var results = await _tmux.Transport.ExecuteAsync(
            _tmux.Server,
            [
                new(["list-sessions", "-F", "#{session_name}"]),
                new(["capture-pane", "-p", "-t", pane]),
                new(["capture-pane", "-p", "-t", "%999"]),
                new(["capture-pane", "-p", "-t", pane]),
            ]);

        // Then tmux ran up to the failure and skipped the rest
        Assert.Equal(
            [TmuxCommandStatus.Ok, TmuxCommandStatus.Ok, TmuxCommandStatus.Failed, TmuxCommandStatus.NotRun],
            results.Select(r => r.Status));
        Assert.Equal("one\n", results[0].Output);
        Assert.Equal("can't find pane: %999", results[2].Error);
    }

    [Fact]
    public async Task Arguments_ending_in_a_semicolon_reach_tmux_verbatim()
    {
        var results = await _tmux.Transport.ExecuteAsync(
            _tmux.Server,
            [new(["new-session", "-d", "-s", "semi;", "--", "sleep", "100"]), new(["list-sessions", "-F", "#{session_name}"])]);

        Assert.Equal(["semi;"], _tmux.SessionNames());
        Assert.Equal("semi;\n", results[1].Output);
    }

    [Fact]
    public async Task A_batch_tmux_cannot_parse_throws_its_error_and_runs_nothing()
    {
        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _tmux.Transport.ExecuteAsync(
            _tmux.Server,
            [new(["new-session", "-d", "-s", "never"]), new(["capture-pane", "-Z"])]));

        Assert.Equal("command capture-pane: unknown flag -Z", error.Message);
        Assert.Empty(_tmux.SessionNames());
    }

    [Fact]
    public async Task A_socket_path_without_a_server_is_named_as_the_user_gave_it()
    {
        // Given a socket path, written relative to the current directory, where no server ever ran
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Join(_tmux.Directory, "missing"));
        var missing = TmuxServers.FromSocketPath(relative);

        // When a batch is sent there
        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(
            () => _tmux.Transport.ExecuteAsync(missing, [new(["list-sessions"])]));

        // Then the message names the socket as given, and tmux's own line is kept
        Assert.Equal($"no tmux server on socket {relative}", error.Message);
        Assert.Equal($"error connecting to {missing.SocketPath} (No such file or directory)", error.TmuxError);
        Assert.True(error.NoServer);
        Assert.Same(missing, error.Server);
    }

    [Fact]
    public async Task A_stale_socket_file_with_nothing_listening_is_no_server()
    {
        // Given a socket file that nothing listens on (bound, never listening; .NET removes the file when the socket is disposed),
        // as a server killed with SIGKILL leaves behind
        var path = Path.Join(_tmux.Directory, "stale");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var stale = TmuxServers.FromSocketPath(path);

        // When a batch is sent there
        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(
            () => _tmux.Transport.ExecuteAsync(stale, [new(["list-sessions"])]));

        // Then tmux's connection refusal reads as no server
        Assert.Equal($"no tmux server on socket {path}", error.Message);
        Assert.Equal($"no server running on {path}", error.TmuxError);
        Assert.True(error.NoServer);
    }

    [Fact]
    public async Task A_socket_name_without_a_server_is_named_by_that_name()
    {
        var name = "stui-none-" + Guid.NewGuid().ToString("N");
        var missing = TmuxServers.FromSocketName(name, Environment.GetEnvironmentVariable, TmuxServers.CurrentUid());

        var error = await Assert.ThrowsAsync<TmuxServerUnavailableException>(
            () => _tmux.Transport.ExecuteAsync(missing, [new(["list-sessions"])]));

        Assert.Equal(($"no tmux server on socket {name}", true), (error.Message, error.NoServer));
        Assert.EndsWith(name + " (No such file or directory)", error.TmuxError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tmux_program_throws_ExecutableNotFound()
    {
        var transport = new ProcessTmuxTransport(_tmux.Runner, "stui-no-such-tmux");

        var error = await Assert.ThrowsAsync<ExecutableNotFoundException>(
            () => transport.ExecuteAsync(_tmux.Server, [new(["list-sessions"])]));

        Assert.Equal("stui-no-such-tmux", error.FileName);
    }
}
