namespace SessionTui.Benchmarks;

/// <summary>What one phase cost, from two <see cref="Sample"/>s. Percentages are of one core (CPU seconds / elapsed × 100).</summary>
/// <param name="Name">busy or idle.</param>
/// <param name="Seconds">Elapsed time between the samples.</param>
/// <param name="WallCpuPercent">The wall, its reaped tmux clients included.</param>
/// <param name="WallOwnCpuPercent">The wall process alone (utime + stime).</param>
/// <param name="WallChildrenCpuPercent">The tmux clients the wall spawned and reaped (cutime + cstime).</param>
/// <param name="ServerCpuPercent">The watched tmux server.</param>
/// <param name="TerminalCpuPercent">The outer tmux server drawing the wall's output (the user's terminal).</param>
/// <param name="Spawns">tmux processes the wall spawned, all servers.</param>
/// <param name="LiveServerSpawns">Polls the watched server answered (one spawned tmux each).</param>
/// <param name="AbsentServerSpawns">The rest: attempts on the absent default socket.</param>
/// <param name="Frames">Frames drawn.</param>
/// <param name="RenderMs">Time of each of those frames, ms.</param>
/// <param name="PipedBytes">Bytes written to the terminal (external count).</param>
/// <param name="CountedBytes">Bytes written to the terminal (the wall's own counter; its window is a few ms off).</param>
/// <param name="RssBytes">Resident memory of the wall at the end.</param>
/// <param name="ChangedLines">Screen lines that differ between the start and the end: (row, before, after).</param>
/// <param name="ThreadCpuPercent">The wall's own CPU by thread name, busiest first (threads alive at the end, those started
/// during the phase included; threads that exited during it are missing; thread-pool workers share a name and are summed).</param>
internal sealed record PhaseResult(
    string Name,
    double Seconds,
    double WallCpuPercent,
    double WallOwnCpuPercent,
    double WallChildrenCpuPercent,
    double ServerCpuPercent,
    double TerminalCpuPercent,
    long Spawns,
    long LiveServerSpawns,
    long AbsentServerSpawns,
    long Frames,
    IReadOnlyList<double> RenderMs,
    long PipedBytes,
    long CountedBytes,
    long RssBytes,
    IReadOnlyList<(int Row, string Before, string After)> ChangedLines,
    IReadOnlyList<(string Thread, double Percent)> ThreadCpuPercent)
{
    /// <summary>The tiered-compilation worker's thread name as Linux shows it (15 characters of ".NET Tiered Compilation Worker").</summary>
    public const string TieredCompilationThread = ".NET Tiered Com";

    /// <summary>Wall plus watched server.</summary>
    public double CombinedCpuPercent => WallCpuPercent + ServerCpuPercent;

    /// <summary>The .NET runtime's tiered-compilation worker (background re-JIT of hot methods at full optimization), % of one core.</summary>
    public double JitCpuPercent => ThreadCpuPercent.Where(t => t.Thread == TieredCompilationThread).Sum(t => t.Percent);

    /// <summary>All spawns per second.</summary>
    public double SpawnsPerSecond => Spawns / Seconds;

    /// <summary>Spawns per second for the watched server.</summary>
    public double LiveServerSpawnsPerSecond => LiveServerSpawns / Seconds;

    /// <summary>Spawns per second for the absent default socket.</summary>
    public double AbsentServerSpawnsPerSecond => AbsentServerSpawns / Seconds;

    /// <summary>Piped bytes per second.</summary>
    public double BytesPerSecond => PipedBytes / Seconds;

    /// <summary>Median frame time, ms (NaN without frames).</summary>
    public double RenderP50 => Stats.Percentile(RenderMs, 50);

    /// <summary>95th percentile frame time, ms (NaN without frames).</summary>
    public double RenderP95 => Stats.Percentile(RenderMs, 95);

    /// <summary>Whether <paramref name="count"/> events in this phase fit a rate of at most <paramref name="perSecond"/>: a window
    /// of T seconds holds up to floor(T × rate) + 1 ticks of a strictly periodic source (one tick may sit on each edge).</summary>
    public bool AtMost(long count, double perSecond) => count <= Math.Floor(Seconds * perSecond) + 1;

    /// <summary>Computes the phase between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static PhaseResult From(string name, Sample start, Sample end)
    {
        var seconds = (end.At - start.At).TotalSeconds;
        double Percent(double cpuSeconds) => cpuSeconds / seconds * 100;
        var spawns = end.Counters.TmuxSpawned - start.Counters.TmuxSpawned;
        var polls = end.InnerPolls - start.InnerPolls;
        var frames = end.Counters.Frames - start.Counters.Frames;
        var renderMs = end.Counters.RenderMs.Skip((int)start.Counters.Frames).Take((int)frames).ToArray();
        return new PhaseResult(
            name,
            seconds,
            Percent(end.Wall.Total - start.Wall.Total),
            Percent(end.Wall.Own - start.Wall.Own),
            Percent(end.Wall.Children - start.Wall.Children),
            Percent(end.Server.Own - start.Server.Own),
            Percent(end.Terminal.Own - start.Terminal.Own),
            spawns,
            polls,
            Math.Max(0, spawns - polls),
            frames,
            renderMs,
            end.PipedBytes - start.PipedBytes,
            end.Counters.BytesWritten - start.Counters.BytesWritten,
            end.RssBytes,
            Diff(start.Screen, end.Screen),
            ByThreadName(start.WallThreads, end.WallThreads, seconds));
    }

    private static List<(string Thread, double Percent)> ByThreadName(
        IReadOnlyDictionary<int, (string Name, double Seconds)> start,
        IReadOnlyDictionary<int, (string Name, double Seconds)> end,
        double seconds) =>
        end.GroupBy(t => t.Value.Name, StringComparer.Ordinal)
            .Select(g => (Thread: g.Key, Percent: g.Sum(t => t.Value.Seconds - (start.TryGetValue(t.Key, out var s) ? s.Seconds : 0)) / seconds * 100))
            .Where(t => t.Percent > 0)
            .OrderByDescending(t => t.Percent)
            .ToList();

    private static List<(int Row, string Before, string After)> Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return Enumerable.Range(0, Math.Max(a.Length, b.Length))
            .Select(i => (Row: i, Before: i < a.Length ? a[i] : "", After: i < b.Length ? b[i] : ""))
            .Where(l => !string.Equals(l.Before, l.After, StringComparison.Ordinal))
            .ToList();
    }
}
