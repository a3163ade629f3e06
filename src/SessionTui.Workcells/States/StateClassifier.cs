using System.Globalization;
using SessionTui.Core;
using SessionTui.Workcells.Diagnosing;

namespace SessionTui.Workcells.States;

/// <summary>What the classifier reads of one pane.</summary>
/// <param name="Screen">The capture, ANSI stripped, lines separated by <c>\n</c>.</param>
/// <param name="Title">The pane's title (<c>#{pane_title}</c>), or empty.</param>
/// <param name="Dead">Whether its process has ended (<c>#{pane_dead}</c>).</param>
/// <param name="DeadStatus">Exit status of an ended process, or null.</param>
/// <param name="DeadSignal">Signal that ended it, or null.</param>
/// <param name="Quiet">How long its output has not changed.</param>
public sealed record PaneFacts(string Screen, string Title, bool Dead, int? DeadStatus, int? DeadSignal, TimeSpan Quiet);

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
}

/// <summary>
/// Tells what the agent in a pane is doing, from data rules (<see cref="StateRules"/>) and tmux's facts, in the order that
/// avoids the known false positives (../shared/agent-states/markers.md, section 0): exited or dead from tmux first, then
/// the screen's auth-failed, rate-limited, context-limit, waiting, working and idle rules in that order (every rule file,
/// file order within a state), then freshness: output that changed within <c>idleAfter</c> is working, older is idle.
/// Working that has not changed for <c>stuckAfter</c> is stuck. Pure; the clock and zone only read reset times.
/// </summary>
public sealed class StateClassifier
{
    private static readonly AgentState[] Order =
        [AgentState.AuthFailed, AgentState.RateLimited, AgentState.ContextLimit, AgentState.Waiting, AgentState.Working, AgentState.Idle];

    private readonly (StateRule Rule, string Source)[][] _byState;
    private readonly TimeSpan _idleAfter;
    private readonly TimeSpan _stuckAfter;

    /// <summary>Creates a classifier over <paramref name="files"/>.</summary>
    /// <param name="files">Rule files (see <see cref="StateRules.Load"/>).</param>
    /// <param name="idleAfter">Quiet time after which a pane no rule reads is idle rather than working.</param>
    /// <param name="stuckAfter">Quiet time after which a working pane is stuck (default 10 min).</param>
    public StateClassifier(IReadOnlyList<StateRuleFile> files, TimeSpan idleAfter, TimeSpan stuckAfter)
    {
        ArgumentNullException.ThrowIfNull(files);
        _byState = [.. Order.Select(state => files.SelectMany(f => f.Rules.Where(r => r.State == state).Select(r => (r, f.Source))).ToArray())];
        _idleAfter = idleAfter;
        _stuckAfter = stuckAfter;
    }

    /// <summary>Classifies one pane.</summary>
    /// <param name="pane">What tmux says of it.</param>
    /// <param name="now">Now, to read relative and clock reset times.</param>
    /// <param name="zone">The zone of reset times that name none.</param>
    public StateVerdict Classify(PaneFacts pane, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(pane);
        if (pane.Dead)
        {
            return pane.DeadSignal is { } signal
                ? new StateVerdict(AgentState.Dead, "tmux.dead", "tmux", ["killed by signal " + signal.ToString(CultureInfo.InvariantCulture)], null)
                : new StateVerdict(AgentState.Exited, "tmux.exited", "tmux", ["exit " + (pane.DeadStatus ?? 0).ToString(CultureInfo.InvariantCulture)], null) { ExitStatus = pane.DeadStatus };
        }

        var lines = NonEmpty(pane.Screen);
        for (var i = 0; i < Order.Length; i++)
        {
            foreach (var (rule, source) in _byState[i])
            {
                if (Match(rule, lines, pane.Title) is not { } matched)
                {
                    continue;
                }

                var resets = rule.Reset ? ResetTimeParser.Parse(string.Join(' ', matched), now, zone) : null;
                var verdict = new StateVerdict(rule.State, rule.Id, source, matched, resets);
                return rule.State == AgentState.Working && pane.Quiet >= _stuckAfter ? Stuck(verdict, pane) : verdict;
            }
        }

        var quiet = ((int)pane.Quiet.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        if (pane.Quiet < _idleAfter)
        {
            return new StateVerdict(AgentState.Working, "freshness.changing", "freshness", ["output changed " + quiet + " ago"], null);
        }

        return new StateVerdict(AgentState.Idle, "freshness.quiet", "freshness", ["no output for " + quiet], null);
    }

    private static StateVerdict Stuck(StateVerdict working, PaneFacts pane) => working with
    {
        State = AgentState.Stuck,
        Rule = "freshness.stuck (" + working.Rule + ")",
        Lines = [.. working.Lines, "no output change for " + ((int)pane.Quiet.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"],
    };

    /// <summary>The matched line and the indented or boxed lines under it (a wrapped banner, a dialog; at most three), or null.</summary>
    private static List<string>? Match(StateRule rule, string[] lines, string title)
    {
        if (rule.Title is { } t)
        {
            return title.Length > 0 && t.IsMatch(title) ? [title] : null;
        }

        var from = Math.Max(0, lines.Length - rule.Lines);
        for (var i = lines.Length - 1; i >= from; i--)
        {
            if ((rule.Skip is null || !rule.Skip.IsMatch(lines[i])) && rule.Screen!.IsMatch(lines[i]))
            {
                var block = new List<string> { lines[i].Trim() };
                for (var j = i + 1; j < lines.Length && block.Count < 4 && lines[j].Length > 0 && (char.IsWhiteSpace(lines[j][0]) || lines[j][0] is '│' or '┃' or '║'); j++)
                {
                    block.Add(lines[j].Trim());
                }

                return block;
            }
        }

        return null;
    }

    /// <summary>The screen's non-empty lines with trailing spaces and box sides trimmed.</summary>
    private static string[] NonEmpty(string screen) =>
        [.. screen.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd().TrimEnd('│', '┃', '║').TrimEnd()).Where(l => l.Trim().Length > 0)];
}
