using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>What the naive poller cost.</summary>
/// <param name="Sessions">Panes captured per round.</param>
/// <param name="Seconds">Elapsed time.</param>
/// <param name="Spawns">tmux processes spawned.</param>
/// <param name="PollerCpuPercent">This benchmark process, the reaped tmux clients included, % of one core.</param>
/// <param name="ServerCpuPercent">The tmux server, % of one core.</param>
/// <param name="ServerAloneCpuPercent">The same server over the same sessions with nothing polling it, % of one core.</param>
internal sealed record ReferenceResult(int Sessions, double Seconds, long Spawns, double PollerCpuPercent, double ServerCpuPercent, double ServerAloneCpuPercent)
{
    /// <summary>Poller plus server.</summary>
    public double CombinedCpuPercent => PollerCpuPercent + ServerCpuPercent;

    /// <summary>Spawns per second.</summary>
    public double SpawnsPerSecond => Spawns / Seconds;
}

/// <summary>
/// The cost anchor of ARCHITECTURE.md section 4, reproduced: a poller that every 500 ms spawns one
/// <c>tmux capture-pane -p -t %N</c> per session, one after another, with <see cref="Process"/>.
/// </summary>
internal static class ReferencePoller
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>Measures the server with nothing polling for <paramref name="duration"/> (its baseline: drawing the sessions'
    /// output), then polls for <paramref name="duration"/> measuring this process's CPU (own + reaped children) and the server's.</summary>
    /// <param name="server">The server with the busy sessions.</param>
    /// <param name="paneIds">The panes to capture each round.</param>
    /// <param name="duration">How long to poll.</param>
    /// <param name="cancellationToken">Stops early.</param>
    public static async Task<ReferenceResult> RunAsync(TmuxFixture server, IReadOnlyList<string> paneIds, TimeSpan duration, CancellationToken cancellationToken)
    {
        var baseline = await ServerAloneAsync(server, duration, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var selfBefore = ProcReader.Self();
        var serverBefore = ProcReader.Cpu(server.ServerPid);
        long spawns = 0;
        for (var round = 0; clock.Elapsed < duration; round++)
        {
            foreach (var pane in paneIds)
            {
                Capture(server.SocketPath, pane);
                spawns++;
            }

            var next = Period * (round + 1);
            if (next > clock.Elapsed)
            {
                await Task.Delay(next - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var serverCpu = ProcReader.Cpu(server.ServerPid).Own - serverBefore.Own;
        var selfCpu = ProcReader.Self().Total - selfBefore.Total;
        return new ReferenceResult(paneIds.Count, seconds, spawns, selfCpu / seconds * 100, serverCpu / seconds * 100, baseline);
    }

    private static async Task<double> ServerAloneAsync(TmuxFixture server, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var before = ProcReader.Cpu(server.ServerPid).Own;
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        return (ProcReader.Cpu(server.ServerPid).Own - before) / clock.Elapsed.TotalSeconds * 100;
    }

    private static void Capture(string socket, string pane)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-S", socket, "capture-pane", "-p", "-t", pane])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("TMUX");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux capture-pane -t {pane} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }
    }
}
