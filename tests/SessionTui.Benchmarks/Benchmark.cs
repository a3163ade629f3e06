using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>Everything one invocation measured.</summary>
/// <param name="Variants">The builds, as run (<see cref="WallVariant.Describe"/>).</param>
/// <param name="Runs">Each build at each session count.</param>
/// <param name="Lists"><c>list --json</c> times per build (empty when skipped).</param>
/// <param name="Launches"><c>launch</c> times per build (empty when skipped).</param>
/// <param name="Reference">The reference poller, when run.</param>
/// <param name="Machine">The machine.</param>
/// <param name="LoadAtStart">Load average when the benchmark started.</param>
/// <param name="LoadAtEnd">Load average when it ended.</param>
/// <param name="Seconds">How long the whole invocation took.</param>
/// <param name="Options">The options it ran with.</param>
internal sealed record BenchmarkResult(
    IReadOnlyList<string> Variants,
    IReadOnlyList<VariantResult> Runs,
    IReadOnlyList<ListResult> Lists,
    IReadOnlyList<LaunchTimingResult> Launches,
    ReferenceResult? Reference,
    Machine Machine,
    string LoadAtStart,
    string LoadAtEnd,
    double Seconds,
    BenchmarkOptions Options);

/// <summary>
/// The whole benchmark. For each session count, every build runs at the same time over its own copy of the workload (so load
/// from other work on the machine hits the builds alike and their ratios hold): start the sessions and the walls; at the
/// walls' start second measure the busy phase together; time key presses one wall after the other (sessions still busy);
/// silence the sessions, settle, measure the idle phase together; stop the walls and read their strace logs. After the run at
/// <see cref="BenchmarkOptions.ListSessions"/> sessions, time <c>list --json</c> of each build on that server. Last, with
/// every wall stopped, time <c>launch</c> of each build (<see cref="LaunchTiming"/>); with
/// <see cref="BenchmarkOptions.LaunchOnly"/>, only that.
/// </summary>
internal static class Benchmark
{
    /// <summary>Runs it.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="variants">The builds.</param>
    /// <param name="strace">strace's path, or null to run the walls without it.</param>
    /// <param name="log">Progress lines (stderr).</param>
    /// <param name="cancellationToken">Ctrl-C: stops at the next wait; every server is killed on the way out.</param>
    public static async Task<BenchmarkResult> RunAsync(
        BenchmarkOptions options, IReadOnlyList<WallVariant> variants, string? strace, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        var machine = Machine.Describe(strace);
        log($"load average {loadAtStart}; builds: {string.Join("; ", variants.Select(v => v.Describe()))}");
        var results = new List<VariantResult>();
        IReadOnlyList<ListResult> lists = [];
        foreach (var sessions in options.LaunchOnly ? [] : options.Sessions)
        {
            var (runs, listed) = await OneSessionCountAsync(options, variants, sessions, strace, log, cancellationToken).ConfigureAwait(false);
            results.AddRange(runs);
            lists = listed ?? lists;
        }

        var reference = options.Reference > TimeSpan.Zero && !options.LaunchOnly
            ? await ReferenceAsync(options.Sessions.Max(), options.Reference, log, cancellationToken).ConfigureAwait(false)
            : null;
        IReadOnlyList<LaunchTimingResult> launches = [];
        if (options.LaunchRuns > 0)
        {
            log($"timing launch → agent started, {options.LaunchRuns} runs per build (load average {Machine.LoadAverage()})");
            launches = LaunchTiming.Run(variants, options.LaunchRuns, log, cancellationToken);
        }

        return new BenchmarkResult(
            variants.Select(v => v.Describe()).ToList(), results, lists, launches, reference, machine, loadAtStart, Machine.LoadAverage(), clock.Elapsed.TotalSeconds, options);
    }

    private static async Task<(IReadOnlyList<VariantResult> Runs, IReadOnlyList<ListResult>? Lists)> OneSessionCountAsync(
        BenchmarkOptions options, IReadOnlyList<WallVariant> variants, int sessions, string? strace, Action<string> log, CancellationToken cancellationToken)
    {
        var runs = new List<VariantRun>();
        try
        {
            foreach (var variant in variants)
            {
                runs.Add(VariantRun.Start(variant, sessions, options, strace));
                log(runs[^1].Describe());
            }

            await Task.WhenAll(runs.Select(r => Task.Run(() => r.WaitForCards(cancellationToken), cancellationToken))).ConfigureAwait(false);
            log($"{sessions} sessions: cards shown; busy phase {options.Busy.TotalSeconds:0} s from the walls' second {options.Start.TotalSeconds:0}");
            var busy = await Task.WhenAll(runs.Select(r => Task.Run(() => r.BusyAsync(options.Start, options.Busy, cancellationToken), cancellationToken))).ConfigureAwait(false);

            var keys = new KeyProbeResult?[runs.Count];
            for (var i = 0; i < runs.Count && options.KeyPresses > 0; i++)
            {
                log($"{sessions} sessions: {runs[i].Variant.Name}: {options.KeyPresses} key presses");
                keys[i] = runs[i].Keys(options.KeyPresses, cancellationToken);
            }

            runs.ForEach(r => r.Quiet());
            log($"{sessions} sessions: sessions silenced, settling {options.Settle.TotalSeconds:0} s, then idle phase {options.Idle.TotalSeconds:0} s");
            await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
            var idle = await Task.WhenAll(runs.Select(r => Task.Run(() => r.IdleAsync(options.Idle, cancellationToken), cancellationToken))).ConfigureAwait(false);

            var results = runs.Select((r, i) => r.Finish(busy[i], idle[i], keys[i])).ToList();
            IReadOnlyList<ListResult>? lists = null;
            if (sessions == options.ListSessions && options.ListRuns > 0)
            {
                log($"{sessions} sessions: walls stopped; timing list --json, {options.ListRuns} runs per build");
                lists = ListTiming.Run(variants, runs[0].Inner, sessions, options.ListRuns, cancellationToken);
            }

            return (results, lists);
        }
        finally
        {
            foreach (var run in runs)
            {
                run.Dispose();
            }
        }
    }

    private static async Task<ReferenceResult> ReferenceAsync(int sessions, TimeSpan duration, Action<string> log, CancellationToken cancellationToken)
    {
        using var inner = new TmuxFixture("reference");
        var workers = WorkerSessions.Start(inner, sessions);
        log($"reference: the server alone, then capture-pane per session every 500 ms, over {sessions} busy sessions, {duration.TotalSeconds:0} s each");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return await ReferencePoller.RunAsync(inner, workers.PaneIds, duration, cancellationToken).ConfigureAwait(false);
    }
}
