using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Cli;

/// <summary>The plain-text pages of <c>loops</c> (a table of loop runs) and <c>loops show</c> (one loop and its iterations).
/// Pure: the time and the zone come in, clock times are shown in that zone.</summary>
public static class LoopText
{
    /// <summary>
    /// One row per loop, in the order given: <c>RUN NAME STATE CHECKLIST ITER STALL AGENT STARTED</c>. STATE is the loop's
    /// word (<c>running</c>, <c>max-reached</c>…; <c>waiting until 16:05</c> while it waits for a limit reset), CHECKLIST
    /// <c>7/12</c>, ITER <c>4/25</c>, STALL <c>1/3</c> (iterations in a row without progress, of the limit), STARTED the local
    /// start (<see cref="Started"/>). A run without loop fields shows <c>-</c> in them.
    /// </summary>
    /// <param name="loops">Loop runs (<see cref="IRunStore.ListLoops"/>).</param>
    /// <param name="now">Now, for the start times of today.</param>
    /// <param name="zone">The zone of the times shown.</param>
    /// <returns>The table, a header line then one line per loop, each ending in a newline.</returns>
    public static string Table(IReadOnlyList<RunRecord> loops, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(loops);
        ArgumentNullException.ThrowIfNull(zone);
        return Cli.Table.Format(
            ["RUN", "NAME", "STATE", "CHECKLIST", "ITER", "STALL", "AGENT", "STARTED"],
            [.. loops.Select(r => (IReadOnlyList<string>)(r.Loop is { } l
                ? [r.RunId, r.Name, State(l, zone), Fraction(l.Done, l.Total), Fraction(l.Iteration, l.Max), Fraction(l.NoProgress, l.Stall), r.Agent, Started(r.Started, now, zone)]
                : [r.RunId, r.Name, RunStates.Text(r.State), "-", "-", "-", r.Agent, Started(r.Started, now, zone)]))]);
    }

    /// <summary>
    /// One loop: a header as <c>runs show</c> has (run, name, state and reason, checklist file, checklist, iteration, stall
    /// and waits, iterations flagged, agent, verify command, times, folder), then a table with one line per iteration,
    /// <c># STARTED DURATION EXIT CHECKED COMMITS VERIFY NOTE</c>, with the texts of the items it checked (<c>☑</c>) and
    /// unchecked (<c>☐</c>) indented under it. NOTE holds <c>checked without commit</c>, <c>limit · resets 16:05</c>,
    /// <c>killed</c> and <c>interrupted</c>; a running iteration's DURATION counts to <paramref name="now"/>.
    /// </summary>
    /// <param name="detail">The loop's run and its iterations (<see cref="IRunStore.ListIterations"/>).</param>
    /// <param name="now">Now, for running durations and the start times of today.</param>
    /// <param name="zone">The zone of the times shown.</param>
    /// <returns>The page, each line ending in a newline.</returns>
    public static string Show(LoopDetail detail, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(zone);
        var run = detail.Run;
        var b = new StringBuilder();
        RunText.Line(b, "run", run.RunId);
        RunText.Line(b, "name", run.Name + (run.SessionId is null ? "" : $" ({run.SessionId} on {run.Server})"));
        if (run.Loop is { } loop)
        {
            RunText.Line(b, "state", State(loop, zone) + (loop.Reason is { } reason ? " · " + reason : ""));
            RunText.Line(b, "prd", loop.Prd);
            RunText.Line(b, "checklist", Fraction(loop.Done, loop.Total) + " checked");
            RunText.Line(b, "iteration", Fraction(loop.Iteration, loop.Max));
            RunText.Line(b, "stall", Fraction(loop.NoProgress, loop.Stall) + " without progress · " + Count(loop.Waits, "limit wait"));
            if (loop.CheckedWithoutCommit > 0)
            {
                RunText.Line(b, "flagged", Count(loop.CheckedWithoutCommit, "iteration") + " " + LoopLabels.CheckedWithoutCommit);
            }
        }
        else
        {
            RunText.Line(b, "state", RunStates.Text(run.State));
        }

        RunText.Line(b, "agent", run.Agent);
        RunText.Line(b, "verify", run.Verify ?? "none given");
        RunText.Line(b, "started", Local(run.Started, zone) + (run.Ended is { } ended ? "  (" + Cards.Duration(ended - run.Started) + ")" : ""));
        if (run.Ended is { } end)
        {
            RunText.Line(b, "ended", Local(end, zone));
        }

        RunText.Line(b, "folder", run.RunDir);
        b.Append('\n');
        if (detail.Iterations.Count == 0)
        {
            b.Append("no iteration has started yet\n");
            return b.ToString();
        }

        var rows = detail.Iterations.Select(it => (IReadOnlyList<string>)
        [
            it.Number.ToString(CultureInfo.InvariantCulture),
            Started(it.Started, now, zone),
            Cards.Duration((it.Ended ?? now) - it.Started),
            it.Exit?.ToString() ?? (it.IsEnded ? "" : RunStates.Text(it.State)),
            LoopLabels.Flipped(it),
            it.Commits.Count.ToString(CultureInfo.InvariantCulture),
            LoopLabels.Verify(it),
            Note(it, zone),
        ]).ToList();
        var lines = Cli.Table.Format(["#", "STARTED", "DURATION", "EXIT", "CHECKED", "COMMITS", "VERIFY", "NOTE"], rows).Split('\n');
        b.Append(lines[0]).Append('\n');
        for (var i = 0; i < detail.Iterations.Count; i++)
        {
            b.Append(lines[i + 1]).Append('\n');
            var it = detail.Iterations[i];
            foreach (var item in it.Checked)
            {
                b.Append("    ☑ ").Append(RunText.Printable(item)).Append('\n');
            }

            foreach (var item in it.Unchecked)
            {
                b.Append("    ☐ ").Append(RunText.Printable(item)).Append('\n');
            }
        }

        return b.ToString();
    }

    /// <summary>A start time in <paramref name="zone"/>: <c>16:05</c> on the local day of <paramref name="now"/>, else
    /// <c>2026-11-27 16:05</c>.</summary>
    public static string Started(DateTimeOffset time, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : Local(time, zone);
    }

    /// <summary>The loop's state word; <c>waiting until 16:05</c> while waiting for a known reset.</summary>
    private static string State(LoopStatus loop, TimeZoneInfo zone) =>
        loop is { State: LoopState.Waiting, WaitingUntil: { } until }
            ? "waiting until " + LoopLabels.Clock(until, zone)
            : RunStates.Text(loop.State);

    /// <summary>An iteration's notes: <c>checked without commit</c>, the limit, <c>killed</c>, <c>interrupted</c>.</summary>
    private static string Note(IterationRecord it, TimeZoneInfo zone)
    {
        var notes = new List<string>(3);
        if (it.CheckedWithoutCommit)
        {
            notes.Add(LoopLabels.CheckedWithoutCommit);
        }

        if (LoopLabels.Limit(it, zone) is { } limit)
        {
            notes.Add(limit);
        }

        if (it.State is IterationState.Killed or IterationState.Interrupted)
        {
            notes.Add(RunStates.Text(it.State));
        }

        return string.Join(" · ", notes);
    }

    private static string Local(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Fraction(int part, int whole) =>
        part.ToString(CultureInfo.InvariantCulture) + "/" + whole.ToString(CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
