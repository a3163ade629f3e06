using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class AttachCommandsTests
{
    private static readonly ServerRef Server = TmuxServers.FromSocketName("work", _ => null, 1000);

    [Fact]
    public void Attach_targets_the_session_id_and_unsets_TMUX_to_nest()
    {
        var spec = AttachCommands.Attach(Server, "$3", readOnly: false);

        Assert.Equal("tmux", spec.FileName);
        Assert.Equal(["-u", "-L", "work", "attach-session", "-t", "$3"], spec.Arguments);
        Assert.Equal(new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null }, spec.Environment);
        Assert.Equal(Timeout.InfiniteTimeSpan, spec.Timeout);
    }

    [Fact]
    public void A_read_only_attach_adds_r() =>
        Assert.Equal(
            ["-u", "-L", "work", "attach-session", "-r", "-t", "$3"],
            AttachCommands.Attach(Server, "$3", readOnly: true, "/opt/tmux").Arguments);

    [Fact]
    public void Switching_read_only_toggles_the_flag_only_when_the_client_is_writable()
    {
        var spec = AttachCommands.SwitchClient(Server, "$3", readOnly: true);

        Assert.Equal(
            ["-u", "-L", "work", "if-shell", "-F", "#{client_readonly}", "switch-client -t '$3'", "switch-client -r -t '$3'"],
            spec.Arguments);
    }

    [Fact]
    public void Switching_writable_toggles_the_flag_only_when_the_client_is_read_only()
    {
        var spec = AttachCommands.SwitchClient(Server, "$3", readOnly: false);

        Assert.Equal(
            ["-u", "-L", "work", "if-shell", "-F", "#{client_readonly}", "switch-client -r -t '$3'", "switch-client -t '$3'"],
            spec.Arguments);
        Assert.Empty(spec.Environment);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("$3' ; kill-server ; '")]
    public void Only_session_ids_are_accepted(string sessionId)
    {
        Assert.Throws<ArgumentException>(() => AttachCommands.Attach(Server, sessionId, readOnly: false));
        Assert.Throws<ArgumentException>(() => AttachCommands.SwitchClient(Server, sessionId, readOnly: false));
    }
}
