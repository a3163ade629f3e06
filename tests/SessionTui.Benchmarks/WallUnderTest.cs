using System.Diagnostics;
using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>What is left of a wall once it has been stopped.</summary>
/// <param name="PeakRssBytes">VmHWM just before it was stopped.</param>
/// <param name="Trace">Its strace logs, when it ran under strace.</param>
internal sealed record WallEnd(long PeakRssBytes, SyscallLog? Trace);

/// <summary>
/// One built wall (<see cref="WallVariant"/>) running in a 200x50 pane of its own outer private tmux server (the stand-in for
/// the user's terminal), watching an inner server given with <c>-S</c>, with an empty <c>$TMUX_TMPDIR</c> (so the
/// always-watched default socket is absent), a private <c>$HOME</c>, its own history database (<c>--db</c>) and
/// <c>$SESSIONTUI_METRICS</c> set; optionally under strace (<see cref="SyscallTrace"/>). Its terminal output is tapped
/// outside the app (<see cref="TerminalTap"/>). Nothing here knows the wall's code: it is started, signalled and read like
/// any program.
/// </summary>
internal sealed class WallUnderTest : IDisposable
{
    /// <summary>Terminal width of the wall's pane.</summary>
    public const int Width = 200;

    /// <summary>Terminal height of the wall's pane.</summary>
    public const int Height = 50;

    private const string Session = "wall";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private readonly TmuxFixture _outer;
    private readonly TerminalTap _tap;
    private readonly WallMetricsFile? _metrics;
    private readonly string? _traceDirectory;
    private readonly Stopwatch _age;
    private WallEnd? _end;

    private WallUnderTest(TmuxFixture outer, TerminalTap tap, string pane, int panePid, int pid, string? metricsPath, string dbPath, string? traceDirectory, Stopwatch age)
    {
        _outer = outer;
        _tap = tap;
        Pane = pane;
        TracerPid = traceDirectory is null ? null : panePid;
        Pid = pid;
        _metrics = metricsPath is null ? null : new WallMetricsFile(metricsPath);
        DbPath = dbPath;
        _traceDirectory = traceDirectory;
        _age = age;
    }

    /// <summary>The wall's pane on the outer server (<c>%N</c>).</summary>
    public string Pane { get; }

    /// <summary>The wall's process id.</summary>
    public int Pid { get; }

    /// <summary>strace's process id when the wall runs under it.</summary>
    public int? TracerPid { get; }

    /// <summary>The outer server's process id: the stand-in for the user's terminal.</summary>
    public int TerminalPid => _outer.ServerPid;

    /// <summary>The wall's history database (<c>--db</c>).</summary>
    public string DbPath { get; }

    /// <summary>Time since the wall was started.</summary>
    public TimeSpan Age => _age.Elapsed;

    /// <summary>Its terminal output, counted outside the app.</summary>
    public TerminalTap Terminal => _tap;

    /// <summary>Starts the wall and waits until its process runs (the strace wrapper, when used, has exec'd it).</summary>
    /// <param name="variant">Which build to run.</param>
    /// <param name="innerSocket">The watched server's socket.</param>
    /// <param name="extraArgs">More wall arguments, e.g. <c>--interval 1000</c>.</param>
    /// <param name="extraEnvironment">More environment for the wall, <c>NAME=VALUE</c> each.</param>
    /// <param name="strace">strace's path to run the wall under it, or null.</param>
    /// <param name="metrics">Whether to set <c>$SESSIONTUI_METRICS</c> and ask for metrics.</param>
    public static WallUnderTest Start(
        WallVariant variant, string innerSocket, IReadOnlyList<string> extraArgs, IReadOnlyList<string> extraEnvironment, string? strace, bool metrics)
    {
        var outer = new TmuxFixture("outer-" + variant.Name);
        TerminalTap? tap = null;
        try
        {
            var home = Path.Join(outer.Directory, "home");
            var emptyTmuxDir = Path.Join(outer.Directory, "empty-tmux-tmpdir");
            var data = Path.Join(outer.Directory, "data");
            Directory.CreateDirectory(home);
            Directory.CreateDirectory(emptyTmuxDir);
            Directory.CreateDirectory(data);
            var metricsPath = metrics ? Path.Join(outer.Directory, "metrics.json") : null;
            var dbPath = Path.Join(data, "history.db");
            var traceDirectory = strace is null ? null : Path.Join(outer.Directory, "strace");
            if (traceDirectory is not null)
            {
                Directory.CreateDirectory(traceDirectory);
            }

            tap = TerminalTap.Open(Path.Join(outer.Directory, "terminal.fifo"));
            IReadOnlyList<string> tracer = strace is null ? [] : [strace, .. SyscallTrace.Arguments(traceDirectory!)];
            var age = Stopwatch.StartNew();

            // The pane runs env directly (argv, no shell); env execs strace or the wall, so the pane's pid is one of them.
            var pane = outer.Run(
            [
                "set-option", "-gw", "remain-on-exit", "on", ";",
                "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", Session,
                "-x", Width.ToString(CultureInfo.InvariantCulture), "-y", Height.ToString(CultureInfo.InvariantCulture), "--",
                "env", "TMUX_TMPDIR=" + emptyTmuxDir, "HOME=" + home, "XDG_STATE_HOME=" + Path.Join(home, "state"),
                .. metricsPath is null ? Array.Empty<string>() : ["SESSIONTUI_METRICS=" + metricsPath], .. extraEnvironment,
                .. tracer, .. variant.Command(["-S", innerSocket, "--db", dbPath, .. extraArgs]),
            ]).Trim();
            outer.Run("pipe-pane", "-o", "-t", pane, $"exec cat > '{tap.FifoPath}'");
            var panePid = int.Parse(outer.Run("display-message", "-p", "-t", pane, "#{pane_pid}").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            var pid = WaitForWall(panePid, traced: strace is not null);
            return new WallUnderTest(outer, tap, pane, panePid, pid, metricsPath, dbPath, traceDirectory, age);
        }
        catch
        {
            outer.Dispose();
            tap?.Dispose();
            throw;
        }
    }

    /// <summary>The wall's screen as plain text.</summary>
    public string Screen() => _outer.Capture(Pane);

    /// <summary>Waits until the wall's screen contains <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">It did not, in time; the message holds the screen.</exception>
    public void WaitForText(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!Screen().Contains(text, StringComparison.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.Elapsed > timeout || !ProcReader.IsRunning(Pid))
            {
                throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:0.#} s for '{text}' on the wall (pid {Pid}); its screen:\n{Screen()}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The wall's own metrics now (SIGUSR1), or null when they are not asked for.</summary>
    /// <exception cref="InvalidOperationException">The wall is gone.</exception>
    /// <exception cref="TimeoutException">It did not answer in time.</exception>
    public WallMetrics? Metrics(CancellationToken cancellationToken) => _metrics?.Dump(Pid, cancellationToken);

    /// <summary>Opens a control-mode client of the outer server that sends keys to the wall's pane.</summary>
    public KeySender Keys() => KeySender.Start(_outer, Session, Pane);

    /// <summary>Stops the wall: SIGTERM (it restores the terminal and exits), then strace ends with it and its logs are read;
    /// then the outer server is killed (its pipe to the tap closes); anything left gets SIGKILL. Idempotent.</summary>
    public WallEnd Stop()
    {
        if (_end is not null)
        {
            return _end;
        }

        long peak = 0;
        try
        {
            peak = ProcReader.PeakRssBytes(Pid);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            // Already gone: no peak to report.
        }

        Native.Signal(Pid, Native.SigTerm);
        WaitGone(Pid);
        if (TracerPid is { } tracer)
        {
            WaitGone(tracer);
        }

        _outer.KillServer();
        foreach (var pid in (int[])[Pid, TracerPid ?? Pid])
        {
            if (ProcReader.IsRunning(pid))
            {
                Native.Signal(pid, Native.SigKill);
            }
        }

        _tap.Dispose();
        _end = new WallEnd(peak, _traceDirectory is null ? null : SyscallTrace.Read(_traceDirectory, Pid, DbPath));
        return _end;
    }

    /// <summary>Stops the wall if needed, kills the outer server and deletes its folder.</summary>
    public void Dispose()
    {
        Stop();
        _outer.Dispose();
    }

    private static void WaitGone(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (ProcReader.IsRunning(pid) && clock.Elapsed < StopTimeout)
        {
            Thread.Sleep(20);
        }
    }

    /// <summary>The wall's pid: the pane's process once env has exec'd it, or strace's child once it has exec'd.</summary>
    private static int WaitForWall(int panePid, bool traced)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            var pid = traced ? ProcReader.Children(panePid).FirstOrDefault() : panePid;
            var command = pid == 0 ? null : ProcReader.Command(pid);
            if (command is not null && command != "env" && command != "strace")
            {
                return pid;
            }

            if (!ProcReader.IsRunning(panePid))
            {
                break;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException($"the wall did not start within {StartTimeout.TotalSeconds:0} s (pane process {panePid})");
    }
}
