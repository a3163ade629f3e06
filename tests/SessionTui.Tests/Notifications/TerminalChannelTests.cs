using System.Text;
using SessionTui.Core;
using SessionTui.Tests.Support;
using SessionTui.Tmux;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class TerminalChannelTests : IDisposable
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/tmux-1000/my,sock");

    private readonly VerifyingTmuxTransport _tmux = new();
    private readonly List<string> _log = [];

    public void Dispose() => _tmux.Dispose();

    [Fact]
    public void The_host_is_read_from_TMUX_whose_socket_may_hold_commas_and_from_TMUX_PANE()
    {
        var env = new Dictionary<string, string> { ["TMUX"] = "/tmp/tmux-1000/my,sock,4242,0", ["TMUX_PANE"] = "%7" };

        var host = TerminalHost.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal(new TerminalHost(true, Server, "%7"), host);
        Assert.Equal("/tmp/tmux-1000/my,sock", host.Server!.SocketPath);
        Assert.Equal(TerminalHost.Plain, TerminalHost.FromEnvironment(_ => null));
        Assert.Equal(new TerminalHost(true, null, null), TerminalHost.FromEnvironment(name => name == "TMUX" ? "garbage" : "x"));
    }

    [Fact]
    public async Task Inside_tmux_the_first_send_turns_on_passthrough_for_its_own_pane_then_writes_the_wrapped_bytes()
    {
        // Given a terminal that is pane %7 of a tmux server
        _tmux.Expect(Server, [["set-option", "-p", "-t", "%7", "allow-passthrough", "on"]], [new TmuxCommandResult(TmuxCommandStatus.Ok, "", null)]);
        using var output = new MemoryStream();
        var channel = new TerminalChannel(new TerminalOptions(), output, new TerminalHost(true, Server, "%7"), new TmuxClient(_tmux, TimeProvider.System), _log.Add);
        var e = Events.Of() with { Title = "t", Body = "b" };

        // When two notifications are sent
        await channel.SendAsync(e, CancellationToken.None);
        await channel.SendAsync(e, CancellationToken.None);

        // Then the option was set once and both were written wrapped
        var once = "\u001bPtmux;\u001b\u001b]9;t: b\u001b\u001b\\\u001b\\";
        Assert.Equal(once + once, Encoding.UTF8.GetString(output.ToArray()));
        Assert.Empty(_log);
    }

    [Fact]
    public async Task A_tmux_that_refuses_the_option_is_logged_once_and_the_bytes_are_written_anyway()
    {
        _tmux.Expect(Server, [["set-option", "-p", "-t", "%7", "allow-passthrough", "on"]], [new TmuxCommandResult(TmuxCommandStatus.Failed, "", "invalid option: allow-passthrough")]);
        using var output = new MemoryStream();
        var channel = new TerminalChannel(new TerminalOptions { Osc = [], Bell = true }, output, new TerminalHost(true, Server, "%7"), new TmuxClient(_tmux, TimeProvider.System), _log.Add);

        await channel.SendAsync(Events.Of(), CancellationToken.None);
        await channel.SendAsync(Events.Of(), CancellationToken.None);

        Assert.Equal("\a\a", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(["notify: terminal: could not turn on allow-passthrough for pane %7: invalid option: allow-passthrough; notifications reach the terminal outside tmux only if it is on"], _log);
    }

    [Fact]
    public async Task Without_a_terminal_the_channel_is_unavailable()
    {
        var channel = new TerminalChannel(new TerminalOptions(), null, TerminalHost.Plain, null, _log.Add);

        var e = await Assert.ThrowsAsync<ChannelUnavailableException>(() => channel.SendAsync(Events.Of(), CancellationToken.None));

        Assert.Equal("no terminal to write to (no controlling terminal)", e.Message);
    }
}
