using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>Everything measured at one instant of a run.</summary>
/// <param name="At">Benchmark clock.</param>
/// <param name="Wall">CPU of the wall process, including the tmux clients it spawned and reaped.</param>
/// <param name="Server">CPU of the watched (inner) tmux server.</param>
/// <param name="Terminal">CPU of the outer tmux server, which plays the user's terminal.</param>
/// <param name="PipedBytes">Bytes the wall has written to its terminal (external count, pipe-pane).</param>
/// <param name="Counters">The wall's own counters.</param>
/// <param name="InnerPolls">Polls the inner server has answered.</param>
/// <param name="RssBytes">Resident memory of the wall.</param>
/// <param name="Screen">The wall's screen as plain text.</param>
/// <param name="WallThreads">CPU seconds of each thread of the wall, by thread id, with its name.</param>
internal sealed record Sample(
    TimeSpan At,
    CpuTimes Wall,
    CpuTimes Server,
    CpuTimes Terminal,
    long PipedBytes,
    WallCounters Counters,
    long InnerPolls,
    long RssBytes,
    string Screen,
    IReadOnlyDictionary<int, (string Name, double Seconds)> WallThreads);

/// <summary>
/// Measures one phase of a run between two <see cref="Sample"/>s. The clock, CPU and piped bytes are read together and
/// innermost; the probes that cost the wall or a server work (SIGUSR1 metrics dump, tmux queries, screen capture) happen
/// outside that window, before it opens and after it closes, so they are not billed to the phase. Each sample is taken just
/// after a frame reached the terminal when one comes within <see cref="FrameWait"/>: a poll and its frame have then completed
/// and the next are most of an interval away, so the wall's counters, the server's poll count and the piped bytes agree.
/// </summary>
internal sealed class PhaseMeter
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan FrameSettled = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FileCheck = TimeSpan.FromMilliseconds(5);

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
        await AfterNextFrameAsync(cancellationToken).ConfigureAwait(false);
        var start = Open();
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        await AfterNextFrameAsync(cancellationToken).ConfigureAwait(false);
        var end = Close();
        return PhaseResult.From(name, start, end);
    }

    /// <summary>Waits until the piped output grows and then stays unchanged for <see cref="FrameSettled"/>; returns after
    /// <see cref="FrameWait"/> when no frame comes (an idle wall).</summary>
    private async Task AfterNextFrameAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var size = _wall.PipedBytes;
        while (_wall.PipedBytes == size)
        {
            if (clock.Elapsed > FrameWait)
            {
                return;
            }

            await Task.Delay(FileCheck, cancellationToken).ConfigureAwait(false);
        }

        var stable = Stopwatch.StartNew();
        while (stable.Elapsed < FrameSettled)
        {
            await Task.Delay(FileCheck, cancellationToken).ConfigureAwait(false);
            if (_wall.PipedBytes != size)
            {
                size = _wall.PipedBytes;
                stable.Restart();
            }
        }
    }

    private Sample Open()
    {
        var screen = _wall.Screen();
        var counters = _wall.Counters();
        var polls = _workers.Polls();
        var rss = ProcReader.RssBytes(_wall.Pid);
        var threads = ProcReader.Threads(_wall.Pid);
        var piped = _wall.PipedBytes;
        var (wall, server, terminal) = Cpu();
        return new Sample(_clock.Elapsed, wall, server, terminal, piped, counters, polls, rss, screen, threads);
    }

    private Sample Close()
    {
        var at = _clock.Elapsed;
        var (wall, server, terminal) = Cpu();
        var piped = _wall.PipedBytes;
        var threads = ProcReader.Threads(_wall.Pid);
        var rss = ProcReader.RssBytes(_wall.Pid);
        var polls = _workers.Polls();
        var counters = _wall.Counters();
        return new Sample(at, wall, server, terminal, piped, counters, polls, rss, _wall.Screen(), threads);
    }

    private (CpuTimes Wall, CpuTimes Server, CpuTimes Terminal) Cpu() =>
        (ProcReader.Cpu(_wall.Pid), ProcReader.Cpu(_server.ServerPid), ProcReader.Cpu(_wall.TerminalPid));
}
