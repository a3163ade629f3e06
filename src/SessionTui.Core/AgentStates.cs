namespace SessionTui.Core;

/// <summary>What an agent in a pane is doing, as the watchdog tells it from the pane's screen, title and liveness.
/// Kebab-case in JSON and the CLI (<c>rate-limited</c>).</summary>
public enum AgentState
{
    /// <summary>Busy: a spinner, an interrupt hint, or output that keeps changing.</summary>
    Working,

    /// <summary>Waiting for input: a permission dialog, a question, a trust prompt.</summary>
    Waiting,

    /// <summary>At its prompt with nothing to do.</summary>
    Idle,

    /// <summary>Stopped by a usage or rate limit (with the reset time when the screen gives one).</summary>
    RateLimited,

    /// <summary>Cannot log in (expired token, missing key).</summary>
    AuthFailed,

    /// <summary>Its context window is full, or it is compacting.</summary>
    ContextLimit,

    /// <summary>Working, but its output has not changed for the stuck threshold.</summary>
    Stuck,

    /// <summary>Its process exited with a status (the pane is kept).</summary>
    Exited,

    /// <summary>Its process was killed by a signal, or the pane is gone.</summary>
    Dead,
}

/// <summary>The words of <see cref="AgentState"/>.</summary>
public static class AgentStates
{
    /// <summary>Every state, in the order the classifier checks the screen-read ones (exited and dead first).</summary>
    public static IReadOnlyList<AgentState> All { get; } = Enum.GetValues<AgentState>();

    /// <summary>Kebab-case word: <c>rate-limited</c>.</summary>
    public static string Text(AgentState state) => state switch
    {
        AgentState.Working => "working",
        AgentState.Waiting => "waiting",
        AgentState.Idle => "idle",
        AgentState.RateLimited => "rate-limited",
        AgentState.AuthFailed => "auth-failed",
        AgentState.ContextLimit => "context-limit",
        AgentState.Stuck => "stuck",
        AgentState.Exited => "exited",
        AgentState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a kebab-case word (<see cref="Text"/>).</summary>
    public static bool TryParse(string text, out AgentState state)
    {
        foreach (var s in All)
        {
            if (string.Equals(Text(s), text, StringComparison.Ordinal))
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }
}
