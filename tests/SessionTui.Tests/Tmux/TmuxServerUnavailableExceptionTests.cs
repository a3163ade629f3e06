using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxServerUnavailableExceptionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static readonly ServerRef Default = TmuxServers.Default(NoEnvironment, 1000);
    private static readonly ServerRef Named = TmuxServers.FromSocketName("work", NoEnvironment, 1000);
    private static readonly ServerRef ByPath = TmuxServers.FromSocketPath("sockets/../sockets/wall");

    [Fact]
    public void No_server_running_names_the_default_socket_by_its_label()
    {
        // Given tmux's answer for the default socket
        var line = $"no server running on {Default.SocketPath}";

        // When it becomes the exception
        var error = new TmuxServerUnavailableException(Default, line);

        // Then the message is plain, the raw line is kept, and it means no server is there
        Assert.Equal(("no tmux server on socket default", line, true), (error.Message, error.TmuxError, error.NoServer));
    }

    [Fact]
    public void A_missing_socket_file_names_a_socket_given_by_name_by_that_name()
    {
        var line = $"error connecting to {Named.SocketPath} (No such file or directory)";

        var error = new TmuxServerUnavailableException(Named, line);

        Assert.Equal(("no tmux server on socket work", line, true), (error.Message, error.TmuxError, error.NoServer));
    }

    [Fact]
    public void A_refused_connection_names_a_socket_given_by_path_as_the_user_wrote_it()
    {
        var line = $"error connecting to {ByPath.SocketPath} (Connection refused)";

        var error = new TmuxServerUnavailableException(ByPath, line);

        Assert.Equal(("no tmux server on socket sockets/../sockets/wall", line, true), (error.Message, error.TmuxError, error.NoServer));
    }

    [Fact]
    public void A_server_that_exits_during_the_call_is_told_apart_from_no_server()
    {
        var error = new TmuxServerUnavailableException(Named, "server exited unexpectedly");

        Assert.Equal(("tmux server on socket work exited", "server exited unexpectedly", false), (error.Message, error.TmuxError, error.NoServer));
    }

    [Fact]
    public void Another_connection_error_keeps_its_reason_and_is_not_called_no_server()
    {
        var line = $"error connecting to {Default.SocketPath} (Permission denied)";

        var error = new TmuxServerUnavailableException(Default, line);

        Assert.Equal(("cannot connect to tmux server on socket default (Permission denied)", false), (error.Message, error.NoServer));
    }

    [Fact]
    public void A_line_that_is_not_about_the_server_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TmuxServerUnavailableException(Default, "can't find session: $3"));
}
