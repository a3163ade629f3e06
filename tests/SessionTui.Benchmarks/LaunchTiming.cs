using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SessionTui.Benchmarks;

/// <summary>Times of <c>sessiontui launch</c> for one build.</summary>
/// <param name="Variant"><c>jit</c> or <c>aot</c>.</param>
/// <param name="AgentMs">Each timed run: from just before the process start to the agent's own start time, ms.</param>
/// <param name="ExitMs">Each timed run: from just before the process start to the CLI having exited, ms.</param>
/// <param name="ColdAgentMs">The untimed first run (it started the tmux server and created the database): launch → agent,
/// ms; null when it failed.</param>
/// <param name="ColdExitMs">The untimed first run: launch → CLI exit, ms; null when it failed.</param>
/// <param name="Failures">Runs (the untimed one included) that exited non-zero, printed no session, or whose agent wrote no
/// start time within <see cref="LaunchTiming.AgentTimeout"/>.</param>
/// <param name="FirstFailure">What the first failure said, or null.</param>
internal sealed record LaunchTimingResult(
    string Variant, IReadOnlyList<double> AgentMs, IReadOnlyList<double> ExitMs, double? ColdAgentMs, double? ColdExitMs, int Failures, string? FirstFailure);

/// <summary>
/// Times <c>sessiontui launch bench-I --cwd DIR --task x --db PATH --json -- agent.sh STAMP</c> (the JIT build through the
/// dotnet host) into a private state folder: <c>$XDG_STATE_HOME</c>, <c>$XDG_CONFIG_HOME</c>, <c>$TMUX_TMPDIR</c> and
/// <c>$HOME</c> point into a temp folder of the build's own (so its own workcell server on
/// <c>$XDG_STATE_HOME/sessiontui/tmux.sock</c>, its own run folders), <c>$TMUX</c> unset. The agent is a two-line shell
/// script: <c>date +%s%N &gt; STAMP</c> (its own start, wall clock, about a millisecond of its own) then
/// <c>exec sleep</c>. Each run records the wall clock (<see cref="DateTime.UtcNow"/>, the clock <c>date</c> reads) just
/// before <see cref="Process.Start()"/> and measures launch → agent started (from STAMP, polled after the CLI exits) and
/// launch → CLI exited (its output closed).
/// <para>
/// Runs alternate between the builds. One untimed run per build first: it starts the workcell server and creates the
/// database, and its session stays until the end, so the server (which exits with its last session) stays up for the timed
/// runs, as it does with other agents running. Every timed session is killed right after its run
/// (<c>kill-session -t $ID</c>), and the next run waits until the server's child processes are back to what they were
/// after the first run (the killed run's log pipe and <c>session-closed</c> hook finished), so no run pays for the one
/// before. At the end, on failure and on cancel, the servers are killed, the processes they started that name the temp
/// folder (log pipes, hooks writing to the run folders and the database) are waited for (killed after 5 s), and the folder
/// is deleted.
/// </para>
/// </summary>
internal static class LaunchTiming
{
    /// <summary>How long a run's agent has to write its start time, from the launch.</summary>
    public static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TmuxTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ColdSettle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);
    private static readonly ConcurrentDictionary<Cell, bool> Live = new();

    /// <summary>The agent: its start time in ns since the epoch into the file <c>$1</c> (one write of a whole line), then
    /// it stays running <c>$2</c> seconds (30 by default).</summary>
    private const string AgentScript =
        """
        #!/bin/sh
        date +%s%N >"$1"
        exec sleep "${2:-30}"

        """;

    /// <summary>Runs each build <paramref name="runs"/> timed times (after one untimed run each).</summary>
    /// <param name="variants">The builds.</param>
    /// <param name="runs">Timed runs per build.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellationToken">Checked before every run and while waiting.</param>
    public static IReadOnlyList<LaunchTimingResult> Run(IReadOnlyList<WallVariant> variants, int runs, Action<string> log, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("launch timing reads /proc: it runs on Linux only");
        }

        var root = Directory.CreateTempSubdirectory("sessiontui-bench-launch-").FullName;
        var cells = new List<Cell>();
        try
        {
            var agent = Path.Join(root, "agent.sh");
            File.WriteAllText(agent, AgentScript);
            File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var variant in variants)
            {
                cells.Add(new Cell(variant, Directory.CreateDirectory(Path.Join(root, variant.Name)).FullName, agent));
                Live[cells[^1]] = true;
            }

            for (var i = 0; i <= runs; i++)
            {
                foreach (var cell in cells)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    cell.Once(i, cancellationToken);
                    if (i == 0)
                    {
                        log($"launch: {cell.Variant.Name}: first run (starts the server, creates the database): {cell.Describe()}");
                    }
                }
            }

            return cells.Select(c => c.Result()).ToList();
        }
        finally
        {
            foreach (var cell in cells)
            {
                cell.KillServer();
                Live.TryRemove(cell, out _);
            }

            EndStragglers(root);
            DeleteFolder(root);
        }
    }

    /// <summary>Kills every launch server not yet cleaned up (for an emergency exit; folders are left).</summary>
    public static void KillAll()
    {
        foreach (var cell in Live.Keys)
        {
            cell.KillServer();
        }
    }

    private static long UnixNanoseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Waits until no process names <paramref name="root"/> in its argv (the servers' log pipes and hooks, which
    /// outlive a killed server and write into the run folders and the database), at most <see cref="SettleTimeout"/>;
    /// then kills those left.</summary>
    private static void EndStragglers(string root)
    {
        var waited = Stopwatch.StartNew();
        var left = ProcessesNaming(root);
        while (left.Count > 0 && waited.Elapsed < SettleTimeout)
        {
            Thread.Sleep(50);
            left = ProcessesNaming(root);
        }

        foreach (var pid in left)
        {
            Native.Signal(pid, Native.SigKill);
        }
    }

    /// <summary>Processes other than this one with <paramref name="text"/> in their command line.</summary>
    private static List<int> ProcessesNaming(string text)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == System.Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Join(dir, "cmdline")).Contains(text, StringComparison.Ordinal) && ProcReader.IsRunning(pid))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return pids;
    }

    /// <summary>Deletes the folder, retrying a few times while a process that just ended may still add a file.</summary>
    private static void DeleteFolder(string root)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(root, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>One build's private state folder, workcell server and numbers.</summary>
    private sealed class Cell(WallVariant variant, string home, string agent)
    {
        private readonly string _state = Path.Join(home, "state");
        private readonly string _cwd = Directory.CreateDirectory(Path.Join(home, "cwd")).FullName;
        private readonly string _tmuxDir = Directory.CreateDirectory(Path.Join(home, "tmux")).FullName;
        private readonly string _db = Path.Join(home, "bench.db");
        private readonly List<double> _agentMs = [];
        private readonly List<double> _exitMs = [];
        private readonly List<string> _failures = [];
        private double? _coldAgentMs;
        private double? _coldExitMs;
        private int? _serverPid;
        private int _baselineChildren;

        public WallVariant Variant { get; } = variant;

        private string Socket => Path.Join(_state, "sessiontui", "tmux.sock");

        /// <summary>Launch number <paramref name="i"/> (0: the untimed first run, whose session stays).</summary>
        public void Once(int i, CancellationToken cancellationToken)
        {
            if (i > 0)
            {
                WaitForQuietServer(cancellationToken);
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"bench-{i}");
            var stamp = Path.Join(home, name + ".start");
            var (agentMs, exitMs, sessionId, problem) = Launch(name, stamp, keep: i == 0, cancellationToken);
            if (i == 0)
            {
                _coldAgentMs = problem is null ? agentMs : null;
                _coldExitMs = problem is null ? exitMs : null;
                _serverPid = ServerPid();
                Thread.Sleep(ColdSettle);
                _baselineChildren = _serverPid is { } pid ? ProcReader.Children(pid).Count : 0;
            }
            else
            {
                KillSession(sessionId ?? "=" + name);
                if (problem is null)
                {
                    _agentMs.Add(agentMs);
                    _exitMs.Add(exitMs);
                }
            }

            if (problem is not null)
            {
                _failures.Add($"run {i}: {problem}");
            }
        }

        /// <summary>What the first run gave.</summary>
        public string Describe() => _coldAgentMs is { } agentMs && _coldExitMs is { } exitMs
            ? string.Create(CultureInfo.InvariantCulture, $"agent after {agentMs:0.0} ms, CLI exited after {exitMs:0.0} ms; server pid {_serverPid}, {_baselineChildren} child processes")
            : $"failed: {_failures.FirstOrDefault()}";

        public LaunchTimingResult Result() =>
            new(Variant.Name, _agentMs, _exitMs, _coldAgentMs, _coldExitMs, _failures.Count, _failures.FirstOrDefault());

        /// <summary>Kills the server (its panes get SIGHUP); one already gone counts as killed.</summary>
        public void KillServer()
        {
            try
            {
                Processes.Run("tmux", ["-S", Socket, "kill-server"], TmuxTimeout, LaunchEnvironment());
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Fall through to the signal.
            }

            if (_serverPid is { } pid && ProcReader.IsRunning(pid))
            {
                Native.Signal(pid, Native.SigKill);
            }
        }

        private (double AgentMs, double ExitMs, string? SessionId, string? Problem) Launch(string name, string stamp, bool keep, CancellationToken cancellationToken)
        {
            string[] agentArgv = keep ? [agent, stamp, "3600"] : [agent, stamp];
            var argv = Variant.Command(["launch", name, "--cwd", _cwd, "--task", "x", "--db", _db, "--json", "--", .. agentArgv]);
            var start = Processes.Describe(argv[0], argv.Skip(1), LaunchEnvironment());
            var launchedNs = UnixNanoseconds(DateTime.UtcNow);
            var began = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{argv[0]} did not start");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (!process.WaitForExit(CliTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (0, 0, null, $"ran longer than {CliTimeout.TotalSeconds:0} s");
            }

            process.WaitForExit();
            var exitMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            if (process.ExitCode != 0)
            {
                return (0, exitMs, null, $"exit {process.ExitCode}: {stderr.GetAwaiter().GetResult().Trim()}");
            }

            string? sessionId;
            try
            {
                using var json = JsonDocument.Parse(stdout.GetAwaiter().GetResult());
                sessionId = json.RootElement.GetProperty("session_id").GetString();
                var socket = json.RootElement.GetProperty("socket").GetString();
                if (sessionId is null || socket != Socket)
                {
                    return (0, exitMs, sessionId, $"session {sessionId ?? "(none)"} on {socket ?? "(no socket)"}, expected one on {Socket}");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return (0, exitMs, null, "output is not the expected JSON: " + e.Message);
            }

            return AgentStart(stamp, launchedNs, cancellationToken) is { } startedNs
                ? ((startedNs - launchedNs) / 1e6, exitMs, sessionId, null)
                : (0, exitMs, sessionId, $"the agent wrote no start time within {AgentTimeout.TotalSeconds:0} s");
        }

        /// <summary>The agent's start time from its stamp file (a whole line; <c>date</c> writes it at once), polled until
        /// <see cref="AgentTimeout"/> after the launch; null when it never came.</summary>
        private static long? AgentStart(string stamp, long launchedNs, CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    var text = File.ReadAllText(stamp);
                    if (text.EndsWith('\n') && long.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
                    {
                        return ns;
                    }
                }
                catch (FileNotFoundException)
                {
                    // Not yet.
                }

                if (UnixNanoseconds(DateTime.UtcNow) - launchedNs > AgentTimeout.Ticks * 100)
                {
                    return null;
                }

                cancellationToken.WaitHandle.WaitOne(Poll);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Waits until the server has no more child processes than after the first run (the killed session's log
        /// pipe and hooks have ended), at most <see cref="SettleTimeout"/>.</summary>
        private void WaitForQuietServer(CancellationToken cancellationToken)
        {
            var waited = Stopwatch.StartNew();
            while (_serverPid is { } pid && ProcReader.Children(pid).Count > _baselineChildren && waited.Elapsed < SettleTimeout)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private int? ServerPid()
        {
            var result = Processes.Run("tmux", ["-S", Socket, "display-message", "-p", "#{pid}"], TmuxTimeout, LaunchEnvironment());
            return result.ExitCode == 0 && int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }

        private void KillSession(string target) =>
            Processes.Run("tmux", ["-S", Socket, "kill-session", "-t", target], TmuxTimeout, LaunchEnvironment());

        private Dictionary<string, string?> LaunchEnvironment() => new()
        {
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["TMUX_TMPDIR"] = _tmuxDir,
            ["HOME"] = home,
            ["XDG_STATE_HOME"] = _state,
            ["XDG_CONFIG_HOME"] = Path.Join(home, "config"),
            ["SESSIONTUI_METRICS"] = null,
        };
    }
}
