using System.Globalization;
using System.Text;

namespace SessionTui.Benchmarks;

/// <summary>Formats the results as Markdown: the table with the reference rows, the targets with PASS/FAIL, details (CPU split,
/// bytes cross-check, CPU by thread, idle screen changes) and the machine.</summary>
internal static class MarkdownReport
{
    private const int TargetSessions = 50;
    private const double MaxSpawnsPerServer = 1.0;
    private const double MaxCombinedCpuPercent = 3.0;
    private const double MaxRenderP95Ms = 16.0;
    private const double NotableJitPercent = 0.1;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The whole report.</summary>
    public static string Format(IReadOnlyList<WallRunResult> runs, ReferenceResult? reference, BenchmarkOptions options, Machine machine)
    {
        var text = new StringBuilder();
        AppendTable(text, runs, reference, options);
        var target = runs.FirstOrDefault(r => r.Sessions == TargetSessions) ?? runs.MaxBy(r => r.Sessions);
        if (target is not null)
        {
            AppendTargets(text, target, reference);
        }

        AppendDetails(text, runs);
        text.AppendLine();
        text.AppendLine(Invariant, $"Machine: nproc {machine.Processors}, {machine.Tmux}, dotnet {machine.DotnetSdk} ({machine.Runtime}), {machine.Cpu}, {machine.Os}.");
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, IReadOnlyList<WallRunResult> runs, ReferenceResult? reference, BenchmarkOptions options)
    {
        text.AppendLine("| sessions | tmux spawns/s (per live server) | wall CPU % | tmux server CPU % | wall+server % | render p50 / p95 ms | bytes/s busy | bytes/s idle | RSS MB |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var (busy, idle) = (run.Busy, run.Idle);
            text.AppendLine(Invariant,
                $"| {run.Sessions} | {busy.LiveServerSpawnsPerSecond:0.00} / {busy.AbsentServerSpawnsPerSecond:0.00} (total {busy.SpawnsPerSecond:0.00}) " +
                $"| {busy.WallCpuPercent:0.00} ({idle.WallCpuPercent:0.00}) | {busy.ServerCpuPercent:0.00} ({idle.ServerCpuPercent:0.00}) " +
                $"| {busy.CombinedCpuPercent:0.00} ({idle.CombinedCpuPercent:0.00}) | {busy.RenderP50:0.0} / {busy.RenderP95:0.0} " +
                $"| {busy.BytesPerSecond:0} | {idle.BytesPerSecond:0} | {busy.RssBytes / 1048576.0:0} |");
        }

        if (reference is not null)
        {
            text.AppendLine(Invariant,
                $"| {reference.Sessions} reference: `capture-pane` per session every 500 ms | {reference.SpawnsPerSecond:0} (1 server) " +
                $"| {reference.PollerCpuPercent:0.0} (the poller) | {reference.ServerCpuPercent:0.0} | {reference.CombinedCpuPercent:0.0} | - | - | - | - |");
            text.AppendLine(Invariant, $"| {reference.Sessions} baseline: nothing polling | 0 | - | {reference.ServerAloneCpuPercent:0.00} | {reference.ServerAloneCpuPercent:0.00} | - | - | - | - |");
        }

        var wallArgs = options.WallArgs.Count == 0 ? "default --interval 1000" : string.Join(' ', options.WallArgs);
        var wallEnvironment = options.WallEnvironment.Count == 0 ? "" : ", environment " + string.Join(' ', options.WallEnvironment);
        text.AppendLine();
        text.AppendLine(Invariant,
            $"Busy phase {options.Busy.TotalSeconds:0} s (every session prints a line a second), idle phase {options.Idle.TotalSeconds:0} s (all quiet), " +
            $"after {options.Warmup.TotalSeconds:0} s warm-up; wall {WallUnderTest.Width}x{WallUnderTest.Height}, {wallArgs}{wallEnvironment}.");
        text.AppendLine("CPU: % of one core in the busy phase (idle phase in parentheses); the wall's CPU includes the tmux clients it spawned and reaped.");
        text.AppendLine("Spawns/s: the watched live server / the absent default socket (in backoff; ±1 count at the window edges); bytes: what reached the terminal (pipe-pane).");
    }

    private static void AppendTargets(StringBuilder text, WallRunResult run, ReferenceResult? reference)
    {
        var (busy, idle) = (run.Busy, run.Idle);
        var spawnsOk = new[] { busy, idle }.All(p => p.AtMost(p.LiveServerSpawns, MaxSpawnsPerServer) && p.AtMost(p.AbsentServerSpawns, MaxSpawnsPerServer));
        var cpuOk = Math.Max(busy.CombinedCpuPercent, idle.CombinedCpuPercent) <= MaxCombinedCpuPercent;
        var maxRender = busy.RenderMs.Count > 0 ? busy.RenderMs.Max() : double.NaN;
        text.AppendLine();
        text.AppendLine(Invariant, $"Targets at {run.Sessions} sessions:");
        text.AppendLine(Invariant,
            $"- {Verdict(spawnsOk)} at most {MaxSpawnsPerServer:0} tmux spawn per second per server: live server {busy.LiveServerSpawns} in {busy.Seconds:0.0} s busy, " +
            $"{idle.LiveServerSpawns} in {idle.Seconds:0.0} s idle; absent default socket {busy.AbsentServerSpawns} busy, {idle.AbsentServerSpawns} idle " +
            $"(a T-second window may hold floor(T)+1 ticks of a 1/s poller)");
        text.AppendLine(Invariant, $"- {Verdict(cpuOk)} wall + server at most {MaxCombinedCpuPercent:0} % of one core: {busy.CombinedCpuPercent:0.00} % busy, {idle.CombinedCpuPercent:0.00} % idle");
        text.AppendLine(Invariant, $"- {Verdict(idle.PipedBytes == 0)} 0 bytes while idle: {idle.PipedBytes} bytes in {idle.Seconds:0.0} s ({idle.Frames} frames)");
        text.AppendLine(Invariant, $"- {Verdict(busy.RenderP95 < MaxRenderP95Ms)} render p95 under {MaxRenderP95Ms:0} ms: p95 {busy.RenderP95:0.0} ms, max {maxRender:0.0} ms over {busy.Frames} frames");
        if (busy.JitCpuPercent > NotableJitPercent)
        {
            text.AppendLine();
            text.AppendLine(Invariant,
                $"JIT: the runtime's tiered-compilation worker used {busy.JitCpuPercent:0.00} % of one core in the busy phase (tier-up of methods called " +
                $"about once a second takes about a minute); without it wall + server would be {busy.CombinedCpuPercent - busy.JitCpuPercent:0.00} %. " +
                $"Steady state: --warmup-seconds 75, or --wall-env DOTNET_TieredCompilation=0.");
        }

        if (reference is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant,
                $"Against the reference poller ({reference.Sessions} sessions): wall + server {busy.CombinedCpuPercent:0.00} % vs {reference.CombinedCpuPercent:0.0} % " +
                $"of one core ({reference.CombinedCpuPercent / Math.Max(busy.CombinedCpuPercent, 0.01):0.0}x less), spawns {busy.SpawnsPerSecond:0.00}/s vs " +
                $"{reference.SpawnsPerSecond:0}/s. The server alone (same busy sessions, nothing polling) costs {reference.ServerAloneCpuPercent:0.00} %.");
        }
    }

    private static void AppendDetails(StringBuilder text, IReadOnlyList<WallRunResult> runs)
    {
        text.AppendLine();
        text.AppendLine("| sessions | phase | s | frames | wall own % | its tmux clients % | terminal (outer tmux) % | bytes piped / counted by wall | screen lines changed | session age at end s |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            foreach (var (phase, age) in new[] { (run.Busy, run.BusyEndAge), (run.Idle, run.IdleEndAge) })
            {
                text.AppendLine(Invariant,
                    $"| {run.Sessions} | {phase.Name} | {phase.Seconds:0.0} | {phase.Frames} | {phase.WallOwnCpuPercent:0.00} | {phase.WallChildrenCpuPercent:0.00} " +
                    $"| {phase.TerminalCpuPercent:0.00} | {phase.PipedBytes} / {phase.CountedBytes} | {phase.ChangedLines.Count} | {age.TotalSeconds:0} |");
            }
        }

        text.AppendLine();
        text.AppendLine("The wall's own CPU by thread, % of one core:");
        foreach (var run in runs)
        {
            foreach (var phase in new[] { run.Busy, run.Idle })
            {
                var threads = phase.ThreadCpuPercent.Take(6).Select(t => string.Create(Invariant, $"{t.Thread} {t.Percent:0.00}"));
                text.AppendLine(Invariant, $"- {run.Sessions} {phase.Name}: {string.Join(", ", threads)}");
            }
        }

        foreach (var run in runs.Where(r => r.Idle.ChangedLines.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"Screen lines that changed while idle at {run.Sessions} sessions:");
            foreach (var (row, before, after) in run.Idle.ChangedLines.Take(6))
            {
                text.AppendLine(Invariant, $"    row {row}: '{before.Trim()}' -> '{after.Trim()}'");
            }
        }
    }

    private static string Verdict(bool pass) => pass ? "**PASS**" : "**FAIL**";
}
