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
        : this(width, height, new Dictionary<string, string>(), extraArgs)
    {
    }

    /// <summary>A wall with extra environment variables (e.g. <c>SESSIONTUI_FAULT</c>).</summary>
    public WallHarness(int width, int height, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        Environment = environment;
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

    /// <summary>Extra environment variables of the wall.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The wall's working directory (a fresh folder of this harness).</summary>
    public string WorkingDirectory => Path.Join(_home, "cwd");

    /// <summary>Whether the wall watches only the default socket (no <c>-S</c>), which then has no server.</summary>
    public bool DefaultSocketOnly { get; init; }

    /// <summary>The wall's pane on the host server.</summary>
    public string Pane { get; private set; } = "";

    public static string AppDll => Path.Join(AppContext.BaseDirectory, "sessiontui.dll");

    /// <summary>Starts the wall and waits for its header.</summary>
    public void Start()
    {
        var tmpdir = Path.Join(_home, "tmux");
        Directory.CreateDirectory(tmpdir);
        Directory.CreateDirectory(WorkingDirectory);
        string[] sockets = DefaultSocketOnly ? [] : ["-S", Watched.SocketPath];
        Pane = Host.Tmux(
            [
                "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "wall", "-x", Width.ToString(), "-y", Height.ToString(),
                "-c", WorkingDirectory, "--",
                "sh", "-c", "\"$@\"; echo \"[wall exited $?]\"; exec sleep 600", "sh",
                "env", "TMUX_TMPDIR=" + tmpdir, "HOME=" + _home, "XDG_STATE_HOME=" + Path.Join(_home, "state-default"),
                .. Environment.Select(e => e.Key + "=" + e.Value),
                "dotnet", AppDll, .. sockets, "--db", DbPath, "--interval", "250", .. ExtraArgs,
            ]).Trim();
        WaitForText("SessionTui");
    }

    public string Screen() => Host.Capture(Pane);

    public string WaitForText(string text, TimeSpan? timeout = null) =>
        WaitForScreen(s => s.Contains(text, StringComparison.Ordinal), $"the text '{text}'", timeout);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds on two captures 50 ms apart and returns the second: the wall writes a
    /// frame in several writes, and a capture taken between them shows its first part only (a title without its body).
    /// </summary>
    public string WaitForScreen(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var screen = "";
        TmuxTestServer.WaitUntil(
            () =>
            {
                if (!condition(screen = Screen()))
                {
                    return false;
                }

                Thread.Sleep(50);
                return condition(screen = Screen());
            },
            timeout ?? TimeSpan.FromSeconds(20),
            () => what + "; last screen:\n" + screen);
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

    /// <summary>The wall's process id (the dotnet child of the pane's shell).</summary>
    public int WallPid()
    {
        var shell = PaneFormat("#{pane_pid}");
        var pid = "";
        TmuxTestServer.WaitUntil(
            () => (pid = Host.Runner.RunAsync(new SessionTui.Tmux.ProcessSpec("pgrep", ["-f", "-P", shell, "sessiontui.dll"])).GetAwaiter().GetResult().StandardOutput.Trim()).Length > 0,
            TimeSpan.FromSeconds(10),
            "the wall's process");
        return int.Parse(pid.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>HUP</c>) to the wall's process.</summary>
    public void Signal(string signal) =>
        Host.Runner.RunAsync(new SessionTui.Tmux.ProcessSpec("kill", ["-" + signal, WallPid().ToString(System.Globalization.CultureInfo.InvariantCulture)])).GetAwaiter().GetResult();

    public void Dispose()
    {
        Host.Dispose();
        Watched.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
