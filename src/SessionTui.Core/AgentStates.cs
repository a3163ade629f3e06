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

    /// <summary>Whether a session in <paramref name="state"/> needs you: waiting, rate-limited, auth-failed, context-limit,
    /// stuck, exited with a non-zero status, or dead (killed by a signal). <c>Tab</c> on the wall jumps to these.</summary>
    /// <param name="state">The state.</param>
    /// <param name="exitStatus">The exit status of an exited pane (null while tmux has not collected it).</param>
    public static bool NeedsYou(AgentState state, int? exitStatus) => state switch
    {
        AgentState.Waiting or AgentState.RateLimited or AgentState.AuthFailed or AgentState.ContextLimit or AgentState.Stuck or AgentState.Dead => true,
        AgentState.Exited => exitStatus is not null and not 0,
        _ => false,
    };

    /// <summary>Sort rank by urgency, lowest first: auth-failed, waiting, rate-limited, stuck, context-limit, dead, exited
    /// non-zero, then working, idle, exited 0.</summary>
    public static int Urgency(AgentState state, int? exitStatus) => state switch
    {
        AgentState.AuthFailed => 0,
        AgentState.Waiting => 1,
        AgentState.RateLimited => 2,
        AgentState.Stuck => 3,
        AgentState.ContextLimit => 4,
        AgentState.Dead => 5,
        AgentState.Exited when exitStatus is not null and not 0 => 6,
        AgentState.Working => 7,
        AgentState.Idle => 8,
        _ => 9,
    };

    /// <summary>Parses a kebab-case word (<see cref="Text"/>).</summary>
    public static bool TryParse(string text, out AgentState state) => Words.TryParse(All, Text, text, out state);
}

/// <summary>What the classifier reads of one pane.</summary>
/// <param name="Screen">The capture, ANSI stripped, lines separated by <c>\n</c>.</param>
/// <param name="Title">The pane's title (<c>#{pane_title}</c>), or empty.</param>
/// <param name="Dead">Whether its process has ended (<c>#{pane_dead}</c>).</param>
/// <param name="DeadStatus">Exit status of an ended process, or null.</param>
/// <param name="DeadSignal">Signal that ended it, or null.</param>
/// <param name="Quiet">How long its output has not changed.</param>
public sealed record PaneFacts(string Screen, string Title, bool Dead, int? DeadStatus, int? DeadSignal, TimeSpan Quiet)
{
    /// <summary>The pane's program, <c>#{pane_current_command}</c> (empty when unknown): picks the agent's rule file.</summary>
    public string Command { get; init; } = "";
}

/// <summary>How a pane was classified, and why.</summary>
/// <param name="State">The state.</param>
/// <param name="Rule">The rule that decided it (a rule id, or <c>tmux.dead</c>, <c>freshness.stuck</c>, …).</param>
/// <param name="Source">Where the rule comes from (a rule file, <c>tmux</c>, <c>freshness</c>).</param>
/// <param name="Lines">The lines it matched (the title for a title rule), empty when none.</param>
/// <param name="ResetsAt">A limit's reset time, UTC, when the screen names one.</param>
public sealed record StateVerdict(AgentState State, string Rule, string Source, IReadOnlyList<string> Lines, DateTimeOffset? ResetsAt)
{
    /// <summary>Exit status of an exited pane.</summary>
    public int? ExitStatus { get; init; }

    /// <summary>Value equality including the matched lines, compared line by line.</summary>
    public bool Equals(StateVerdict? other) =>
        other is not null && State == other.State && Rule == other.Rule && Source == other.Source && ResetsAt == other.ResetsAt
        && ExitStatus == other.ExitStatus && Lines.SequenceEqual(other.Lines, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(State, Rule, ResetsAt, ExitStatus, Lines.Count);

    /// <summary>Whether two verdicts say the same thing (state, rule, exit status and reset time; not the matched lines).</summary>
    public bool SameAs(StateVerdict other) =>
        other is not null && State == other.State && Rule == other.Rule && ExitStatus == other.ExitStatus && ResetsAt == other.ResetsAt;
}

/// <summary>Reads an agent's state from its screen with data rules (the watchdog's rule files). Implementations are pure
/// and thread-safe.</summary>
public interface IStateClassifier
{
    /// <summary>The screen rules' verdict: the first rule (in the order auth-failed, rate-limited, context-limit, waiting,
    /// working, idle) that matches the screen's last lines or the title, or null when none does.</summary>
    /// <param name="screen">The capture, ANSI stripped.</param>
    /// <param name="title">The pane title, or empty.</param>
    /// <param name="now">Now (UTC), to turn a relative reset time (<c>resets in 2 hours</c>) into a time.</param>
    /// <param name="command">The pane's program (<c>#{pane_current_command}</c>), or empty. When it names an agent a rule
    /// file lists (<c>claude</c>, <c>codex</c>, ...), the rule files of the other agents are not read; any other program
    /// (<c>node</c>, or <c>bash</c> while Claude runs a Bash tool) reads them all.</param>
    StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now, string command);
}

/// <summary>The part of classification that needs no screen rules: tmux's dead flag first, the screen's verdict next, then
/// output freshness (../shared/agent-states/markers.md, section 0). Pure.</summary>
public static class StateFacts
{
    /// <summary>Decides a pane's state.</summary>
    /// <param name="pane">tmux's facts and the quiet time.</param>
    /// <param name="screen">What the screen rules read (<see cref="IStateClassifier.ReadScreen"/>), or null.</param>
    /// <param name="idleAfter">Quiet time after which a pane no rule reads is idle rather than working.</param>
    /// <param name="stuckAfter">Quiet time after which a working pane (by a rule or by freshness) is stuck.</param>
    public static StateVerdict Decide(PaneFacts pane, StateVerdict? screen, TimeSpan idleAfter, TimeSpan stuckAfter)
    {
        ArgumentNullException.ThrowIfNull(pane);
        if (pane.Dead)
        {
            return pane.DeadSignal is { } signal
                ? new StateVerdict(AgentState.Dead, "tmux.dead", "tmux", ["killed by signal " + signal.ToString(System.Globalization.CultureInfo.InvariantCulture)], null)
                : new StateVerdict(AgentState.Exited, "tmux.exited", "tmux", ["exit " + (pane.DeadStatus ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)], null) { ExitStatus = pane.DeadStatus };
        }

        if (screen is not null)
        {
            return screen.State == AgentState.Working && pane.Quiet >= stuckAfter ? Stuck(screen, pane.Quiet) : screen;
        }

        // The lines name the threshold, not the ticking quiet time, so the verdict of an unchanged pane stays equal from tick
        // to tick (an idle wall redraws nothing).
        var threshold = ((long)idleAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s";
        return pane.Quiet < idleAfter
            ? new StateVerdict(AgentState.Working, "freshness.changing", "freshness", ["output changed within the last " + threshold], null)
            : new StateVerdict(AgentState.Idle, "freshness.quiet", "freshness", ["no output change for " + threshold + " or more"], null);
    }

    private static StateVerdict Stuck(StateVerdict working, TimeSpan quiet) => working with
    {
        State = AgentState.Stuck,
        Rule = "freshness.stuck (" + working.Rule + ")",
        Lines = [.. working.Lines, "no output change for " + ((long)quiet.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture) + " min"],
    };
}
