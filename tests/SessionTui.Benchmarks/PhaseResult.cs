namespace SessionTui.Benchmarks;

/// <summary>A screen line that differs between the start and the end of a phase.</summary>
/// <param name="Row">0-based row.</param>
/// <param name="Before">At the start.</param>
/// <param name="After">At the end.</param>
internal sealed record ChangedLine(int Row, string Before, string After);

/// <summary>CPU of the wall's threads that share a name, in a phase.</summary>
/// <param name="Thread">The name (<c>/proc/PID/task/TID/comm</c>, 15 characters at most).</param>
/// <param name="Percent">% of one core.</param>
internal sealed record ThreadCpu(string Thread, double Percent);

/// <summary>What strace saw in a phase (see <see cref="SyscallTrace"/>).</summary>
/// <param name="WatchedServerSpawns">tmux processes started with the watched server's socket in their argv.</param>
/// <param name="OtherTmuxSpawns">tmux processes started for any other server (here: the absent default socket).</param>
/// <param name="OtherPrograms">Other programs started.</param>
/// <param name="DbBytesByFile">Bytes written by write system calls, by file name (<c>history.db</c>, <c>history.db-wal</c>...).</param>
internal sealed record PhaseTrace(long WatchedServerSpawns, long OtherTmuxSpawns, long OtherPrograms, IReadOnlyDictionary<string, long> DbBytesByFile)
{
    /// <summary>Bytes written to the database proper: the <c>.db</c>, <c>-wal</c> and <c>-journal</c> files (not the
    /// <c>-shm</c> index, which SQLite maps in memory and only extends with writes).</summary>
    public long DbBytes => DbBytesByFile.Where(f => !f.Key.EndsWith("-shm", StringComparison.Ordinal)).Sum(f => f.Value);

    /// <summary>Takes the events of <paramref name="log"/> between two Unix times.</summary>
    /// <param name="log">The whole run's log.</param>
    /// <param name="start">Window start, Unix seconds.</param>
    /// <param name="end">Window end, Unix seconds.</param>
    /// <param name="watchedSocket">The watched server's socket path.</param>
    public static PhaseTrace From(SyscallLog log, double start, double end, string watchedSocket)
    {
        var execs = log.Execs.Where(e => e.At >= start && e.At < end).ToList();
        var tmux = execs.Where(e => Path.GetFileName(e.Program) == "tmux").ToList();
        var watched = tmux.Count(e => e.Arguments.Contains('"' + watchedSocket + '"', StringComparison.Ordinal));
        var files = log.Writes.Where(w => w.At >= start && w.At < end)
            .GroupBy(w => Path.GetFileName(w.File), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(w => w.Bytes), StringComparer.Ordinal);
        return new PhaseTrace(watched, tmux.Count - watched, execs.Count - tmux.Count, files);
    }
}

/// <summary>What one phase cost, from two <see cref="Sample"/>s. Percentages are of one core (CPU seconds / elapsed × 100).</summary>
/// <param name="Name">busy or idle.</param>
/// <param name="Seconds">Elapsed time between the samples.</param>
/// <param name="StartEpoch">Window start, Unix seconds.</param>
/// <param name="EndEpoch">Window end, Unix seconds.</param>
/// <param name="WallAgeAtStart">Seconds since the wall was started, at the window start.</param>
/// <param name="SessionAgeAtStart">Seconds since the sessions were created, at the window start.</param>
/// <param name="SessionAgeAtEnd">Seconds since the sessions were created, at the window end.</param>
/// <param name="WallCpuPercent">The wall with all its children (reaped and live).</param>
/// <param name="WallOwnCpuPercent">The wall process alone (utime + stime).</param>
/// <param name="WallChildrenCpuPercent">Its children: tmux clients it spawned, reaped or still running.</param>
/// <param name="ServerCpuPercent">The watched tmux server.</param>
/// <param name="TerminalCpuPercent">The outer tmux server drawing the wall's output (the user's terminal).</param>
/// <param name="TracerCpuPercent">strace, when used (not part of any other figure).</param>
/// <param name="MetricsSpawns">tmux processes the wall says it spawned (metrics <c>tmuxSpawned</c>), all servers; null
/// without metrics (so for all the metrics fields).</param>
/// <param name="Frames">Frames drawn (metrics <c>frames</c>).</param>
/// <param name="RenderMs">Time of each of those frames, ms (metrics <c>renderMs</c>).</param>
/// <param name="RedrawMs">Time of each whole-grid redraw, ms (metrics <c>redrawMs</c>; null when the wall does not write it).</param>
/// <param name="TerminalBytes">Bytes written to the terminal (external count).</param>
/// <param name="WallCountedBytes">Bytes written to the terminal by the wall's own count (metrics <c>bytesWritten</c>, optional).</param>
/// <param name="MetricsDbBytes">Database bytes by the wall's own count (metrics <c>dbBytesWritten</c>, optional).</param>
/// <param name="IoWriteBytes">Growth of the wall's <c>/proc/PID/io</c> write_bytes (page-cache bytes dirtied, every file).</param>
/// <param name="RssBytes">Resident memory of the wall at the end.</param>
/// <param name="ChangedLines">Screen lines that differ between the start and the end.</param>
/// <param name="Threads">The wall's own CPU by thread name, busiest first (threads alive at the end; thread-pool workers share
/// a name and are summed).</param>
internal sealed record PhaseResult(
    string Name,
    double Seconds,
    double StartEpoch,
    double EndEpoch,
    double WallAgeAtStart,
    double SessionAgeAtStart,
    double SessionAgeAtEnd,
    double WallCpuPercent,
    double WallOwnCpuPercent,
    double WallChildrenCpuPercent,
    double ServerCpuPercent,
    double TerminalCpuPercent,
    double? TracerCpuPercent,
    long? MetricsSpawns,
    long? Frames,
    IReadOnlyList<double>? RenderMs,
    IReadOnlyList<double>? RedrawMs,
    long TerminalBytes,
    long? WallCountedBytes,
    long? MetricsDbBytes,
    long IoWriteBytes,
    long RssBytes,
    IReadOnlyList<ChangedLine> ChangedLines,
    IReadOnlyList<ThreadCpu> Threads)
{
    /// <summary>The tiered-compilation worker's thread name as Linux shows it (15 characters of ".NET Tiered Compilation Worker").</summary>
    public const string TieredCompilationThread = ".NET Tiered Com";

    /// <summary>What strace saw in this window; null until the wall has stopped, or when it did not run under strace.</summary>
    public PhaseTrace? Trace { get; init; }

    /// <summary>Wall plus watched server.</summary>
    public double CombinedCpuPercent => WallCpuPercent + ServerCpuPercent;

    /// <summary>The .NET runtime's tiered-compilation worker, % of one core.</summary>
    public double JitCpuPercent => Threads.Where(t => t.Thread == TieredCompilationThread).Sum(t => t.Percent);

    /// <summary>tmux spawns of the busiest server: counted by strace per server when traced, else every spawn the wall
    /// reports (as if all were for one server).</summary>
    public long? BusiestServerSpawns => Trace is { } t ? Math.Max(t.WatchedServerSpawns, t.OtherTmuxSpawns) : MetricsSpawns;

    /// <summary><see cref="BusiestServerSpawns"/> per second.</summary>
    public double? SpawnsPerSecondPerServer => BusiestServerSpawns / Seconds;

    /// <summary>Terminal bytes per second.</summary>
    public double BytesPerSecond => TerminalBytes / Seconds;

    /// <summary>Database bytes per minute: by strace when traced, else the wall's own count, else null.</summary>
    public double? DbBytesPerMinute => (Trace?.DbBytes ?? MetricsDbBytes) is { } bytes ? bytes / Seconds * 60 : null;

    /// <summary>The redraw samples: <see cref="RedrawMs"/>, or the per-frame <see cref="RenderMs"/> when the wall does not
    /// write <c>redrawMs</c> (the current wall renders the whole grid off-screen every frame); null without metrics.</summary>
    public IReadOnlyList<double>? RedrawOrRenderMs => RedrawMs ?? RenderMs;

    /// <summary>Whether <paramref name="count"/> events in this phase fit a rate of at most <paramref name="perSecond"/>: a window
    /// of T seconds holds up to floor(T × rate) + 1 ticks of a strictly periodic source (one tick may sit on each edge).</summary>
    public bool AtMost(long count, double perSecond) => count <= Math.Floor(Seconds * perSecond) + 1;

    /// <summary>Computes the phase between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static PhaseResult From(string name, Sample start, Sample end)
    {
        var seconds = (end.At - start.At).TotalSeconds;
        double Percent(double cpuSeconds) => cpuSeconds / seconds * 100;
        return new PhaseResult(
            name,
            seconds,
            start.Epoch,
            end.Epoch,
            start.WallAge.TotalSeconds,
            start.SessionAge.TotalSeconds,
            end.SessionAge.TotalSeconds,
            Percent(end.Wall.Total - start.Wall.Total),
            Percent(end.Wall.Own - start.Wall.Own),
            Percent(end.Wall.Children - start.Wall.Children),
            Percent(end.Server.Own - start.Server.Own),
            Percent(end.Terminal.Own - start.Terminal.Own),
            start.Tracer is { } t0 && end.Tracer is { } t1 ? Percent(t1.Own - t0.Own) : null,
            WallMetrics.Growth(start.Metrics, end.Metrics, m => m.TmuxSpawned),
            WallMetrics.Growth(start.Metrics, end.Metrics, m => m.Frames),
            WallMetrics.Added(start.Metrics, end.Metrics, m => m.RenderMs),
            WallMetrics.Added(start.Metrics, end.Metrics, m => m.RedrawMs),
            end.TerminalBytes - start.TerminalBytes,
            WallMetrics.Growth(start.Metrics, end.Metrics, m => m.BytesWritten),
            WallMetrics.Growth(start.Metrics, end.Metrics, m => m.DbBytesWritten),
            end.Io.WriteBytes - start.Io.WriteBytes,
            end.RssBytes,
            Diff(start.Screen, end.Screen),
            ByThreadName(start.WallThreads, end.WallThreads, seconds));
    }

    private static List<ThreadCpu> ByThreadName(
        IReadOnlyDictionary<int, (string Name, double Seconds)> start,
        IReadOnlyDictionary<int, (string Name, double Seconds)> end,
        double seconds) =>
        end.GroupBy(t => t.Value.Name, StringComparer.Ordinal)
            .Select(g => new ThreadCpu(g.Key, g.Sum(t => t.Value.Seconds - (start.TryGetValue(t.Key, out var s) ? s.Seconds : 0)) / seconds * 100))
            .Where(t => t.Percent > 0)
            .OrderByDescending(t => t.Percent)
            .ToList();

    private static List<ChangedLine> Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return Enumerable.Range(0, Math.Max(a.Length, b.Length))
            .Select(i => new ChangedLine(i, i < a.Length ? a[i] : "", i < b.Length ? b[i] : ""))
            .Where(l => !string.Equals(l.Before, l.After, StringComparison.Ordinal))
            .ToList();
    }
}
