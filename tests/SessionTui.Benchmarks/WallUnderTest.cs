using System.Diagnostics;
using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>
/// The built wall (<c>dotnet sessiontui.dll</c>) running in a 200x50 pane of an outer private tmux server, watching the inner
/// server, with an empty <c>$TMUX_TMPDIR</c> (so the always-watched default socket is absent), a throwaway history database
/// and <c>$SESSIONTUI_METRICS</c> set. <c>pipe-pane</c> appends every byte the wall writes to its terminal to a file, which
/// measures the output from outside the process. Disposing kills the outer server (the wall gets SIGHUP) and the wall if it
/// survives.
/// </summary>
internal sealed class WallUnderTest : IDisposable
{
    /// <summary>Terminal width of the wall's pane.</summary>
    public const int Width = 200;

    /// <summary>Terminal height of the wall's pane.</summary>
    public const int Height = 50;

    private static readonly TimeSpan MetricsTimeout = TimeSpan.FromSeconds(5);
    private readonly TmuxFixture _outer;
    private readonly string _metricsPath;
    private readonly string _pipePath;

    private WallUnderTest(TmuxFixture outer, string pane, int pid, string metricsPath, string pipePath)
    {
        _outer = outer;
        Pane = pane;
        Pid = pid;
        _metricsPath = metricsPath;
        _pipePath = pipePath;
    }

    /// <summary>The wall's pane on the outer server.</summary>
    public string Pane { get; }

    /// <summary>The wall's process id (the <c>dotnet</c> host running sessiontui.dll).</summary>
    public int Pid { get; }

    /// <summary>The outer server's process id: the stand-in for the user's terminal.</summary>
    public int TerminalPid => _outer.ServerPid;

    /// <summary>Starts the wall and waits until its process runs.</summary>
    /// <param name="appDll">Path of sessiontui.dll.</param>
    /// <param name="innerSocket">The watched server's socket.</param>
    /// <param name="extraArgs">More wall arguments, e.g. <c>--interval 5000</c>.</param>
    /// <param name="extraEnvironment">More environment for the wall, <c>NAME=VALUE</c> each.</param>
    public static WallUnderTest Start(string appDll, string innerSocket, IReadOnlyList<string> extraArgs, IReadOnlyList<string> extraEnvironment)
    {
        var outer = new TmuxFixture("outer");
        try
        {
            var home = Path.Join(outer.Directory, "home");
            var emptyTmuxDir = Path.Join(outer.Directory, "empty-tmux-tmpdir");
            Directory.CreateDirectory(home);
            Directory.CreateDirectory(emptyTmuxDir);
            var metricsPath = Path.Join(outer.Directory, "metrics.json");
            var pipePath = Path.Join(outer.Directory, "terminal.bytes");
            File.WriteAllBytes(pipePath, []);

            // The pane runs env directly (argv, no shell), env execs dotnet: the pane's pid is the wall's pid.
            var pane = outer.Run(
            [
                "set-option", "-gw", "remain-on-exit", "on", ";",
                "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "wall",
                "-x", Width.ToString(CultureInfo.InvariantCulture), "-y", Height.ToString(CultureInfo.InvariantCulture), "--",
                "env", "TMUX_TMPDIR=" + emptyTmuxDir, "HOME=" + home, "XDG_STATE_HOME=" + Path.Join(home, "state"),
                "SESSIONTUI_METRICS=" + metricsPath, .. extraEnvironment,
                DotnetHost.Path, appDll, "-S", innerSocket, "--db", Path.Join(outer.Directory, "history.db"), .. extraArgs,
            ]).Trim();
            outer.Run("pipe-pane", "-o", "-t", pane, $"cat >> '{pipePath}'");
            var pid = int.Parse(outer.Run("display-message", "-p", "-t", pane, "#{pane_pid}").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            var wall = new WallUnderTest(outer, pane, pid, metricsPath, pipePath);
            wall.WaitUntil(() => ProcReader.IsRunning(pid) && ProcReader.Command(pid) == "dotnet", TimeSpan.FromSeconds(10), "the wall process to start");
            return wall;
        }
        catch
        {
            outer.Dispose();
            throw;
        }
    }

    /// <summary>Bytes the wall has written to its terminal so far, as piped out by tmux.</summary>
    public long PipedBytes => new FileInfo(_pipePath).Length;

    /// <summary>The wall's screen as plain text.</summary>
    public string Screen() => _outer.Capture(Pane);

    /// <summary>Waits until the wall's screen contains <paramref name="text"/>.</summary>
    public void WaitForText(string text, TimeSpan timeout) =>
        WaitUntil(() => Screen().Contains(text, StringComparison.Ordinal), timeout, $"'{text}' on the wall");

    /// <summary>Makes the wall dump its counters (SIGUSR1) and reads them once the file is rewritten.</summary>
    /// <exception cref="InvalidOperationException">The wall is gone.</exception>
    /// <exception cref="TimeoutException">The wall did not write the file in time.</exception>
    public WallCounters Counters()
    {
        var before = WallCounters.Read(_metricsPath)?.WrittenAt;
        if (!Native.Signal(Pid, Native.SigUsr1))
        {
            throw new InvalidOperationException($"the wall (pid {Pid}) is gone; its screen:\n{Screen()}");
        }

        WallCounters? now = null;
        WaitUntil(() => (now = WallCounters.Read(_metricsPath)) is { } c && c.WrittenAt != before, MetricsTimeout, "the wall's metrics file");
        return now!;
    }

    /// <summary>Kills the outer server, then the wall if it is still there after a second.</summary>
    public void Dispose()
    {
        _outer.KillServer();
        var clock = Stopwatch.StartNew();
        while (ProcReader.IsRunning(Pid) && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            Thread.Sleep(20);
        }

        if (ProcReader.IsRunning(Pid))
        {
            Native.Signal(Pid, Native.SigKill);
        }

        _outer.Dispose();
    }

    private void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0.#} s for {what}; the wall's screen:\n{Screen()}");
            }

            Thread.Sleep(20);
        }
    }
}
