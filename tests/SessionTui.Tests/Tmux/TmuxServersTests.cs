using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxServersTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("stui-servers-");

    public void Dispose() => _temp.Delete(recursive: true);

    private static Func<string, string?> Env(string? tmuxTmpDir) => name => name == "TMUX_TMPDIR" ? tmuxTmpDir : null;

    [Fact]
    public void The_default_server_lives_in_TMUX_TMPDIR_under_the_uid_and_is_addressed_by_path()
    {
        var server = TmuxServers.Default(Env(_temp.FullName), 1000);

        var path = Path.Join(_temp.FullName, "tmux-1000", "default");
        Assert.Equal(("default", path), (server.Label, server.SocketPath));
        Assert.Equal(["-S", path], server.SocketArgs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/nonexistent/stui")]
    public void Without_a_usable_TMUX_TMPDIR_sockets_live_in_tmp(string? tmuxTmpDir) =>
        Assert.Equal("/tmp/tmux-0/default", TmuxServers.Default(Env(tmuxTmpDir), 0).SocketPath);

    [Fact]
    public void TMUX_TMPDIR_is_resolved_like_tmux_does_following_symlinks_and_trailing_slashes()
    {
        var link = Path.Join(_temp.FullName, "link");
        var target = _temp.CreateSubdirectory("target");
        File.CreateSymbolicLink(link, target.FullName);

        var server = TmuxServers.Default(Env(link + "/"), 7);

        Assert.Equal(Path.Join(target.FullName, "tmux-7", "default"), server.SocketPath);
    }

    [Fact]
    public void A_socket_name_is_addressed_with_L_and_resolved_to_its_path()
    {
        var server = TmuxServers.FromSocketName("work", Env(_temp.FullName), 1000);

        Assert.Equal(("work", Path.Join(_temp.FullName, "tmux-1000", "work")), (server.Label, server.SocketPath));
        Assert.Equal(["-L", "work"], server.SocketArgs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public void A_socket_name_must_be_a_plain_file_name(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => TmuxServers.FromSocketName(name, Env(null), 0));

    [Fact]
    public void A_socket_path_keeps_its_label_and_is_addressed_by_its_full_path()
    {
        var server = TmuxServers.FromSocketPath("relative/sock");

        var full = Path.GetFullPath("relative/sock");
        Assert.Equal(("relative/sock", full), (server.Label, server.SocketPath));
        Assert.Equal(["-S", full], server.SocketArgs);
    }

    [Fact]
    public void The_default_server_and_L_default_are_the_same_server() =>
        Assert.Equal(TmuxServers.Default(Env(null), 0), TmuxServers.FromSocketName("default", Env(null), 0));

    [Theory]
    [InlineData("/tmp/x/sock,1234,0", true)]
    [InlineData("/tmp/x/../x/sock,1234,5", true)]
    [InlineData("/tmp/x/other,1234,0", false)]
    [InlineData("/tmp/x/sock2,1234,0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Inside_means_TMUX_names_this_servers_socket(string? tmuxEnv, bool inside) =>
        Assert.Equal(inside, TmuxServers.IsInside(TmuxServers.FromSocketPath("/tmp/x/sock"), tmuxEnv));

    [Fact]
    public void A_socket_path_with_commas_is_still_recognised_in_TMUX() =>
        Assert.True(TmuxServers.IsInside(TmuxServers.FromSocketPath("/tmp/a,b/sock"), "/tmp/a,b/sock,99,1"));

    [Fact]
    public void The_current_uid_is_the_real_uid_of_this_process()
    {
        var uidLine = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var realUid = uint.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(realUid, TmuxServers.CurrentUid());
    }
}
