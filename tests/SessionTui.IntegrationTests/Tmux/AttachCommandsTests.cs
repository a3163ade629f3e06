using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

public sealed class AttachCommandsTests : IDisposable
{
    private readonly TmuxTestServer _wall = new();
    private readonly TmuxTestServer _host = new();

    public void Dispose()
    {
        _host.Dispose();
        _wall.Dispose();
    }

    private string ClientState() =>
        _wall.Tmux("list-clients", "-F", "#{session_id} #{client_readonly}").TrimEnd('\n');

    [Fact]
    public void The_attach_spec_nests_a_read_only_client_inside_another_tmux()
    {
        // Given a session, and the spec run in a pane of another tmux server (so TMUX is set there)
        var target = _wall.NewSession("target", "sleep", "100");
        var spec = AttachCommands.Attach(_wall.Server, target, readOnly: true, _wall.TmuxPath);
        var unset = spec.Environment.Where(e => e.Value is null).SelectMany(e => new[] { "-u", e.Key });
        var set = spec.Environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value}");

        // When it runs there
        _host.NewSession("terminal", ["env", .. unset, .. set, spec.FileName, .. spec.Arguments]);

        // Then the session has a read-only terminal client
        TmuxTestServer.WaitUntil(() => _wall.Clients(target, controlMode: false) == 1, what: "the attached client");
        Assert.Equal($"{target} 1", ClientState());
    }

    [Fact]
    public async Task Switching_moves_the_client_and_leaves_it_read_only_exactly_as_asked()
    {
        // Given the wall's session with a terminal client, and a target session
        var wall = _wall.NewSession("wall", "sleep", "100");
        var target = _wall.NewSession("target", "sleep", "100");
        _wall.AttachTerminalClient(_host, wall);
        var inside = new Dictionary<string, string?>
        {
            ["TMUX"] = $"{_wall.SocketPath},1,0",
            ["TMUX_PANE"] = _wall.ActivePane(wall),
        };

        async Task Switch(string sessionId, bool readOnly)
        {
            var spec = AttachCommands.SwitchClient(_wall.Server, sessionId, readOnly, _wall.TmuxPath) with { Environment = inside };
            var result = await _wall.Runner.RunAsync(spec);
            Assert.Equal(new ProcessResult(0, "", ""), result);
        }

        // When switched read-only twice (a bare -r would toggle back), then writable twice
        await Switch(target, readOnly: true);
        Assert.Equal($"{target} 1", ClientState());
        await Switch(target, readOnly: true);
        Assert.Equal($"{target} 1", ClientState());
        await Switch(wall, readOnly: false);
        Assert.Equal($"{wall} 0", ClientState());
        await Switch(wall, readOnly: false);
        Assert.Equal($"{wall} 0", ClientState());
    }
}
