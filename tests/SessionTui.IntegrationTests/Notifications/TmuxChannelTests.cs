using System.Runtime.Versioning;
using SessionTui.IntegrationTests.Support;

namespace SessionTui.IntegrationTests.Notifications;

/// <summary>The tmux channel against a private server with a real terminal client attached (hosted in a pane of another server).</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class TmuxChannelTests : IDisposable
{
    private readonly NotifyFixture _f = new();
    private readonly TmuxTestServer _tmux = new();
    private readonly TmuxTestServer _laptop = new();

    public void Dispose()
    {
        try
        {
            _tmux.Dispose();
        }
        finally
        {
            _laptop.Dispose();
            _f.Dispose();
        }
    }

    [Fact]
    public async Task The_message_appears_on_the_status_line_of_the_attached_client()
    {
        // Given a session with a person's client attached, and a control-mode client
        _f.Config("""{ "notify": { "tmux": { "display": "30s" } } }""");
        var session = _tmux.NewSession("agent", "sleep", "600");
        var host = _tmux.AttachTerminalClient(_laptop, session);
        _tmux.AttachControlClient(session);

        // When the test notification is sent to the clients of that server
        var result = await _f.Run("-S", _tmux.SocketPath, "notify", "test", "--channel", "tmux");

        // Then it succeeded and the client's status line shows the message
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("tmux  ok\n", result.StandardOutput);
        _laptop.WaitForText(_laptop.ActivePane(host), "SessionTui test notification: If you can read this");
    }

    [Fact]
    public async Task Without_any_client_the_channel_succeeds_having_nobody_to_tell()
    {
        _f.Config("""{ "notify": { "tmux": {} } }""");
        _tmux.NewSession("alone", "sleep", "600");

        var result = await _f.Run("-S", _tmux.SocketPath, "notify", "test");

        Assert.Equal((0, "tmux  ok\n"), (result.ExitCode, result.StandardOutput));
    }
}
