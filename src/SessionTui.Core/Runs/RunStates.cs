namespace SessionTui.Core.Runs;

/// <summary>The words for <see cref="RunState"/> and <see cref="FailureMode"/> in JSON, SQLite and the CLI, and the rule
/// that turns an exit and a verification into an outcome.</summary>
public static class RunStates
{
    /// <summary>Kebab-case word of a state: <c>running</c>, <c>no-op</c>.</summary>
    public static string Text(RunState state) => state switch
    {
        RunState.Starting => "starting",
        RunState.Running => "running",
        RunState.Verifying => "verifying",
        RunState.Succeeded => "succeeded",
        RunState.Failed => "failed",
        RunState.NoOp => "no-op",
        RunState.Killed => "killed",
        RunState.Vanished => "vanished",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Every state, in life order.</summary>
    public static IReadOnlyList<RunState> All { get; } = Enum.GetValues<RunState>();

    /// <summary>Parses a kebab-case word (<see cref="Text(RunState)"/>).</summary>
    public static bool TryParse(string text, out RunState state) => Words.TryParse(All, Text, text, out state);

    /// <summary>Kebab-case word of a failure mode: <c>auth-failure</c>.</summary>
    public static string Text(FailureMode mode) => mode switch
    {
        FailureMode.AuthFailure => "auth-failure",
        FailureMode.RateLimit => "rate-limit",
        FailureMode.PartialCompletion => "partial-completion",
        FailureMode.VanishedSession => "vanished-session",
        FailureMode.DirtyRepository => "dirty-repository",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// The outcome of a run whose agent exited: <see cref="RunState.Failed"/> for a non-zero exit, a signal, or a failed
    /// verification; <see cref="RunState.NoOp"/> for exit 0 with no commit and no change; else
    /// <see cref="RunState.Succeeded"/>.
    /// </summary>
    /// <param name="exit">How the agent ended.</param>
    /// <param name="verification">What verification found.</param>
    public static RunState Outcome(RunExit exit, Verification verification)
    {
        ArgumentNullException.ThrowIfNull(exit);
        ArgumentNullException.ThrowIfNull(verification);
        if (exit.Signal is not null || exit.Status != 0 || !verification.Passed)
        {
            return RunState.Failed;
        }

        return verification.Git && !verification.ChangedAnything ? RunState.NoOp : RunState.Succeeded;
    }

    /// <summary>Kebab-case word of a loop state: <c>max-reached</c>.</summary>
    public static string Text(LoopState state) => state switch
    {
        LoopState.Running => "running",
        LoopState.Verifying => "verifying",
        LoopState.Waiting => "waiting",
        LoopState.Completed => "completed",
        LoopState.MaxReached => "max-reached",
        LoopState.Stalled => "stalled",
        LoopState.StalledOnLimit => "stalled-on-limit",
        LoopState.Killed => "killed",
        LoopState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Kebab-case word of an iteration state.</summary>
    public static string Text(IterationState state) => state switch
    {
        IterationState.Running => "running",
        IterationState.Verifying => "verifying",
        IterationState.Ended => "ended",
        IterationState.Killed => "killed",
        IterationState.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The run outcome of an ended loop: <see cref="RunState.Succeeded"/> when completed, <see cref="RunState.Killed"/>
    /// when killed, else <see cref="RunState.Failed"/>.</summary>
    public static RunState Outcome(LoopState end) => end switch
    {
        LoopState.Completed => RunState.Succeeded,
        LoopState.Killed => RunState.Killed,
        _ => RunState.Failed,
    };
}
