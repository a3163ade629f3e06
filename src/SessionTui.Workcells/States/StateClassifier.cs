using SessionTui.Core;
using SessionTui.Workcells.Diagnosing;

namespace SessionTui.Workcells.States;

/// <summary>
/// Tells what the agent in a pane is doing, from data rules (<see cref="StateRules"/>) and tmux's facts, in the order that
/// avoids the known false positives (../shared/agent-states/markers.md, section 0): exited or dead from tmux first, then
/// the screen's auth-failed, rate-limited, context-limit, waiting, working and idle rules in that order (every rule file,
/// file order within a state), then freshness: output that changed within <c>idleAfter</c> is working, older is idle.
/// Working that has not changed for <c>stuckAfter</c> is stuck. Pure; the clock and zone only read reset times.
/// </summary>
public sealed class StateClassifier : IStateClassifier
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

    /// <summary>Creates a classifier over <paramref name="files"/> that reads reset times in <paramref name="zone"/>.</summary>
    /// <param name="files">Rule files (see <see cref="StateRules.Load"/>).</param>
    /// <param name="idleAfter">Quiet time after which a pane no rule reads is idle rather than working.</param>
    /// <param name="stuckAfter">Quiet time after which a working pane is stuck (default 10 min).</param>
    /// <param name="zone">The zone of reset times that name none (<c>resets 4pm</c>).</param>
    public StateClassifier(IReadOnlyList<StateRuleFile> files, TimeSpan idleAfter, TimeSpan stuckAfter, TimeZoneInfo zone)
        : this(files, idleAfter, stuckAfter)
    {
        Zone = zone;
    }

    /// <summary>The zone <see cref="ReadScreen"/> reads reset times in (UTC unless given).</summary>
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.Utc;

    /// <summary>Classifies one pane.</summary>
    /// <param name="pane">What tmux says of it.</param>
    /// <param name="now">Now, to read relative and clock reset times.</param>
    /// <param name="zone">The zone of reset times that name none.</param>
    public StateVerdict Classify(PaneFacts pane, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(pane);
        return StateFacts.Decide(pane, pane.Dead ? null : Read(pane.Screen, pane.Title, now, zone), _idleAfter, _stuckAfter);
    }

    /// <inheritdoc />
    public StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now) => Read(screen, title, now, Zone);

    private StateVerdict? Read(string screen, string title, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(screen);
        var lines = NonEmpty(screen);
        for (var i = 0; i < Order.Length; i++)
        {
            foreach (var (rule, source) in _byState[i])
            {
                if (Match(rule, lines, title ?? "") is not { } matched)
                {
                    continue;
                }

                var resets = rule.Reset ? ResetTimeParser.Parse(string.Join(' ', matched), now, zone) : null;
                return new StateVerdict(rule.State, rule.Id, source, matched, resets);
            }
        }

        return null;
    }

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
