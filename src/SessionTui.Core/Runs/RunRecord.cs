namespace SessionTui.Core.Runs;

/// <summary>Where a run is in its life. Kebab-case in <c>status.json</c>, SQLite and the CLI (<c>no-op</c>).</summary>
public enum RunState
{
    /// <summary>The run folder and row exist; the tmux session is being created.</summary>
    Starting,

    /// <summary>The agent runs in its pane.</summary>
    Running,

    /// <summary>The agent exited (its exit is recorded); verification is running.</summary>
    Verifying,

    /// <summary>Ended: exit 0 and verification passed (or none was asked for), with commits or changes.</summary>
    Succeeded,

    /// <summary>Ended: a non-zero exit, a signal, or failed verification (verify command or a forbidden path).</summary>
    Failed,

    /// <summary>Ended: exit 0 but no commit and no change (the agent read files and exited).</summary>
    NoOp,

    /// <summary>Ended: its session was killed (by a person, the wall or the CLI) before the agent exited.</summary>
    Killed,

    /// <summary>Ended: its session disappeared with its server before the agent's exit was recorded.</summary>
    Vanished,
}

/// <summary>How a run's agent process ended, from tmux's <c>#{pane_dead_status}</c> and <c>#{pane_dead_signal}</c>
/// (tmux(1) FORMATS): exactly one of the two is set.</summary>
/// <param name="Status">Exit status 0-255 when the process exited.</param>
/// <param name="Signal">Signal number when a signal killed it (9 for SIGKILL).</param>
public sealed record RunExit(int? Status, int? Signal)
{
    /// <summary>A shell's way of folding both into one number: the status, or 128 + the signal.</summary>
    public int Code => Status ?? 128 + (Signal ?? 0);

    /// <summary>One word for people: <c>exit 3</c> or <c>signal 9 (SIGKILL)</c>.</summary>
    public override string ToString() => Signal is { } s
        ? "signal " + s.ToString(System.Globalization.CultureInfo.InvariantCulture) + (SignalNames.Of(s) is { } n ? " (" + n + ")" : "")
        : "exit " + (Status ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>POSIX signal names of Linux's numbering (signal(7)).</summary>
public static class SignalNames
{
    /// <summary>The name of signal <paramref name="number"/> (<c>SIGKILL</c> for 9), or null for one without a standard name.</summary>
    public static string? Of(int number) => number switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => null,
    };
}

/// <summary>One commit made during a run (<c>git log --format=%H%x09%s BASE..HEAD</c>).</summary>
/// <param name="Sha">Full commit hash.</param>
/// <param name="Subject">First line of the message.</param>
public sealed record CommitInfo(string Sha, string Subject);

/// <summary>What the run left behind, checked against git and the verify command rather than believed ("verify via
/// git, not checkboxes").</summary>
/// <param name="Git">Whether the run's cwd is inside a git work tree; when false the git fields are empty.</param>
/// <param name="Head">HEAD after the run (full hash), null without git or commits.</param>
/// <param name="Commits">Commits reachable from HEAD and not from the base commit, oldest first.</param>
/// <param name="DiffStat">`git diff --stat HEAD` of uncommitted changes to tracked files, as git prints it; empty when clean.</param>
/// <param name="Untracked">Untracked files not ignored (<c>git ls-files --others --exclude-standard</c>), repository-relative.</param>
/// <param name="ForbiddenChanges">Paths changed by the run (committed since base, uncommitted or untracked) that the
/// repository's forbidden-path rules match, repository-relative; any one fails verification.</param>
/// <param name="VerifyCommand">The verify command line, null when none was given.</param>
/// <param name="VerifyExit">Exit code of <c>verify.sh</c> (124 when it timed out), null when none ran.</param>
/// <param name="VerifyTail">Last 50 lines of the verify command's output (stdout and stderr interleaved), null when none ran.</param>
/// <param name="Error">Why verification could not be done completely (git missing, cwd gone), null when it could.</param>
public sealed record Verification(
    bool Git,
    string? Head,
    IReadOnlyList<CommitInfo> Commits,
    string DiffStat,
    IReadOnlyList<string> Untracked,
    IReadOnlyList<string> ForbiddenChanges,
    string? VerifyCommand,
    int? VerifyExit,
    string? VerifyTail,
    string? Error)
{
    /// <summary>True when the verify command exited 0, false when it failed, null when none was given.</summary>
    public bool? VerifyPassed => VerifyCommand is null ? null : VerifyExit == 0;

    /// <summary>Passed: everything could be checked (<see cref="Error"/> is null), no forbidden change, and the verify
    /// command (if any) exited 0. A run that cannot be verified is not believed.</summary>
    public bool Passed => Error is null && ForbiddenChanges.Count == 0 && VerifyPassed != false;

    /// <summary>Whether the run changed anything: a commit, an uncommitted change or an untracked file.</summary>
    public bool ChangedAnything => Commits.Count > 0 || DiffStat.Length > 0 || Untracked.Count > 0;
}

/// <summary>Which failure mode a failed run looks like (the recovery playbook's five), kebab-case in JSON.</summary>
public enum FailureMode
{
    /// <summary>The agent could not log in (expired token, missing API key).</summary>
    AuthFailure,

    /// <summary>A usage or rate limit stopped the agent; <see cref="Diagnosis.ResetsAt"/> when the screen names a time.</summary>
    RateLimit,

    /// <summary>The agent did some of the work (commits or changes) but exited non-zero or failed verification.</summary>
    PartialCompletion,

    /// <summary>The session disappeared with its server (reboot, OOM killer, <c>tmux kill-server</c>, a reaped socket).</summary>
    VanishedSession,

    /// <summary>The run left uncommitted changes or untracked files, or touched a forbidden path.</summary>
    DirtyRepository,
}

/// <summary>The diagnosis of a failed run: what it looks like and what to do next.</summary>
/// <param name="Mode">The failure mode.</param>
/// <param name="Evidence">The fact that decided it, in one line (a matched screen line, the exit, the verify result).</param>
/// <param name="NextStep">What to do next, in one line (a command when there is one).</param>
/// <param name="ResetsAt">When a usage limit resets, UTC, when the screen names a time.</param>
public sealed record Diagnosis(FailureMode Mode, string Evidence, string NextStep, DateTimeOffset? ResetsAt);

/// <summary>
/// One agent run in a workcell: its <c>status.json</c> and its <c>runs</c> row in SQLite hold the same facts.
/// </summary>
/// <param name="RunId">Sortable readable id, <c>yyyyMMdd-HHmmss-slug</c> (UTC), e.g. <c>20261128-094210-api-fix</c>.</param>
/// <param name="Name">The tmux session name, verbatim.</param>
/// <param name="Socket">Absolute socket path of the workcell's tmux server.</param>
/// <param name="Server">Label of that server (<c>workcells</c>, the <c>-L</c> name or the <c>-S</c> path).</param>
/// <param name="Cwd">Absolute working directory of the agent.</param>
/// <param name="Command">argv the pane runs, after placeholders were replaced; [0] is an absolute path.</param>
/// <param name="Agent">The agent preset's name, or the command's file name when none was used.</param>
/// <param name="Task">The task text (from <c>--task</c>, or the brief file's content).</param>
/// <param name="Verify">The verify command line, or null.</param>
/// <param name="OnExit">The on-exit command line, or null.</param>
/// <param name="Env">Extra environment (<c>--env K=V</c>) in given order.</param>
/// <param name="ParentRunId">The run this one resumes, or null.</param>
/// <param name="BaseCommit">HEAD of the cwd's repository at launch, or null outside git (or an unborn branch).</param>
/// <param name="RunDir">Absolute path of the run folder.</param>
/// <param name="State">Where the run is (see <see cref="RunState"/>).</param>
/// <param name="Started">Launch time, UTC.</param>
public sealed record RunRecord(
    string RunId,
    string Name,
    string Socket,
    string Server,
    string Cwd,
    IReadOnlyList<string> Command,
    string Agent,
    string Task,
    string? Verify,
    string? OnExit,
    IReadOnlyList<string> Env,
    string? ParentRunId,
    string? BaseCommit,
    string RunDir,
    RunState State,
    DateTimeOffset Started)
{
    /// <summary>The command's argv before placeholders were replaced (what <c>resume</c> starts again); empty when unknown.</summary>
    public IReadOnlyList<string> Template { get; init; } = [];

    /// <summary>tmux session id (<c>$N</c>) once the session exists.</summary>
    public string? SessionId { get; init; }

    /// <summary>tmux pane id (<c>%N</c>) of the agent's pane once it exists.</summary>
    public string? PaneId { get; init; }

    /// <summary>Process id of the agent (<c>#{pane_pid}</c>) once it runs.</summary>
    public int? Pid { get; init; }

    /// <summary>Process id of the tmux server the session lives on, 0 until known.</summary>
    public int ServerPid { get; init; }

    /// <summary>When the agent exited, or the end was noticed (killed, vanished), UTC; null while it runs.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>How the agent process ended; null while it runs, and for killed or vanished runs.</summary>
    public RunExit? Exit { get; init; }

    /// <summary>Verification after the exit; null before it or for killed and vanished runs.</summary>
    public Verification? Verification { get; init; }

    /// <summary>What a failed, killed or vanished run looks like, with the next step; null otherwise.</summary>
    public Diagnosis? Diagnosis { get; init; }

    /// <summary>Exit code of the <c>--on-exit</c> command, null when none ran.</summary>
    public int? OnExitStatus { get; init; }

    /// <summary>The pane's last screen at the end (plain text, trailing blank lines dropped), null when none was captured.</summary>
    public string? LastScreen { get; init; }

    /// <summary>For a Ralph loop (<c>sessiontui loop</c>, a pipeline stage): its parameters and progress; null for a plain run.</summary>
    public LoopStatus? Loop { get; init; }

    /// <summary>For a pipeline (<c>sessiontui pipeline run</c>): which step runs; null otherwise.</summary>
    public PipelineStatus? Pipeline { get; init; }

    /// <summary>When <c>sessiontui cleanup</c> removed the run folder (its run had ended longer ago than the retention), UTC;
    /// null while the folder is kept. Only the database's record carries it: the folder and its <c>status.json</c> are gone.</summary>
    public DateTimeOffset? FolderRemoved { get; init; }

    /// <summary>Whether the run has ended (one of the five outcomes).</summary>
    public bool IsEnded => State is RunState.Succeeded or RunState.Failed or RunState.NoOp or RunState.Killed or RunState.Vanished;

    /// <summary>The run's outcome once ended, null before.</summary>
    public RunState? Outcome => IsEnded ? State : null;
}
