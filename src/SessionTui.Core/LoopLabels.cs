using System.Globalization;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>What a session card shows of a Ralph loop (<see cref="RunRecord.Loop"/>): counts and labels only, so two compare
/// equal exactly when they look the same. A pipeline would add its current stage here as one more label.</summary>
/// <param name="Done">Checked items of the checklist as last read.</param>
/// <param name="Total">Items of the checklist as last read.</param>
/// <param name="Iteration">The current iteration (1-based) while one runs, the last one once ended; 0 before the first.</param>
/// <param name="Max">The iteration limit.</param>
/// <param name="State">Where the loop is (<see cref="LoopLabels.State"/>): <c>running</c>, <c>verifying</c>, <c>waiting for
/// limit reset 16:05</c>, <c>stalled 2/3</c>, <c>✓ completed</c>, <c>✗ max-reached</c>…</param>
/// <param name="Tone">How <paramref name="State"/> reads.</param>
/// <param name="Warning"><c>⚠ 2 checked without commit</c>, or null when no iteration checked an item without a commit.</param>
public sealed record CardLoop(int Done, int Total, int Iteration, int Max, string State, RunTone Tone, string? Warning);

/// <summary>
/// The words and glyphs of loops and their iterations, shared by the wall (cards, run detail) and the CLI (<c>loops</c>,
/// <c>loops show</c>). Times of day are shown in the zone given (the wall's and the CLI's local zone), as <c>HH:mm</c>.
/// Every label here is at most one terminal cell per char (☑ ☐ ▓ ░ ✓ ✗ ⚠ – are narrow).
/// </summary>
public static class LoopLabels
{
    /// <summary>Cells of the progress bar when the card has room (it shrinks to <see cref="MinBarCells"/>, then goes).</summary>
    public const int BarCells = 9;

    /// <summary>The narrowest progress bar drawn.</summary>
    public const int MinBarCells = 3;

    /// <summary>The card's view of <paramref name="loop"/>.</summary>
    /// <param name="loop">The loop part of the card's run.</param>
    /// <param name="zone">The zone of the clock times (<c>waiting for limit reset 16:05</c>).</param>
    public static CardLoop Describe(LoopStatus loop, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var (state, tone) = State(loop, zone);
        var warning = loop.CheckedWithoutCommit > 0 ? "⚠ " + Number(loop.CheckedWithoutCommit) + " checked without commit" : null;
        return new CardLoop(loop.Done, loop.Total, loop.Iteration, loop.Max, state, tone, warning);
    }

    /// <summary>Where the loop is, in a few words: <c>running</c>; <c>stalled 2/3</c> while running after iterations without
    /// progress (NoProgress/Stall); <c>verifying</c>; <c>waiting for limit reset 16:05</c> (<see cref="LoopStatus.WaitingUntil"/>
    /// in <paramref name="zone"/>); once ended <c>✓ completed</c> or <c>✗ </c> and the end word (<c>max-reached</c>,
    /// <c>stalled</c>, <c>stalled-on-limit</c>, <c>killed</c>, <c>failed</c>).</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="zone">The zone of the clock time while waiting.</param>
    public static (string Text, RunTone Tone) State(LoopStatus loop, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(zone);
        return loop.State switch
        {
            LoopState.Running when loop.NoProgress > 0 => ("stalled " + Number(loop.NoProgress) + "/" + Number(loop.Stall), RunTone.Waiting),
            LoopState.Running => ("running", RunTone.Running),
            LoopState.Verifying => ("verifying", RunTone.Verifying),
            LoopState.Waiting => ("waiting for limit reset" + (loop.WaitingUntil is { } until ? " " + Clock(until, zone) : ""), RunTone.Waiting),
            LoopState.Completed => ("✓ completed", RunTone.Good),
            _ => ("✗ " + RunStates.Text(loop.State), RunTone.Bad),
        };
    }

    /// <summary>A time of day in <paramref name="zone"/>: <c>16:05</c>.</summary>
    /// <param name="time">The time (any offset; UTC in records).</param>
    /// <param name="zone">The zone to show it in.</param>
    public static string Clock(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A bar of <paramref name="cells"/> cells, <c>▓</c> for the done part and <c>░</c> for the rest, rounded up
    /// but never full before every item is checked (so on two cells or more a part done shows at least one <c>▓</c> and a
    /// part left at least one <c>░</c>).</summary>
    /// <param name="done">Checked items (clamped to 0..<paramref name="total"/>).</param>
    /// <param name="total">All items; 0 gives an empty bar.</param>
    /// <param name="cells">Width in cells (negative counts as 0).</param>
    public static string Bar(int done, int total, int cells)
    {
        cells = Math.Max(0, cells);
        var filled = 0;
        if (total > 0 && done > 0 && cells > 0)
        {
            var part = Math.Min(done, total);
            filled = part == total ? cells : Math.Min(cells - 1, (int)Math.Ceiling((double)part * cells / total));
        }

        return new string('▓', filled) + new string('░', cells - filled);
    }

    /// <summary>The card's progress line in at most <paramref name="width"/> cells: <c>☑ 7/12 ▓▓▓▓▓▓░░░ iter 4/25</c>; on a
    /// narrow card the bar shrinks down to <see cref="MinBarCells"/> cells, then goes (<c>☑ 7/12 iter 4/25</c>), then the
    /// iteration goes (<c>☑ 7/12</c>, which the view crops when even that does not fit).</summary>
    /// <param name="loop">The card's loop.</param>
    /// <param name="width">Room in cells.</param>
    public static string Progress(CardLoop loop, int width)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var counts = Checklist(loop.Done, loop.Total);
        var iteration = "iter " + Number(loop.Iteration) + "/" + Number(loop.Max);
        var cells = Math.Min(BarCells, width - counts.Length - iteration.Length - 2);
        if (cells >= MinBarCells)
        {
            return counts + " " + Bar(loop.Done, loop.Total, cells) + " " + iteration;
        }

        return counts.Length + 1 + iteration.Length <= width ? counts + " " + iteration : counts;
    }

    /// <summary>The checklist count with its glyph: <c>☑ 7/12</c>.</summary>
    public static string Checklist(int done, int total) => "☑ " + Number(done) + "/" + Number(total);

    /// <summary>How an iteration's agent ended, or where it is: <c>exit 0</c>, <c>signal 9 (SIGKILL)</c>, <c>killed</c>,
    /// <c>interrupted</c>, <c>running</c>, <c>verifying</c> (before its exit is known).</summary>
    public static string Exit(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        return iteration.State switch
        {
            IterationState.Killed or IterationState.Interrupted or IterationState.Running => RunStates.Text(iteration.State),
            _ => iteration.Exit?.ToString() ?? RunStates.Text(iteration.State),
        };
    }

    /// <summary>The items an iteration flipped: <c>+2 ☑</c>, <c>-1 ☐</c>, both (<c>+2 ☑ -1 ☐</c>), or empty.</summary>
    public static string Flipped(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        var parts = new List<string>(2);
        if (iteration.Checked.Count > 0)
        {
            parts.Add("+" + Number(iteration.Checked.Count) + " ☑");
        }

        if (iteration.Unchecked.Count > 0)
        {
            parts.Add("-" + Number(iteration.Unchecked.Count) + " ☐");
        }

        return string.Join(' ', parts);
    }

    /// <summary><c>1 commit</c>, <c>3 commits</c>, <c>0 commits</c>.</summary>
    public static string Commits(int count) => Number(count) + (count == 1 ? " commit" : " commits");

    /// <summary>The verify command's result: <c>✓</c> (exit 0), <c>✗</c> (any other exit), <c>–</c> (none ran).</summary>
    public static string Verify(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        return iteration.VerifyExit switch
        {
            null => "–",
            0 => "✓",
            _ => "✗",
        };
    }

    /// <summary>An ended iteration's duration (<see cref="Cards.Duration"/>: <c>&lt;1m</c>, <c>4m</c>, <c>2h</c>); empty while
    /// it runs.</summary>
    public static string Duration(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        return iteration.Duration is { } took ? Cards.Duration(took) : "";
    }

    /// <summary>What the iteration's last screen showed: <c>limit · resets 16:05</c> (in <paramref name="zone"/>), <c>limit</c>
    /// without a reset time, or the failure mode's word (<c>auth-failure</c>); null when nothing was seen.</summary>
    public static string? Limit(IterationRecord iteration, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        if (iteration.Limit is not { } limit)
        {
            return null;
        }

        var word = limit.Mode == FailureMode.RateLimit ? "limit" : RunStates.Text(limit.Mode);
        return limit.ResetsAt is { } resets ? word + " · resets " + Clock(resets, zone) : word;
    }

    /// <summary>The flag of an iteration that checked an item without a commit or change.</summary>
    public const string CheckedWithoutCommit = "checked without commit";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
