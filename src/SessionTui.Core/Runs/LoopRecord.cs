namespace SessionTui.Core.Runs;

/// <summary>Where a Ralph loop is. Kebab-case in <c>status.json</c>, SQLite and the CLI (<c>max-reached</c>).</summary>
public enum LoopState
{
    /// <summary>An iteration's agent runs in the pane.</summary>
    Running,

    /// <summary>An iteration's agent exited; the checklist, git and the verify command are being checked.</summary>
    Verifying,

    /// <summary>The agent hit a usage or rate limit; the loop sleeps until <see cref="LoopStatus.WaitingUntil"/>.</summary>
    Waiting,

    /// <summary>Ended: every checklist item is checked and the verify command (when given) passed.</summary>
    Completed,

    /// <summary>Ended: <see cref="LoopStatus.Max"/> iterations ran without completing.</summary>
    MaxReached,

    /// <summary>Ended: <see cref="LoopStatus.Stall"/> iterations in a row made no progress.</summary>
    Stalled,

    /// <summary>Ended: the agent hit a limit again after six waits.</summary>
    StalledOnLimit,

    /// <summary>Ended: the loop's session was killed (the running iteration is recorded as killed).</summary>
    Killed,

    /// <summary>Ended: the loop could not go on (the checklist file disappeared, the agent could not be started).</summary>
    Failed,
}

/// <summary>
/// The loop part of a run whose pane runs a Ralph loop (<c>sessiontui loop</c>): its parameters, and where it is. Kept in the
/// run's <c>status.json</c> and <c>record_json</c> beside the run's own facts; written by the loop runner in the pane.
/// </summary>
/// <param name="Prd">Absolute path of the checklist file (the PRD).</param>
/// <param name="Template">The agent's argv template (<c>{prompt}</c>, <c>{prd}</c>, <c>{iteration}</c>, <c>{run_dir}</c>).</param>
/// <param name="Max">Iteration limit (<c>--max</c>).</param>
/// <param name="Stall">Iterations in a row without progress that stop the loop (<c>--stall</c>).</param>
/// <param name="State">Where the loop is.</param>
public sealed record LoopStatus(string Prd, IReadOnlyList<string> Template, int Max, int Stall, LoopState State)
{
    /// <summary>The current iteration's number (1-based) while one runs, the last one's once ended; 0 before the first.</summary>
    public int Iteration { get; init; }

    /// <summary>Checked items of the checklist as last read.</summary>
    public int Done { get; init; }

    /// <summary>Items of the checklist as last read.</summary>
    public int Total { get; init; }

    /// <summary>Iterations in a row, up to the last ended one, that made no progress (no newly checked item with a commit
    /// or change).</summary>
    public int NoProgress { get; init; }

    /// <summary>Iterations that checked an item without a commit or any change (flagged, counted as no progress).</summary>
    public int CheckedWithoutCommit { get; init; }

    /// <summary>Limit waits so far (the loop stops as <see cref="LoopState.StalledOnLimit"/> at the seventh limit).</summary>
    public int Waits { get; init; }

    /// <summary>While <see cref="LoopState.Waiting"/>: when the loop starts the next iteration, UTC.</summary>
    public DateTimeOffset? WaitingUntil { get; init; }

    /// <summary>One line: why the loop ended, or what it waits for.</summary>
    public string? Reason { get; init; }

    /// <summary>Process id of the loop runner (the pane's process), once it runs.</summary>
    public int? RunnerPid { get; init; }

    /// <summary>When the loop is done: <c>checklist</c> (every item checked, and verify passed when given), <c>verify</c> (the
    /// verify command passed after an iteration that changed something) or <c>once</c> (an iteration exited 0, and verify
    /// passed when given).</summary>
    public string Until { get; init; } = "checklist";

    /// <summary>For a pipeline stage: its id; null for a plain loop.</summary>
    public string? Stage { get; init; }

    /// <summary>For a pipeline stage: the absolute path of its prompt file, read afresh for every iteration.</summary>
    public string? StagePrompt { get; init; }

    /// <summary>For a pipeline stage: where its agent writes its result (<c>{output}</c>), absolute.</summary>
    public string? Output { get; init; }

    /// <summary>For a pipeline stage: the markdown its <c>{inputs}</c> placeholder stands for (the outputs of its inputs).</summary>
    public string? Inputs { get; init; }

    /// <summary>Whether the loop has ended.</summary>
    public bool IsEnded => State is LoopState.Completed or LoopState.MaxReached or LoopState.Stalled or LoopState.StalledOnLimit
        or LoopState.Killed or LoopState.Failed;
}

/// <summary>
/// The pipeline part of a run whose pane runs a pipeline (<c>sessiontui pipeline run</c>): which step runs. Each stage is a
/// loop run of its own (its <see cref="RunRecord.ParentRunId"/> is the pipeline's run); <c>state.json</c> in the pipeline's
/// run folder holds the full progress.
/// </summary>
/// <param name="File">Absolute path of the pipeline file.</param>
/// <param name="Steps">How many steps (stages and parallel blocks) it has.</param>
public sealed record PipelineStatus(string File, int Steps)
{
    /// <summary>Steps finished.</summary>
    public int Finished { get; init; }

    /// <summary>The running step's id (a stage, or a parallel block); null before the first and once ended.</summary>
    public string? Step { get; init; }

    /// <summary>When the running step is a parallel block: its id (the same as <see cref="Step"/>); else null.</summary>
    public string? Block { get; init; }

    /// <summary>The stages running now (one, or a block's stages).</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary><c>running</c>, <c>completed</c>, <c>failed</c> or <c>killed</c>.</summary>
    public string State { get; init; } = "running";

    /// <summary>One line: why it ended.</summary>
    public string? Reason { get; init; }
}

/// <summary>Where one iteration is. Kebab-case in JSON.</summary>
public enum IterationState
{
    /// <summary>Its agent runs.</summary>
    Running,

    /// <summary>Its agent exited; it is being checked.</summary>
    Verifying,

    /// <summary>Checked and recorded.</summary>
    Ended,

    /// <summary>Its session was killed while it ran.</summary>
    Killed,

    /// <summary>Its loop runner stopped while it ran (a crash or a reboot); a resumed loop goes on after it.</summary>
    Interrupted,
}

/// <summary>
/// One iteration of a loop: <c>iterations/NNN/status.json</c> in the run folder and a row of SQLite's <c>iterations</c>.
/// </summary>
/// <param name="RunId">The loop's run.</param>
/// <param name="Number">1-based.</param>
/// <param name="State">Where the iteration is.</param>
/// <param name="Started">When its agent started, UTC.</param>
public sealed record IterationRecord(string RunId, int Number, IterationState State, DateTimeOffset Started)
{
    /// <summary>The pipeline stage it belongs to; empty for a plain loop.</summary>
    public string Stage { get; init; } = "";

    /// <summary>When its agent exited (or the kill was noticed), UTC.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>How its agent ended (exact status or signal); null while running and for killed iterations.</summary>
    public RunExit? Exit { get; init; }

    /// <summary>The argv it ran, placeholders replaced, the prompt's text shown as <c>&lt;prompt: PATH&gt;</c> (its
    /// <c>prompt.md</c>); empty when the agent could not be started.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Checked items before it started.</summary>
    public int DoneBefore { get; init; }

    /// <summary>Checked items after it ended.</summary>
    public int DoneAfter { get; init; }

    /// <summary>Items after it ended (the file may have gained or lost items).</summary>
    public int Total { get; init; }

    /// <summary>Texts of the items it checked.</summary>
    public IReadOnlyList<string> Checked { get; init; } = [];

    /// <summary>Texts of the items it unchecked.</summary>
    public IReadOnlyList<string> Unchecked { get; init; } = [];

    /// <summary>Commits made during it (<c>HEAD_before..HEAD_after</c>), oldest first.</summary>
    public IReadOnlyList<CommitInfo> Commits { get; init; } = [];

    /// <summary><c>git diff --stat</c> from its start commit to the work tree after it, as git prints it.</summary>
    public string DiffStat { get; init; } = "";

    /// <summary>Whether it changed the repository (a commit, an uncommitted change, an untracked file).</summary>
    public bool Changed { get; init; }

    /// <summary>The verify command's exit code (124 on timeout); null when none ran.</summary>
    public int? VerifyExit { get; init; }

    /// <summary>The verify command's last 50 lines; null when none ran.</summary>
    public string? VerifyTail { get; init; }

    /// <summary>It checked an item but made no commit and no change: flagged, and no progress.</summary>
    public bool CheckedWithoutCommit { get; init; }

    /// <summary>It checked at least one item and came with a commit or a change.</summary>
    public bool Progress { get; init; }

    /// <summary>A usage or rate limit, auth failure... seen on its last screen; null when none.</summary>
    public Diagnosis? Limit { get; init; }

    /// <summary>The last lines of its output (plain text), null before it ended.</summary>
    public string? OutputTail { get; init; }

    /// <summary>Whether it has ended (checked, killed or interrupted).</summary>
    public bool IsEnded => State is IterationState.Ended or IterationState.Killed or IterationState.Interrupted;

    /// <summary>Wall-clock duration once ended.</summary>
    public TimeSpan? Duration => Ended - Started;
}
