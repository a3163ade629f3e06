using SessionTui.Cli;

namespace SessionTui.Tests.Cleanup;

/// <summary>Which session <c>cleanup</c> runs in, read from <c>$TMUX</c> (tmux sets <c>socket,server-pid,session-number</c>
/// in every pane): that session is never removed.</summary>
public sealed class OwnSessionTests
{
    [Theory]
    [InlineData("/tmp/tmux-1000/default,4242,3", "/tmp/tmux-1000/default", 4242, "$3")]
    [InlineData("/home/me/odd,name.sock,17,0", "/home/me/odd,name.sock", 17, "$0")]
    public void The_socket_server_and_session_come_from_TMUX(string variable, string socket, int pid, string sessionId) =>
        Assert.Equal((socket, pid, sessionId), CleanupCommands.OwnSession(variable));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/tmp/tmux-1000/default")]
    [InlineData("/tmp/tmux-1000/default,4242,x")]
    public void Outside_tmux_there_is_none(string? variable) => Assert.Null(CleanupCommands.OwnSession(variable));
}
