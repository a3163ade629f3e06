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

    /// <summary>Lines remembered by <see cref="MatchesOf"/> before the memo is emptied.</summary>
    private const int MemoLimit = 16_384;

    private readonly (StateRule Rule, string Source, int Index, IReadOnlyList<string> Commands)[][] _byState;

    /// <summary>Every program some rule file lists as its agent's (<see cref="StateRuleFile.Commands"/>).</summary>
    private readonly HashSet<string> _agentCommands;
    private readonly StateRule[] _screenRules;
    private readonly int _maxLines;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _memo = new(StringComparer.Ordinal);
    private readonly TimeSpan _idleAfter;
    private readonly TimeSpan _stuckAfter;

    /// <summary>Creates a classifier over <paramref name="files"/>.</summary>
    /// <param name="files">Rule files (see <see cref="StateRules.Load"/>).</param>
    /// <param name="idleAfter">Quiet time after which a pane no rule reads is idle rather than working.</param>
    /// <param name="stuckAfter">Quiet time after which a working pane is stuck (default 10 min).</param>
    public StateClassifier(IReadOnlyList<StateRuleFile> files, TimeSpan idleAfter, TimeSpan stuckAfter)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = Order.Select(state => files.SelectMany(f => f.Rules.Where(r => r.State == state).Select(r => (Rule: r, f.Source, f.Commands))).ToArray()).ToArray();
        _agentCommands = files.SelectMany(f => f.Commands).ToHashSet(StringComparer.Ordinal);
        _screenRules = [.. ordered.SelectMany(x => x).Select(x => x.Rule).Where(r => r.Screen is not null)];
        var index = new Dictionary<StateRule, int>(ReferenceEqualityComparer.Instance as IEqualityComparer<StateRule>);
        for (var i = 0; i < _screenRules.Length; i++)
        {
            index[_screenRules[i]] = i;
        }

        _byState = [.. ordered.Select(rules => rules.Select(x => (x.Rule, x.Source, x.Rule.Screen is null ? -1 : index[x.Rule], x.Commands)).ToArray())];
        _maxLines = _screenRules.Length == 0 ? 0 : _screenRules.Max(r => r.Lines);
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
        return StateFacts.Decide(pane, pane.Dead ? null : Read(pane.Screen, pane.Title, now, zone, pane.Command), _idleAfter, _stuckAfter);
    }

    /// <inheritdoc />
    public StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now, string command) => Read(screen, title, now, Zone, command);

    private StateVerdict? Read(string screen, string title, DateTimeOffset now, TimeZoneInfo zone, string? command)
    {
        var agent = command is { Length: > 0 } && _agentCommands.Contains(command) ? command : null;
        ArgumentNullException.ThrowIfNull(screen);
        var lines = LastLines(screen);

        // For each screen rule, the bottom-most line it matches (-1 for none): the line a rule reports is its bottom-most
        // match inside its window, so the rule matches exactly when that line is inside it.
        var bottom = new int[_screenRules.Length];
        Array.Fill(bottom, -1);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            foreach (var r in MatchesOf(lines[i]))
            {
                if (bottom[r] < 0)
                {
                    bottom[r] = i;
                }
            }
        }

        for (var i = 0; i < Order.Length; i++)
        {
            foreach (var (rule, source, index, commands) in _byState[i])
            {
                if ((agent is not null && commands.Count > 0 && !commands.Contains(agent, StringComparer.Ordinal)) || Match(rule, index < 0 ? -1 : bottom[index], lines, title ?? "") is not { } matched)
                {
                    continue;
                }

                var resets = rule.Reset ? ResetTimeParser.Parse(string.Join(' ', matched), now, zone) : null;
                return new StateVerdict(rule.State, rule.Id, source, matched, resets);
            }
        }

        return null;
    }

    /// <summary>
    /// The indexes (in <c>_screenRules</c>) of the screen rules that match <paramref name="line"/> and do not skip it, in
    /// increasing order. Remembered per line text: a screen that changed usually differs from the last tick's by a line or
    /// two, so most lines are looked up rather than run through every rule (about 12 µs a line for the built-in rules, JIT).
    /// The memo is a pure function's cache, shared by all callers; it is emptied when it holds <see cref="MemoLimit"/> lines.
    /// </summary>
    private int[] MatchesOf(string line)
    {
        if (_memo.TryGetValue(line, out var known))
        {
            return known;
        }

        List<int>? hits = null;
        for (var r = 0; r < _screenRules.Length; r++)
        {
            var rule = _screenRules[r];
            if (rule.Screen!.IsMatch(line) && (rule.Skip is null || !rule.Skip.IsMatch(line)))
            {
                (hits ??= []).Add(r);
            }
        }

        var result = hits is null ? [] : hits.ToArray();
        if (_memo.Count >= MemoLimit)
        {
            _memo.Clear();
        }

        _memo[line] = result;
        return result;
    }

    /// <summary>The matched line and the indented or boxed lines under it (a wrapped banner, a dialog; at most three), or null.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="at">For a screen rule, the index of the bottom-most line it matches, or -1.</param>
    /// <param name="lines">The screen's last non-empty lines.</param>
    /// <param name="title">The pane title.</param>
    private static List<string>? Match(StateRule rule, int at, string[] lines, string title)
    {
        if (rule.Title is { } t)
        {
            return title.Length > 0 && t.IsMatch(title) ? [title] : null;
        }

        if (at < 0 || at < lines.Length - rule.Lines)
        {
            return null;
        }

        var block = new List<string> { lines[at].Trim() };
        for (var j = at + 1; j < lines.Length && block.Count < 4 && lines[j].Length > 0 && (char.IsWhiteSpace(lines[j][0]) || lines[j][0] is '│' or '┃' or '║'); j++)
        {
            block.Add(lines[j].Trim());
        }

        return block;
    }

    /// <summary>The screen's last non-empty lines (at most as many as the rule with the widest window reads), oldest first,
    /// with trailing spaces and box sides trimmed; read from the end of the text, so a long scrollback costs nothing.</summary>
    private string[] LastLines(string screen)
    {
        var lines = new List<string>(Math.Min(_maxLines, 64));
        var end = screen.Length;
        while (end > 0 && lines.Count < _maxLines)
        {
            var start = screen.LastIndexOf('\n', end - 1);
            var line = screen.AsSpan(start + 1, end - start - 1).TrimEnd().TrimEnd("│┃║").TrimEnd();
            if (!line.IsWhiteSpace())
            {
                lines.Add(line.ToString());
            }

            end = Math.Max(start, 0);
        }

        lines.Reverse();
        return [.. lines];
    }
}
