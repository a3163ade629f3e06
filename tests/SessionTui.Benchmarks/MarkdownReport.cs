using System.Globalization;
using System.Text;

namespace SessionTui.Benchmarks;

/// <summary>Formats a <see cref="BenchmarkResult"/> as Markdown: the table (one row per build, session count and phase), the
/// AOT/JIT ratios, the targets with PASS/FAIL, <c>list --json</c> and <c>launch</c> times, how each number is measured, and
/// the raw numbers. A <c>--launch-only</c> run has only the launch parts.</summary>
internal static class MarkdownReport
{
    private const int TargetSessions = 50;
    private const double MaxBusyCpuPercent = 7.0;
    private const double MaxIdleCpuPercent = 2.5;
    private const double MaxSpawnsPerServer = 1.0;
    private const double MaxRedrawP95Ms = 30.0;
    private const double MaxKeyToFrameP95Ms = 16.0;
    private const double MaxSendKeysP95Ms = 100.0;
    private const double MaxBusyBytesPerSecond = 15_000;
    private const double MaxListMedianMs = 60.0;
    private const double MaxAotRssMb = 60.0;
    private const double MaxLaunchToAgentP95Ms = 300.0;
    private const double Mb = 1024 * 1024;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The whole report.</summary>
    public static string Format(BenchmarkResult result)
    {
        var text = new StringBuilder();
        if (result.Runs.Count == 0)
        {
            AppendLaunchOnlySummary(text, result);
        }
        else
        {
            AppendSummary(text, result);
            AppendTable(text, result);
            AppendRatios(text, result);
            AppendTargets(text, result);
        }

        AppendLists(text, result);
        AppendLaunches(text, result);
        AppendReference(text, result);
        AppendHowMeasured(text, result);
        AppendRaw(text, result);
        return text.ToString();
    }

    private static void AppendSummary(StringBuilder text, BenchmarkResult result)
    {
        var o = result.Options;
        var wallArgs = o.WallArgs.Count == 0 ? "default --interval" : string.Join(' ', o.WallArgs);
        var wallEnvironment = o.WallEnvironment.Count == 0 ? "" : ", environment " + string.Join(' ', o.WallEnvironment);
        text.AppendLine(Invariant, $"Builds: {string.Join("; ", result.Variants.Select(v => $"`{v}`"))}.");
        text.AppendLine();
        text.AppendLine(Invariant,
            $"Load average {result.LoadAtStart} at the start, {result.LoadAtEnd} at the end, on {result.Machine.Processors} cores; the run took " +
            $"{result.Seconds:0} s. The builds ran side by side, each over its own tmux servers and copy of the sessions. Busy: " +
            $"{o.Busy.TotalSeconds:0} s from the wall's second {o.Start.TotalSeconds:0}, every session printing a line a second; keys: " +
            $"{o.KeyPresses + (o.KeyPresses % 2)} per build right after it, sessions still busy; idle: {o.Idle.TotalSeconds:0} s, at least " +
            $"{o.Settle.TotalSeconds:0} s after the sessions went quiet. Wall {WallUnderTest.Width}x{WallUnderTest.Height}, {wallArgs}{wallEnvironment}" +
            $"{(o.Strace ? ", under strace" : "")}.");
        text.AppendLine();
    }

    private static void AppendLaunchOnlySummary(StringBuilder text, BenchmarkResult result)
    {
        text.AppendLine(Invariant, $"Builds: {string.Join("; ", result.Variants.Select(v => $"`{v}`"))}.");
        text.AppendLine();
        text.AppendLine(Invariant,
            $"Load average {result.LoadAtStart} at the start, {result.LoadAtEnd} at the end, on {result.Machine.Processors} cores; the run took " +
            $"{result.Seconds:0} s. `launch` only (no walls, no `list --json`).");
        text.AppendLine();
    }

    private static void AppendTable(StringBuilder text, BenchmarkResult result)
    {
        text.AppendLine("| build | sessions | phase | wall CPU % | tmux server CPU % | wall + server % | tmux spawns/s per server | terminal bytes/s | redraw p50 / p95 ms | key→frame p95 ms | send-keys→screen p50 / p95 ms | RSS MB steady / peak | DB bytes/min |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var renderOnly = false;
        foreach (var run in Ordered(result))
        {
            foreach (var phase in new[] { run.Busy, run.Idle })
            {
                var busy = phase == run.Busy;
                renderOnly |= phase.RedrawMs is null && phase.RenderMs is { Count: > 0 };
                var redraw = phase.RedrawOrRenderMs switch
                {
                    null => "n/a",
                    { Count: 0 } => "-",
                    var ms => string.Create(Invariant, $"{P(ms, 50):0.0} / {P(ms, 95):0.0}{(phase.RedrawMs is null ? " †" : "")}"),
                };
                text.AppendLine(Invariant,
                    $"| {run.Variant} | {run.Sessions} | {phase.Name} | {phase.WallCpuPercent:0.00} | {phase.ServerCpuPercent:0.00} | **{phase.CombinedCpuPercent:0.00}** " +
                    $"| {N(phase.SpawnsPerSecondPerServer)} | {phase.BytesPerSecond:0} | {redraw} " +
                    $"| {(busy ? N(KeyToFrameP95(run)) : "-")} | {(busy ? SendKeys(run) : "-")} " +
                    $"| {phase.RssBytes / Mb:0} / {run.PeakRssBytes / Mb:0} | {N(phase.DbBytesPerMinute, "0")} |");
            }
        }

        text.AppendLine();
        if (renderOnly)
        {
            text.AppendLine("† This wall writes no `redrawMs`: the column shows its per-frame `renderMs` (the current wall renders the whole grid off-screen every frame and writes the changed lines).");
            text.AppendLine();
        }
    }

    private static void AppendRatios(StringBuilder text, BenchmarkResult result)
    {
        var pairs = result.Runs.Where(r => r.Variant == "aot")
            .Select(aot => (Aot: aot, Jit: result.Runs.FirstOrDefault(j => j.Variant == "jit" && j.Sessions == aot.Sessions)))
            .Where(p => p.Jit is not null)
            .ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        text.AppendLine("AOT / JIT, measured side by side (below 1: AOT costs less):");
        text.AppendLine();
        text.AppendLine("| sessions | phase | wall CPU | wall + server | redraw p95 | send-keys→screen p95 | RSS peak | terminal bytes |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (aot, jit) in pairs)
        {
            foreach (var (a, j) in new[] { (aot.Busy, jit!.Busy), (aot.Idle, jit.Idle) })
            {
                var busy = a.Name == "busy";
                text.AppendLine(Invariant,
                    $"| {aot.Sessions} | {a.Name} | {Ratio(a.WallCpuPercent, j.WallCpuPercent)} | {Ratio(a.CombinedCpuPercent, j.CombinedCpuPercent)} " +
                    $"| {Ratio(P(a.RedrawOrRenderMs, 95), P(j.RedrawOrRenderMs, 95))} " +
                    $"| {(busy ? Ratio(P(aot.Keys?.FirstBytesMs, 95), P(jit.Keys?.FirstBytesMs, 95)) : "-")} " +
                    $"| {Ratio(aot.PeakRssBytes, jit.PeakRssBytes)} | {Ratio(a.TerminalBytes, j.TerminalBytes)} |");
            }
        }

        var listAot = result.Lists.FirstOrDefault(l => l.Variant == "aot");
        var listJit = result.Lists.FirstOrDefault(l => l.Variant == "jit");
        if (listAot is not null && listJit is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"`list --json` median: AOT / JIT = {Ratio(listAot.Median, listJit.Median)} ({N(listAot.Median, "0.0")} ms / {N(listJit.Median, "0.0")} ms).");
        }

        text.AppendLine();
    }

    private static void AppendTargets(StringBuilder text, BenchmarkResult result)
    {
        var sessions = result.Runs.Any(r => r.Sessions == TargetSessions) ? TargetSessions : result.Runs.Max(r => r.Sessions);
        var runs = result.Runs.Where(r => r.Sessions == sessions).ToList();
        text.AppendLine(Invariant, $"Targets at {sessions} sessions:");
        text.AppendLine();
        text.AppendLine($"| target | {string.Join(" | ", runs.Select(r => r.Variant))} |");
        text.AppendLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
        void Row(string target, Func<VariantResult, string> cell) =>
            text.AppendLine($"| {target} | {string.Join(" | ", runs.Select(cell))} |");

        Row($"wall + server ≤ {MaxBusyCpuPercent:0.#} % of a core, busy", r => Check(r.Busy.CombinedCpuPercent <= MaxBusyCpuPercent, $"{r.Busy.CombinedCpuPercent:0.00} %"));
        Row($"wall + server ≤ {MaxIdleCpuPercent:0.#} % of a core, idle", r => Check(r.Idle.CombinedCpuPercent <= MaxIdleCpuPercent, $"{r.Idle.CombinedCpuPercent:0.00} %"));
        Row($"≤ {MaxSpawnsPerServer:0} tmux spawn/s per server (busy, idle)", r => r.Busy.BusiestServerSpawns is { } busy && r.Idle.BusiestServerSpawns is { } idle
            ? Check(
                r.Busy.AtMost(busy, MaxSpawnsPerServer) && r.Idle.AtMost(idle, MaxSpawnsPerServer),
                $"{busy} in {r.Busy.Seconds:0.0} s, {idle} in {r.Idle.Seconds:0.0} s{(r.Traced ? "" : " (all servers)")}")
            : "n/a (no strace, no metrics)");
        Row($"redraw p95 ≤ {MaxRedrawP95Ms:0} ms, busy", r => r.Busy.RedrawOrRenderMs switch
        {
            null => "n/a (no metrics)",
            { Count: 0 } => "n/a (no frames)",
            var ms => Check(P(ms, 95) <= MaxRedrawP95Ms, $"{P(ms, 95):0.0} ms{(r.Busy.RedrawMs is null ? " †" : "")}"),
        });
        Row($"key→frame p95 ≤ {MaxKeyToFrameP95Ms:0} ms (wall's metrics)", r => KeyToFrameP95(r) is { } p
            ? Check(p <= MaxKeyToFrameP95Ms, $"{p:0.0} ms")
            : "n/a (no `keyToFrameMs` in the metrics)");
        Row($"send-keys→screen p95 ≤ {MaxSendKeysP95Ms:0} ms (outside the app)", r => r.Keys is { FirstBytesMs.Count: > 0 } k
            ? Check(P(k.FirstBytesMs, 95) <= MaxSendKeysP95Ms && k.Unanswered == 0, $"{P(k.FirstBytesMs, 95):0.0} ms{(k.Unanswered > 0 ? $", {k.Unanswered} unanswered" : "")}")
            : r.Keys is { Unmeasurable: > 0 } u ? $"n/a (the output never paused before {u.Unmeasurable} keys)" : "n/a");
        Row($"terminal ≤ {MaxBusyBytesPerSecond / 1000:0} KB/s busy (1 KB = 1000 bytes)", r => Check(r.Busy.BytesPerSecond <= MaxBusyBytesPerSecond, $"{r.Busy.BytesPerSecond:0} B/s"));
        Row("terminal 0 B/s idle", r => Check(r.Idle.TerminalBytes == 0, $"{r.Idle.TerminalBytes} bytes in {r.Idle.Seconds:0.0} s"));
        Row($"AOT `list --json` median ≤ {MaxListMedianMs:0} ms", r => r.Variant != "aot"
            ? "-"
            : result.Lists.FirstOrDefault(l => l.Variant == "aot") switch
            {
                null => "n/a (not timed)",
                { Ms.Count: 0 } l => Check(false, $"every run failed ({l.Failures})"),
                var l => Check(l.Median <= MaxListMedianMs && l.Failures == 0, $"{l.Median:0.0} ms ({l.Sessions} sessions{(l.Failures > 0 ? $", {l.Failures} failed" : "")})"),
            });
        Row($"AOT RSS ≤ {MaxAotRssMb:0} MB (peak)", r => r.Variant != "aot" ? "-" : Check(r.PeakRssBytes / Mb <= MaxAotRssMb, $"{r.PeakRssBytes / Mb:0} MB"));
        text.AppendLine();
    }

    private static void AppendLists(StringBuilder text, BenchmarkResult result)
    {
        if (result.Lists.Count == 0)
        {
            return;
        }

        text.AppendLine("`sessiontui list --json`, process start to exit:");
        text.AppendLine();
        text.AppendLine("| build | sessions | runs | median ms | p95 ms | min ms | max ms | failures |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var list in result.Lists)
        {
            var failure = list.FirstFailure?.Split('\n')[0].Trim();
            text.AppendLine(Invariant,
                $"| {list.Variant} | {list.Sessions} | {list.Ms.Count} | **{N(list.Median, "0.0")}** | {N(P(list.Ms, 95), "0.0")} | {N(Min(list.Ms), "0.0")} | {N(Max(list.Ms), "0.0")} " +
                $"| {list.Failures}{(failure is null ? "" : $" (first: {failure.Replace("|", "\\|", StringComparison.Ordinal)})")} |");
        }

        text.AppendLine();
    }

    private static void AppendLaunches(StringBuilder text, BenchmarkResult result)
    {
        if (result.Launches.Count == 0)
        {
            return;
        }

        text.AppendLine("`sessiontui launch bench-N --cwd DIR --task x --db PATH --json -- agent.sh STAMP` into a workcell, from just before the process start to the agent's own start time (launch → agent) and to the CLI's exit:");
        text.AppendLine();
        text.AppendLine("| build | runs | launch→agent p50 / p95 / max ms | launch→CLI exit p50 / p95 / max ms | first run (cold server): agent / exit ms | failures |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var launch in result.Launches)
        {
            var failure = launch.FirstFailure?.Split('\n')[0].Trim();
            text.AppendLine(Invariant,
                $"| {launch.Variant} | {launch.AgentMs.Count} | **{N(P(launch.AgentMs, 50), "0.0")}** / **{N(P(launch.AgentMs, 95), "0.0")}** / {N(Max(launch.AgentMs), "0.0")} " +
                $"| {N(P(launch.ExitMs, 50), "0.0")} / {N(P(launch.ExitMs, 95), "0.0")} / {N(Max(launch.ExitMs), "0.0")} " +
                $"| {N(launch.ColdAgentMs, "0.0")} / {N(launch.ColdExitMs, "0.0")} " +
                $"| {launch.Failures}{(failure is null ? "" : $" (first: {failure.Replace("|", "\\|", StringComparison.Ordinal)})")} |");
        }

        text.AppendLine();
        var aot = result.Launches.FirstOrDefault(l => l.Variant == "aot");
        var jit = result.Launches.FirstOrDefault(l => l.Variant == "jit");
        var target = $"launch → agent running ≤ {MaxLaunchToAgentP95Ms:0} ms (p95, AOT):";
        text.AppendLine(aot switch
        {
            null => $"{target} n/a (the AOT build was not measured; pass --binary)",
            { AgentMs.Count: 0 } => $"{target} {Check(false, $"every run failed ({aot.Failures})")}",
            _ => $"{target} {Check(P(aot.AgentMs, 95) <= MaxLaunchToAgentP95Ms && aot.Failures == 0, string.Create(Invariant, $"{P(aot.AgentMs, 95):0.0} ms{(aot.Failures > 0 ? $", {aot.Failures} failed" : "")}"))}",
        });
        if (aot is not null && jit is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant,
                $"AOT / JIT, p95: launch → agent {Ratio(P(aot.AgentMs, 95), P(jit.AgentMs, 95))} ({N(P(aot.AgentMs, 95), "0.0")} ms / {N(P(jit.AgentMs, 95), "0.0")} ms), " +
                $"launch → CLI exit {Ratio(P(aot.ExitMs, 95), P(jit.ExitMs, 95))} ({N(P(aot.ExitMs, 95), "0.0")} ms / {N(P(jit.ExitMs, 95), "0.0")} ms).");
        }

        text.AppendLine();
    }

    private static void AppendReference(StringBuilder text, BenchmarkResult result)
    {
        if (result.Reference is not { } reference)
        {
            return;
        }

        text.AppendLine(Invariant,
            $"Reference ({reference.Sessions} busy sessions): a poller spawning `tmux capture-pane` per session every 500 ms costs {reference.PollerCpuPercent:0.0} % " +
            $"(itself with its tmux clients) + {reference.ServerCpuPercent:0.0} % (server) = {reference.CombinedCpuPercent:0.0} % of a core at {reference.SpawnsPerSecond:0} spawns/s; " +
            $"the server alone with nothing polling {reference.ServerAloneCpuPercent:0.00} %.");
        text.AppendLine();
    }

    private static void AppendHowMeasured(StringBuilder text, BenchmarkResult result)
    {
        var traced = result.Runs.Any(r => r.Traced);
        text.AppendLine(result.Runs.Count > 0 ? "How each number is measured (CPU % is of one core: CPU seconds over elapsed seconds × 100):" : "How each number is measured:");
        text.AppendLine();
        if (result.Runs.Count > 0)
        {
            AppendWallHowMeasured(text, traced);
        }

        if (result.Lists.Count > 0)
        {
            text.AppendLine("- `list --json`: wall-clock time from starting the process to its exit (its output read), median over the timed runs, after one untimed run; the JIT build through the dotnet host.");
        }

        if (result.Launches.Count > 0)
        {
            text.AppendLine(
                "- `launch`: each build into its own private `$XDG_STATE_HOME`, `$XDG_CONFIG_HOME`, `$TMUX_TMPDIR` and `$HOME` (so its own workcell server on `$XDG_STATE_HOME/sessiontui/tmux.sock`), `$TMUX` unset, `--cwd` a plain folder (not a git repository); runs alternate between the builds; the JIT build through the dotnet host. " +
                "The agent is a shell script that writes `date +%s%N` to a file and then `exec sleep`s: launch → agent is that time minus the wall clock (`DateTime.UtcNow`, the same clock) read just before the process start, so it includes the agent's own `sh` and `date` start (about 1 ms); launch → CLI exit is the process's start to its exit, its output read. " +
                $"The first run per build is untimed (it starts the server and creates the database; shown as cold) and its session stays, so the server stays up; each timed session is killed after its run and the next run waits until the server's child processes (log pipe, hooks) are back to the first run's count. A failure: a non-zero exit, no session in the JSON, or no start time within {LaunchTiming.AgentTimeout.TotalSeconds:0} s.");
        }

        text.AppendLine();
    }

    private static void AppendWallHowMeasured(StringBuilder text, bool traced)
    {
        text.AppendLine("- wall CPU: `/proc/PID/stat` of the wall: its own utime+stime, the children it reaped (cutime+cstime: the tmux clients it spawns) and any live descendants; tmux server CPU: the watched server's utime+stime (it also draws the sessions' output: the workload's own cost).");
        text.AppendLine(traced
            ? "- tmux spawns/s per server: the busiest server's count, from strace (`execve` of tmux in the wall's children, told apart by the socket in their argv: the watched server, or the absent default socket); the wall's own `tmuxSpawned` is in the raw numbers."
            : "- tmux spawns/s per server: the wall's own `tmuxSpawned` over all servers (taken as one server's; run with strace for the split).");
        text.AppendLine("- terminal bytes/s: every byte the wall wrote to its pty, copied by tmux `pipe-pane -o` into a FIFO the benchmark reads (outside the app).");
        text.AppendLine("- redraw p50/p95: the wall's `redrawMs` over the busy phase (whole-grid redraws), or `renderMs` (†) when it writes none; key→frame p95: the wall's `keyToFrameMs` over the key presses.");
        text.AppendLine("- send-keys→screen: outside the app, after the busy phase: Right and Left alternately (the selection moves one card and back), each sent just after a refresh frame has settled on a long-lived tmux control-mode client; time from writing the `send-keys` line to the FIFO reader receiving the first bytes of the answer (microsecond stamps; it includes tmux and `cat` relaying the output; the raw numbers also give the end of that burst).");
        text.AppendLine("- RSS: VmRSS at the end of the phase (steady) and VmHWM over the wall's whole run (peak), from `/proc/PID/status`.");
        text.AppendLine(traced
            ? "- DB bytes/min: bytes returned by write system calls (`write`, `pwrite64`, `writev`, `pwritev`) of the wall's process tree to its `--db` file and its `-wal`/`-journal` (strace `-y`), over the phase; `-shm` and the `/proc/PID/io` write_bytes cross-check are in the raw numbers. strace runs with `--seccomp-bpf`, so only those calls and `execve` stop the wall; its own CPU is in the raw numbers and in no other figure."
            : "- DB bytes/min: the wall's own `dbBytesWritten` when it writes one, else n/a; `/proc/PID/io` write_bytes (page-cache bytes dirtied, every file the wall writes, a page re-dirtied before writeback counted once) is in the raw numbers.");
    }

    private static void AppendRaw(StringBuilder text, BenchmarkResult result)
    {
        text.AppendLine("<details><summary>Raw numbers</summary>");
        text.AppendLine();
        if (result.Runs.Count > 0)
        {
            AppendWallRaw(text, result);
        }

        if (result.Launches.Count > 0 && result.Runs.Count > 0)
        {
            text.AppendLine();
        }

        foreach (var launch in result.Launches)
        {
            text.AppendLine(Invariant, $"- `launch` {launch.Variant}, launch → agent ms: {string.Join(", ", launch.AgentMs.Select(ms => ms.ToString("0.0", Invariant)))}");
            text.AppendLine(Invariant, $"- `launch` {launch.Variant}, launch → CLI exit ms: {string.Join(", ", launch.ExitMs.Select(ms => ms.ToString("0.0", Invariant)))}");
        }

        var m = result.Machine;
        text.AppendLine();
        text.AppendLine(Invariant,
            $"Machine: nproc {m.Processors}, {m.Tmux}, dotnet SDK {m.DotnetSdk} (benchmark on {m.Runtime}), {m.Cpu}, {m.Os}{(m.Strace is null ? "" : ", " + m.Strace)}.");
        text.AppendLine();
        text.AppendLine("</details>");
    }

    private static void AppendWallRaw(StringBuilder text, BenchmarkResult result)
    {
        text.AppendLine("| build | sessions | phase | s | wall age at start s | session age s | frames | wall own % | its children % | terminal (outer tmux) % | strace % | spawns: wall's count / strace watched + other tmux + other programs | terminal bytes: tap / wall's count | DB bytes: strace .db + -wal + -journal (-shm) / wall's count / io write_bytes | RSS MB |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|");
        foreach (var run in Ordered(result))
        {
            foreach (var p in new[] { run.Busy, run.Idle })
            {
                var trace = p.Trace is { } t
                    ? $"{t.WatchedServerSpawns} + {t.OtherTmuxSpawns} + {t.OtherPrograms}"
                    : "-";
                var db = p.Trace is { } d
                    ? string.Join(" + ", new[] { "history.db", "history.db-wal", "history.db-journal" }.Select(f => d.DbBytesByFile.GetValueOrDefault(f).ToString(Invariant))) +
                      $" ({d.DbBytesByFile.GetValueOrDefault("history.db-shm")})"
                    : "-";
                text.AppendLine(Invariant,
                    $"| {run.Variant} | {run.Sessions} | {p.Name} | {p.Seconds:0.0} | {p.WallAgeAtStart:0.0} | {p.SessionAgeAtStart:0}–{p.SessionAgeAtEnd:0} | {N(p.Frames)} " +
                    $"| {p.WallOwnCpuPercent:0.00} | {p.WallChildrenCpuPercent:0.00} | {p.TerminalCpuPercent:0.00} | {N(p.TracerCpuPercent)} " +
                    $"| {N(p.MetricsSpawns)} / {trace} | {p.TerminalBytes} / {N(p.WallCountedBytes)} | {db} / {N(p.MetricsDbBytes)} / {p.IoWriteBytes} | {p.RssBytes / Mb:0.0} |");
            }
        }

        text.AppendLine();
        if (result.Runs.Any(r => r.DbBytesWholeRun is not null))
        {
            text.AppendLine(Invariant,
                $"Database bytes strace saw over each wall's whole run, its start included: {string.Join(", ", Ordered(result).Select(r => $"{r.Variant} {r.Sessions}: {N(r.DbBytesWholeRun)}"))}.");
            text.AppendLine();
        }

        text.AppendLine("| build | sessions | series (ms) | n | min | p50 | p95 | max |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var run in Ordered(result))
        {
            void Series(string name, IReadOnlyList<double>? values)
            {
                text.AppendLine(values switch
                {
                    null => $"| {run.Variant} | {run.Sessions} | {name} | not in the metrics | | | | |",
                    { Count: 0 } => $"| {run.Variant} | {run.Sessions} | {name} | 0 | - | - | - | - |",
                    _ => string.Create(Invariant, $"| {run.Variant} | {run.Sessions} | {name} | {values.Count} | {Min(values):0.00} | {P(values, 50):0.00} | {P(values, 95):0.00} | {Max(values):0.00} |"),
                });
            }

            Series("busy renderMs", run.Busy.RenderMs);
            Series("busy redrawMs", run.Busy.RedrawMs);
            Series("idle renderMs", run.Idle.RenderMs);
            if (run.Keys is { } k)
            {
                Series("keyToFrameMs", k.KeyToFrameMs);
                Series($"send-keys→first bytes ({k.Presses} keys, {k.Unanswered} unanswered, {k.Unmeasurable} not sent: output never paused, {k.Errors} refused)", k.FirstBytesMs);
                Series($"send-keys→end of burst (quiet {KeyProbes.BurstGap.TotalMilliseconds:0} ms)", k.FrameDoneMs);
            }
        }

        text.AppendLine();
        text.AppendLine("The wall's own CPU by thread, % of one core:");
        text.AppendLine();
        foreach (var run in Ordered(result))
        {
            foreach (var p in new[] { run.Busy, run.Idle })
            {
                var threads = p.Threads.Take(6).Select(t => string.Create(Invariant, $"{t.Thread} {t.Percent:0.00}"));
                text.AppendLine(Invariant, $"- {run.Variant} {run.Sessions} {p.Name}: {string.Join(", ", threads)}");
            }
        }

        foreach (var run in Ordered(result).Where(r => r.Idle.ChangedLines.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"Screen lines that changed while idle, {run.Variant} at {run.Sessions} sessions:");
            text.AppendLine();
            foreach (var line in run.Idle.ChangedLines.Take(6))
            {
                text.AppendLine(Invariant, $"    row {line.Row}: '{line.Before.Trim()}' -> '{line.After.Trim()}'");
            }
        }
    }

    private static IEnumerable<VariantResult> Ordered(BenchmarkResult result) =>
        result.Runs.OrderBy(r => r.Sessions).ThenBy(r => r.Variant, StringComparer.Ordinal);

    private static double? KeyToFrameP95(VariantResult run) =>
        run.Keys?.KeyToFrameMs is { Count: > 0 } k ? P(k, 95) : null;

    private static string SendKeys(VariantResult run) =>
        run.Keys is { FirstBytesMs.Count: > 0 } k
            ? string.Create(Invariant, $"{P(k.FirstBytesMs, 50):0.0} / {P(k.FirstBytesMs, 95):0.0}{(k.Unanswered > 0 ? $" ({k.Unanswered} lost)" : "")}")
            : "n/a";

    private static string Check(bool pass, string value) => (pass ? "**PASS** " : "**FAIL** ") + value;

    private static string Ratio(double a, double b) =>
        double.IsFinite(a) && double.IsFinite(b) && b > 0 ? (a / b).ToString("0.00", Invariant) : "n/a";

    private static double P(IReadOnlyList<double>? values, double percent) => values is null ? double.NaN : Stats.Percentile(values, percent);

    private static double Min(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Min();

    private static double Max(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static string N(double? value, string format = "0.00") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, Invariant) : "n/a";

    private static string N(long? value) => value?.ToString(Invariant) ?? "n/a";
}
