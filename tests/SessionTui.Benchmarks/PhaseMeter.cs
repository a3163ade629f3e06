using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>Everything measured at one instant of a run.</summary>
/// <param name="At">Benchmark clock.</param>
/// <param name="Epoch">Unix seconds (realtime clock, as strace stamps its lines).</param>
/// <param name="WallAge">Time since the wall was started.</param>
/// <param name="SessionAge">Time since the sessions were created.</param>
/// <param name="Wall">CPU of the wall process and its children (reaped and live).</param>
/// <param name="Server">CPU of the watched (inner) tmux server.</param>
/// <param name="Terminal">CPU of the outer tmux server, which plays the user's terminal.</param>
/// <param name="Tracer">CPU of strace, when the wall runs under it (the measurement's own cost).</param>
/// <param name="TerminalBytes">Bytes the wall has written to its terminal (external count).</param>
/// <param name="Metrics">The wall's own counters (null when not asked for).</param>
/// <param name="RssBytes">Resident memory of the wall.</param>
/// <param name="Io">The wall's I/O counters.</param>
/// <param name="Screen">The wall's screen as plain text.</param>
/// <param name="WallThreads">CPU seconds of each thread of the wall, by thread id, with its name.</param>
internal sealed record Sample(
    TimeSpan At,
    double Epoch,
    TimeSpan WallAge,
    TimeSpan SessionAge,
    TreeCpu Wall,
    CpuTimes Server,
    CpuTimes Terminal,
    CpuTimes? Tracer,
    long TerminalBytes,
    WallMetrics? Metrics,
    long RssBytes,
    IoCounters Io,
    string Screen,
    IReadOnlyDictionary<int, (string Name, double Seconds)> WallThreads);

/// <summary>
/// Measures one phase of a run between two <see cref="Sample"/>s. The clock, CPU, I/O and terminal bytes are read together
/// and innermost; the probes that cost the wall or a server work (SIGUSR1 metrics dump, screen capture) happen outside that
/// window, before it opens and after it closes, so they are not billed to the phase. Each sample is taken just after a frame
/// reached the terminal when one comes within <see cref="FrameWait"/>: a refresh and its frame have then completed and the
/// next are most of an interval away, so the wall's counters and the terminal bytes agree.
/// </summary>
internal sealed class PhaseMeter
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan FrameSettled = TimeSpan.FromMilliseconds(50);

    private readonly WallUnderTest _wall;
    private readonly TmuxFixture _server;
    private readonly WorkerSessions _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates the meter.</summary>
    public PhaseMeter(WallUnderTest wall, TmuxFixture server, WorkerSessions workers)
    {
        _wall = wall;
        _server = server;
        _workers = workers;
    }

    /// <summary>Samples, waits <paramref name="duration"/>, samples again.</summary>
    /// <param name="name">Names the phase in the report.</param>
    /// <param name="duration">How long the phase lasts.</param>
    /// <param name="cancellationToken">Aborts the wait.</param>
    public async Task<PhaseResult> MeasureAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        _wall.Terminal.AfterNextFrame(FrameWait, FrameSettled, cancellationToken);
        var start = Open(cancellationToken);
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        _wall.Terminal.AfterNextFrame(FrameWait, FrameSettled, cancellationToken);
        var end = Close(cancellationToken);
        return PhaseResult.From(name, start, end);
    }

    private Sample Open(CancellationToken cancellationToken)
    {
        var screen = _wall.Screen();
        var metrics = _wall.Metrics(cancellationToken);
        var rss = ProcReader.RssBytes(_wall.Pid);
        var threads = ProcReader.Threads(_wall.Pid);
        var io = ProcReader.Io(_wall.Pid);
        var bytes = _wall.Terminal.Bytes;
        var (epoch, wall, server, terminal, tracer) = Cpu();
        return new Sample(_clock.Elapsed, epoch, _wall.Age, _workers.Age, wall, server, terminal, tracer, bytes, metrics, rss, io, screen, threads);
    }

    private Sample Close(CancellationToken cancellationToken)
    {
        var at = _clock.Elapsed;
        var (epoch, wall, server, terminal, tracer) = Cpu();
        var bytes = _wall.Terminal.Bytes;
        var io = ProcReader.Io(_wall.Pid);
        var threads = ProcReader.Threads(_wall.Pid);
        var rss = ProcReader.RssBytes(_wall.Pid);
        var (wallAge, sessionAge) = (_wall.Age, _workers.Age);
        var metrics = _wall.Metrics(cancellationToken);
        return new Sample(at, epoch, wallAge, sessionAge, wall, server, terminal, tracer, bytes, metrics, rss, io, _wall.Screen(), threads);
    }

    private (double Epoch, TreeCpu Wall, CpuTimes Server, CpuTimes Terminal, CpuTimes? Tracer) Cpu() =>
        ((DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds,
         ProcReader.Tree(_wall.Pid),
         ProcReader.Cpu(_server.ServerPid),
         ProcReader.Cpu(_wall.TerminalPid),
         _wall.TracerPid is { } tracer ? ProcReader.Cpu(tracer) : null);
}
