using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Loops;

/// <summary>What <c>sessiontui loop</c> starts.</summary>
/// <param name="Name">The session name, verbatim.</param>
/// <param name="Cwd">The agent's working directory; it must be inside a git work tree (progress is measured by commits).</param>
/// <param name="Prd">The checklist file (absolute, or relative to the current directory).</param>
/// <param name="Command">The agent's argv template (<c>{prompt}</c>, <c>{prompt_file}</c>, <c>{prd}</c>, <c>{iteration}</c>,
/// <c>{run_dir}</c>, <c>{handoff}</c>; a preset's <c>{task}</c> is the prompt); empty for the agent preset's.</param>
/// <param name="Agent">An agent preset, or null for the default (or the command's label).</param>
/// <param name="Max">Iteration limit, at least 1.</param>
/// <param name="Stall">Iterations in a row without progress that stop the loop, at least 1.</param>
/// <param name="Verify">A shell command line run after every iteration; the loop completes only when it passes.</param>
/// <param name="Env">Extra environment for the agent, <c>K=V</c> each.</param>
public sealed record LoopRequest(
    string Name, string Cwd, string Prd, IReadOnlyList<string> Command, string? Agent, int Max, int Stall, string? Verify, IReadOnlyList<string> Env);

/// <summary>
/// Starts Ralph loops in workcells: checks the request (a checklist with items, a git work tree, an agent that exists),
/// takes the loop's lock (one live loop per name; a stale lock — its run ended, its session or its runner gone — is
/// replaced and reported), and launches a workcell whose pane runs <c>sessiontui loop-run</c>.
/// </summary>
public sealed class LoopLauncher
{
    private readonly WorkcellLauncher _launcher;
    private readonly TmuxClient _tmux;
    private readonly LoopLock _locks;
    private readonly WorkcellPaths _paths;
    private readonly SelfCommand _self;
    private readonly string? _dbPath;
    private readonly TimeProvider _clock;

    /// <summary>Creates the launcher.</summary>
    /// <param name="launcher">Launches the workcell.</param>
    /// <param name="tmux">Checks whether a lock's session lives.</param>
    /// <param name="paths">Run folders and the loop locks' folder.</param>
    /// <param name="self">How the pane starts <c>sessiontui loop-run</c>.</param>
    /// <param name="dbPath">The database the runner records into, or null.</param>
    /// <param name="clock">UTC clock.</param>
    public LoopLauncher(WorkcellLauncher launcher, TmuxClient tmux, WorkcellPaths paths, SelfCommand self, string? dbPath, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _launcher = launcher;
        _tmux = tmux;
        _paths = paths;
        _locks = new LoopLock(paths.LoopsDir);
        _self = self;
        _dbPath = dbPath;
        _clock = clock;
    }

    /// <summary>The loop locks.</summary>
    public LoopLock Locks => _locks;

    /// <summary>The workcell launcher underneath.</summary>
    public WorkcellLauncher Launcher => _launcher;

    /// <summary>Starts a loop and returns once its runner runs in tmux.</summary>
    /// <param name="request">What to start.</param>
    /// <param name="server">The tmux server (the stable socket unless told otherwise).</param>
    /// <param name="notice">Receives one line when a stale lock was replaced.</param>
    /// <param name="cancellationToken">Cancels the launch.</param>
    /// <exception cref="LaunchException">Refused (<see cref="LaunchFailure.Invalid"/>: bad name, max or stall, a checklist
    /// without items, no git work tree, an unknown agent; <see cref="LaunchFailure.NameTaken"/>: a live loop or session of
    /// that name) or failed.</exception>
    public async Task<LaunchResult> StartAsync(LoopRequest request, ServerRef server, Action<string> notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(notice);
        if (WorkcellLauncher.ValidateName(request.Name) is { } bad)
        {
            throw new LaunchException(LaunchFailure.Invalid, bad);
        }

        if (request.Max < 1 || request.Stall < 1)
        {
            throw new LaunchException(LaunchFailure.Invalid, "--max and --stall must be at least 1");
        }

        var prd = Path.GetFullPath(request.Prd);
        var checklist = ReadChecklist(prd);
        var cwd = Path.GetFullPath(request.Cwd);
        if (!Directory.Exists(cwd))
        {
            throw new LaunchException(LaunchFailure.Invalid, $"no such directory: {cwd}");
        }

        if (!await InWorkTreeAsync(cwd, cancellationToken).ConfigureAwait(false))
        {
            throw new LaunchException(LaunchFailure.Invalid, $"a loop measures progress by git commits, but {cwd} is not in a git work tree (git init, then commit)");
        }

        var (_, resolved, agent) = _launcher.ResolveAgent(request.Command, request.Agent);
        await TakeLockAsync(request.Name, notice, cancellationToken).ConfigureAwait(false);
        return await LaunchLockedAsync(
            new LaunchRequest(request.Name, cwd, RunnerCommand("loop-run"), agent, $"Work through the checklist {prd} in a Ralph loop: a fresh agent per iteration, up to {request.Max}.", null)
            {
                Verify = request.Verify,
                Env = request.Env,
                Loop = new LoopStatus(prd, resolved, request.Max, request.Stall, LoopState.Running) { Done = checklist.Done, Total = checklist.Total },
            },
            server,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the lock of <paramref name="held"/> is stale, or null when its loop lives: its run ended, its runner
    /// died, its session is gone; a lock without a run is stale once the process that took it is gone.</summary>
    /// <param name="held">The lock.</param>
    /// <param name="run">Its run's record (status.json or the database), or null when unknown.</param>
    /// <param name="cancellationToken">Cancels the tmux call.</param>
    public async Task<string?> StaleReasonAsync(LoopLockInfo held, RunRecord? run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.RunId is null)
        {
            return held.OwnerPid == 0 || AgentLog.HasExited(held.OwnerPid) ? "the loop that took it never started" : null;
        }

        if (run is null)
        {
            return $"its run {held.RunId} has no record";
        }

        if (run.IsEnded || run.Loop is { IsEnded: true })
        {
            return $"its run {run.RunId} has ended";
        }

        if (run.Loop?.RunnerPid is { } pid && AgentLog.HasExited(pid))
        {
            return $"the runner of {run.RunId} (pid {pid}) is gone";
        }

        try
        {
            var sessions = await _tmux.ListSessionsAsync(TmuxServers.FromSocketPath(run.Socket), cancellationToken).ConfigureAwait(false);
            return sessions.Any(s => s.SessionId == run.SessionId && (run.ServerPid == 0 || s.ServerPid == run.ServerPid))
                ? null
                : $"the session of {run.RunId} is gone";
        }
        catch (TmuxServerUnavailableException)
        {
            return $"the tmux server of {run.RunId} is gone";
        }
    }

    /// <summary>Takes the lock of <paramref name="name"/>, replacing a stale one (reported through
    /// <paramref name="notice"/>).</summary>
    /// <exception cref="LaunchException">A live loop or pipeline holds it (<see cref="LaunchFailure.NameTaken"/>).</exception>
    internal async Task TakeLockAsync(string name, Action<string> notice, CancellationToken ct)
    {
        var mine = new LoopLockInfo(name, Environment.ProcessId, _clock.GetUtcNow(), null);
        for (var attempt = 0; !_locks.TryTake(mine); attempt++)
        {
            var held = _locks.Read(name);
            if (held is null)
            {
                continue;
            }

            var run = held.RunId is null ? null : RunOf(held.RunId);
            var stale = await StaleReasonAsync(held, run, ct).ConfigureAwait(false);
            if (stale is null || attempt > 2)
            {
                throw new LaunchException(
                    LaunchFailure.NameTaken,
                    held.RunId is null
                        ? $"a loop named '{name}' is starting (pid {held.OwnerPid})"
                        : $"a loop named '{name}' is running (run {held.RunId}); stop it with: sessiontui kill '{name}'");
            }

            _locks.Remove(name);
            notice($"replaced a stale loop lock for '{name}': {stale}");
        }
    }

    private RunRecord? RunOf(string runId)
    {
        try
        {
            return new RunFolder(Path.Join(_paths.RunsDir, runId)).ReadStatus();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Launches <paramref name="request"/> under the lock of its name (taken already): the lock records the run,
    /// and is released again when the launch fails.</summary>
    internal async Task<LaunchResult> LaunchLockedAsync(LaunchRequest request, ServerRef server, CancellationToken ct)
    {
        try
        {
            var result = await _launcher.LaunchAsync(request, server, ct).ConfigureAwait(false);
            _locks.Update(new LoopLockInfo(request.Name, Environment.ProcessId, _clock.GetUtcNow(), result.Run.RunId));
            return result;
        }
        catch
        {
            _locks.Release(request.Name, null);
            throw;
        }
    }

    /// <summary>The runner command of a loop or pipeline pane: <c>sessiontui VERB --run-dir {run_dir} [--db DB]</c>.</summary>
    internal IReadOnlyList<string> RunnerCommand(string verb) =>
        [.. _self.Prefix, verb, "--run-dir", "{run_dir}", .. _dbPath is null ? Array.Empty<string>() : ["--db", _dbPath]];

    /// <summary>Whether <paramref name="cwd"/> is inside a git work tree.</summary>
    internal async Task<bool> InWorkTreeAsync(string cwd, CancellationToken ct)
    {
        try
        {
            return await new Verifying.GitInspector(_launcher.Runner).IsWorkTreeAsync(cwd, ct).ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException)
        {
            return false;
        }
    }

    private static Checklist ReadChecklist(string prd)
    {
        string text;
        try
        {
            text = File.ReadAllText(prd);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LaunchException(LaunchFailure.Invalid, $"cannot read the checklist {prd}: {e.Message}", e);
        }

        var checklist = Checklist.Parse(text);
        return checklist.Total > 0
            ? checklist
            : throw new LaunchException(LaunchFailure.Invalid, $"{prd} has no checklist items (- [ ] or - [x] lines outside code blocks); a loop needs at least one");
    }

}
