using SessionTui.IntegrationTests.Support;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>
/// The built <c>sessiontui</c> running in a pane of fixed size on a host tmux server, watching another private server,
/// with its own history database and an empty <c>$TMUX_TMPDIR</c> (so the default socket has no server). Keys go in with
/// <c>send-keys</c>, the screen comes out with <c>capture-pane</c>, as a person would use it.
/// </summary>
internal sealed class WallHarness : IDisposable
{
    private readonly string _home;

    public WallHarness(int width, int height, params string[] extraArgs)
    {
        Watched = new TmuxTestServer();
        Host = new TmuxTestServer();
        _home = Directory.CreateTempSubdirectory("stui-e2e-").FullName;
        DbPath = Path.Join(_home, "state", "history.db");
        Width = width;
        Height = height;
        ExtraArgs = extraArgs;
    }

    public TmuxTestServer Watched { get; }

    public TmuxTestServer Host { get; }

    public string DbPath { get; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public string[] ExtraArgs { get; }

    /// <summary>The wall's pane on the host server.</summary>
    public string Pane { get; private set; } = "";

    public static string AppDll => Path.Join(AppContext.BaseDirectory, "sessiontui.dll");

    /// <summary>Starts the wall and waits for its header.</summary>
    public void Start()
    {
        var tmpdir = Path.Join(_home, "tmux");
        Directory.CreateDirectory(tmpdir);
        Pane = Host.Tmux(
            [
                "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "wall", "-x", Width.ToString(), "-y", Height.ToString(), "--",
                "sh", "-c", "\"$@\"; echo \"[wall exited $?]\"; exec sleep 600", "sh",
                "env", "TMUX_TMPDIR=" + tmpdir, "HOME=" + _home, "XDG_STATE_HOME=" + Path.Join(_home, "state-default"),
                "dotnet", AppDll, "-S", Watched.SocketPath, "--db", DbPath, "--interval", "250", .. ExtraArgs,
            ]).Trim();
        WaitForText("SessionTui");
    }

    public string Screen() => Host.Capture(Pane);

    public string WaitForText(string text, TimeSpan? timeout = null) =>
        Host.WaitForText(Pane, text, timeout ?? TimeSpan.FromSeconds(20));

    public string WaitForScreen(Func<string, bool> condition, string what)
    {
        var screen = "";
        TmuxTestServer.WaitUntil(() => condition(screen = Screen()), TimeSpan.FromSeconds(20), () => what + "; last screen:\n" + screen);
        return screen;
    }

    /// <summary>Types keys (tmux key names, e.g. <c>Enter</c>, <c>Escape</c>, <c>C-b</c>, or literal characters).</summary>
    public void Keys(params string[] keys) => Host.Tmux(["send-keys", "-t", Pane, .. keys]);

    public void Resize(int width, int height)
    {
        Host.Tmux("resize-window", "-t", Pane, "-x", width.ToString(), "-y", height.ToString());
        Width = width;
        Height = height;
    }

    public string PaneFormat(string format) => Host.Tmux("display-message", "-p", "-t", Pane, format).TrimEnd('\n');

    /// <summary>Waits for the wall to exit and returns its exit code (printed by the shell that started it: tmux 3.3a can
    /// lose <c>pane_dead_status</c> when a pane's pty closes before its process is reaped).</summary>
    public int WaitForExit()
    {
        var screen = WaitForText("[wall exited ");
        var start = screen.IndexOf("[wall exited ", StringComparison.Ordinal) + "[wall exited ".Length;
        return int.Parse(screen[start..screen.IndexOf(']', start)], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Host.Dispose();
        Watched.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
