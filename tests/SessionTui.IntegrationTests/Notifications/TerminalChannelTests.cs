using System.Runtime.Versioning;
using System.Text;
using SessionTui.IntegrationTests.Support;

namespace SessionTui.IntegrationTests.Notifications;

/// <summary>
/// <c>sessiontui notify test --channel terminal</c> run in a real pane: the bytes it writes to its terminal, captured with
/// <c>pipe-pane</c>, outside and inside tmux, and what reaches the terminal outside tmux through a real attached client.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class TerminalChannelTests : IDisposable
{
    private const string Text = "SessionTui test notification: If you can read this, notifications reach you here.";
    private const string Title = "SessionTui test notification";
    private const string Body = "If you can read this, notifications reach you here.";

    private static readonly string Osc9 = "\u001b]9;" + Text + "\u001b\\";
    private static readonly string Osc777 = "\u001b]777;notify;" + Title + ";" + Body + "\u001b\\";

    private readonly NotifyFixture _f = new();
    private readonly TmuxTestServer _tmux = new();

    public TerminalChannelTests() =>
        _f.Config("""{ "notify": { "terminal": { "osc": ["9", "777"], "bell": true } } }""");

    public void Dispose()
    {
        try
        {
            _tmux.Dispose();
        }
        finally
        {
            _f.Dispose();
        }
    }

    private string[] Env(bool insideTmux) =>
    [
        .. insideTmux ? Array.Empty<string>() : ["-u", "TMUX", "-u", "TMUX_PANE"],
        "XDG_CONFIG_HOME=" + Path.Join(_f.Home, "config"), "XDG_STATE_HOME=" + Path.Join(_f.Home, "state"), "TMUX_TMPDIR=" + _f.Home,
    ];

    [Fact]
    public void Outside_tmux_the_terminal_receives_osc_9_osc_777_and_one_bel_exactly()
    {
        // Given a pane whose program does not know it runs in tmux, its output captured
        var capture = Path.Join(_f.Home, "plain.bin");
        var pane = CapturedPane.Start(_tmux, _f, "plain", capture, Env(insideTmux: false), NotifyFixture.Cli("notify", "test", "--channel", "terminal"));

        // When the test notification is sent
        Assert.Equal(0, pane.Go());

        // Then the terminal got exactly the two sequences and a bell
        var expected = Encoding.UTF8.GetBytes(Osc9 + Osc777 + "\a");
        var bytes = CapturedPane.WaitForBytes(capture, expected.Length);
        Assert.True(expected.SequenceEqual(bytes), "got " + CapturedPane.Escaped(bytes));
        Assert.Equal("terminal  ok\n", pane.StandardOutput);
    }

    [Fact]
    public void Inside_tmux_each_sequence_is_wrapped_for_passthrough_and_the_pane_allows_passthrough()
    {
        // Given a pane with TMUX and TMUX_PANE set, as tmux sets them, its output captured
        var capture = Path.Join(_f.Home, "wrapped.bin");
        var pane = CapturedPane.Start(_tmux, _f, "wrapped", capture, Env(insideTmux: true), NotifyFixture.Cli("notify", "test", "--channel", "terminal"));
        Assert.Equal("off", _tmux.Tmux("show-options", "-p", "-A", "-v", "-t", pane.PaneId, "allow-passthrough").Trim());

        // When the test notification is sent
        Assert.Equal(0, pane.Go());

        // Then each sequence went out in the DCS passthrough with its ESCs doubled, the bell unwrapped
        static string Wrapped(string sequence) => "\u001bPtmux;" + sequence.Replace("\u001b", "\u001b\u001b", StringComparison.Ordinal) + "\u001b\\";
        var expected = Encoding.UTF8.GetBytes(Wrapped(Osc9) + Wrapped(Osc777) + "\a");
        var bytes = CapturedPane.WaitForBytes(capture, expected.Length);
        Assert.True(expected.SequenceEqual(bytes), "got " + CapturedPane.Escaped(bytes));
        Assert.Equal("on", _tmux.Tmux("show-options", "-p", "-A", "-v", "-t", pane.PaneId, "allow-passthrough").Trim());
    }

    [Fact]
    public void Through_a_real_attached_client_the_terminal_outside_tmux_receives_the_sequences_unwrapped()
    {
        // Given the program's session on a tmux server, with a client attached from a pane of another server (the laptop's
        // terminal), whose output is captured
        using var laptop = new TmuxTestServer();
        var capture = Path.Join(_f.Home, "client.bin");
        var pane = CapturedPane.Start(_tmux, _f, "agent", Path.Join(_f.Home, "agent.bin"), Env(insideTmux: true), NotifyFixture.Cli("notify", "test", "--channel", "terminal"));
        var hostSession = _tmux.AttachTerminalClient(laptop, pane.SessionId);
        laptop.Tmux("pipe-pane", "-o", "-t", laptop.ActivePane(hostSession), "cat >> '" + capture + "'");

        // When the test notification is sent
        Assert.Equal(0, pane.Go());

        // Then the client wrote both sequences, unwrapped, to its terminal
        var bytes = CapturedPane.WaitForBytes(capture, 1, b =>
        {
            var text = Encoding.UTF8.GetString(b);
            return text.Contains(Osc9, StringComparison.Ordinal) && text.Contains(Osc777, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("Ptmux;", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
