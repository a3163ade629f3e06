using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>One measured run of the wall over N sessions.</summary>
/// <param name="Sessions">N.</param>
/// <param name="Busy">The phase where every session prints a line a second.</param>
/// <param name="BusyEndAge">Age of the sessions when the busy phase ended (the wall's labels are minute-granular).</param>
/// <param name="Idle">The phase where every session is quiet.</param>
/// <param name="IdleEndAge">Age of the sessions when the idle phase ended.</param>
internal sealed record WallRunResult(int Sessions, PhaseResult Busy, TimeSpan BusyEndAge, PhaseResult Idle, TimeSpan IdleEndAge);

/// <summary>
/// Runs the wall over a fresh inner server with N busy sessions: start the sessions, then the wall; warm up; measure the busy
/// phase; silence the sessions and let the last lines land; measure the idle phase. Everything is torn down on every way out.
/// </summary>
internal static class WallRun
{
    private static readonly TimeSpan CardsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Measures one N.</summary>
    public static async Task<WallRunResult> RunAsync(int sessions, BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        using var inner = new TmuxFixture("inner");
        var workers = WorkerSessions.Start(inner, sessions);
        var age = Stopwatch.StartNew();
        using var wall = WallUnderTest.Start(DotnetHost.AppDll, inner.SocketPath, options.WallArgs, options.WallEnvironment);
        log($"{sessions} sessions: wall pid {wall.Pid}, inner server pid {inner.ServerPid}; warming up {options.Warmup.TotalSeconds:0} s");
        wall.WaitForText(WorkerSessions.FirstName, CardsTimeout);
        await DelayUntil(age, options.Warmup, cancellationToken).ConfigureAwait(false);

        var meter = new PhaseMeter(wall, inner, workers);
        log($"{sessions} sessions: busy phase {options.Busy.TotalSeconds:0} s");
        var busy = await meter.MeasureAsync("busy", options.Busy, cancellationToken).ConfigureAwait(false);
        var busyEndAge = age.Elapsed;

        workers.Quiet();
        log($"{sessions} sessions: sessions silenced, settling {options.Settle.TotalSeconds:0} s, then idle phase {options.Idle.TotalSeconds:0} s");
        await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
        var idle = await meter.MeasureAsync("idle", options.Idle, cancellationToken).ConfigureAwait(false);
        return new WallRunResult(sessions, busy, busyEndAge, idle, age.Elapsed);
    }

    /// <summary>Runs the reference poller over a fresh inner server with N busy sessions (no wall).</summary>
    public static async Task<ReferenceResult> ReferenceAsync(int sessions, TimeSpan duration, Action<string> log, CancellationToken cancellationToken)
    {
        using var inner = new TmuxFixture("reference");
        var workers = WorkerSessions.Start(inner, sessions);
        log($"reference: the server alone, then capture-pane per session every 500 ms, over {sessions} busy sessions, {duration.TotalSeconds:0} s each");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return await ReferencePoller.RunAsync(inner, workers.PaneIds, duration, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DelayUntil(Stopwatch clock, TimeSpan at, CancellationToken cancellationToken)
    {
        if (at > clock.Elapsed)
        {
            await Task.Delay(at - clock.Elapsed, cancellationToken).ConfigureAwait(false);
        }
    }
}
