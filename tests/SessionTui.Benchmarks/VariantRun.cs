namespace SessionTui.Benchmarks;

/// <summary>One build at one session count.</summary>
/// <param name="Variant"><c>jit</c> or <c>aot</c>.</param>
/// <param name="Sessions">N.</param>
/// <param name="Busy">The phase where every session prints a line a second.</param>
/// <param name="Idle">The phase where every session is quiet.</param>
/// <param name="Keys">send-keys → screen, after the busy phase (null when skipped).</param>
/// <param name="PeakRssBytes">The wall's peak resident memory over its whole run (VmHWM).</param>
/// <param name="Traced">Whether the wall ran under strace.</param>
/// <param name="DbBytesWholeRun">Bytes strace saw written to the database files (<c>-shm</c> excluded) over the wall's whole
/// run, its start included (null when not traced): shows the method sees the writes when a phase has none.</param>
internal sealed record VariantResult(
    string Variant, int Sessions, PhaseResult Busy, PhaseResult Idle, KeyProbeResult? Keys, long PeakRssBytes, bool Traced, long? DbBytesWholeRun);

/// <summary>
/// One build of the wall over its own inner server with N busy sessions: the sessions start, then the wall. Each build gets
/// its own servers, so builds measured side by side do not share a tmux server and each server's CPU is its wall's. Disposing
/// stops the wall and kills both servers.
/// </summary>
internal sealed class VariantRun : IDisposable
{
    private static readonly TimeSpan CardsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Margin after a minute boundary of the sessions' age before an idle window may open (the wall redraws minute
    /// labels at its next refresh).</summary>
    private static readonly TimeSpan LabelMargin = TimeSpan.FromSeconds(3);

    private readonly WorkerSessions _workers;
    private readonly WallUnderTest _wall;
    private readonly PhaseMeter _meter;

    private VariantRun(WallVariant variant, int sessions, TmuxFixture inner, WorkerSessions workers, WallUnderTest wall)
    {
        Variant = variant;
        Sessions = sessions;
        Inner = inner;
        _workers = workers;
        _wall = wall;
        _meter = new PhaseMeter(wall, inner, workers);
    }

    /// <summary>The build.</summary>
    public WallVariant Variant { get; }

    /// <summary>N.</summary>
    public int Sessions { get; }

    /// <summary>The watched server.</summary>
    public TmuxFixture Inner { get; }

    /// <summary>Who is who, for the log.</summary>
    public string Describe() =>
        $"{Variant.Name} {Sessions} sessions: wall pid {_wall.Pid}{(_wall.TracerPid is { } t ? $" (under strace {t})" : "")}, inner server pid {Inner.ServerPid}";

    /// <summary>Starts the sessions and the wall.</summary>
    public static VariantRun Start(WallVariant variant, int sessions, BenchmarkOptions options, string? strace)
    {
        var inner = new TmuxFixture("inner-" + variant.Name);
        try
        {
            var workers = WorkerSessions.Start(inner, sessions);
            var wall = WallUnderTest.Start(variant, inner.SocketPath, options.WallArgs, options.WallEnvironment, strace, !options.NoMetrics.Contains(variant.Name));
            return new VariantRun(variant, sessions, inner, workers, wall);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the wall shows the first session.</summary>
    public void WaitForCards(CancellationToken cancellationToken) => _wall.WaitForText(WorkerSessions.FirstName, CardsTimeout, cancellationToken);

    /// <summary>Waits until the wall is <paramref name="start"/> old, then measures the busy phase.</summary>
    public async Task<PhaseResult> BusyAsync(TimeSpan start, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (start > _wall.Age)
        {
            await Task.Delay(start - _wall.Age, cancellationToken).ConfigureAwait(false);
        }

        return await _meter.MeasureAsync("busy", duration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Times <paramref name="presses"/> selection moves.</summary>
    public KeyProbeResult Keys(int presses, CancellationToken cancellationToken) => KeyProbes.Run(_wall, presses, cancellationToken);

    /// <summary>Silences every session.</summary>
    public void Quiet() => _workers.Quiet();

    /// <summary>Measures the idle phase. A window that would contain a whole minute of the sessions' age (when the wall's
    /// minute-granular age labels change) opens just after that minute instead, so a quiet wall has nothing to redraw (windows
    /// of 55 s or more cannot avoid one).</summary>
    public async Task<PhaseResult> IdleAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var age = _workers.Age;
        var end = age + duration + TimeSpan.FromSeconds(2);
        var fits = end - age + LabelMargin < TimeSpan.FromMinutes(1);
        if (fits && Math.Floor(age.TotalMinutes) != Math.Floor(end.TotalMinutes) || age.TotalSeconds % 60 < LabelMargin.TotalSeconds)
        {
            var next = TimeSpan.FromMinutes(Math.Floor(end.TotalMinutes)) + LabelMargin;
            await Task.Delay(next - age, cancellationToken).ConfigureAwait(false);
        }

        return await _meter.MeasureAsync("idle", duration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the wall and completes the phases with what strace saw in each.</summary>
    public VariantResult Finish(PhaseResult busy, PhaseResult idle, KeyProbeResult? keys)
    {
        var end = _wall.Stop();
        PhaseResult WithTrace(PhaseResult p) =>
            end.Trace is { } log ? p with { Trace = PhaseTrace.From(log, p.StartEpoch, p.EndEpoch, Inner.SocketPath) } : p;
        var wholeRun = end.Trace?.Writes.Where(w => !w.File.EndsWith("-shm", StringComparison.Ordinal)).Sum(w => w.Bytes);
        return new VariantResult(Variant.Name, Sessions, WithTrace(busy), WithTrace(idle), keys, end.PeakRssBytes, end.Trace is not null, wholeRun);
    }

    /// <summary>Stops the wall and kills both servers.</summary>
    public void Dispose()
    {
        _wall.Dispose();
        Inner.Dispose();
    }
}
