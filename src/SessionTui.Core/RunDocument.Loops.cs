using System.Collections.Immutable;
using System.Globalization;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>The loop parts of the run detail: a loop's progress, its iterations (one selectable line each), and one
/// iteration in full.</summary>
public static partial class RunDocument
{
    private const string Gap = "  ";

    /// <summary>
    /// One iteration of a loop as lines wrapped to <paramref name="width"/> cells: its number and state, times, exit,
    /// command (when it started one), checklist counts, the items it checked and unchecked, its commits and diff stat, the verify command's exit
    /// and tail, the limit it hit, and the tail of its output. Times are UTC; a limit's reset also in
    /// <paramref name="zone"/>.
    /// </summary>
    /// <param name="run">The loop's run (its <see cref="RunRecord.Loop"/> gives the iteration limit).</param>
    /// <param name="iteration">The iteration.</param>
    /// <param name="width">Columns of text.</param>
    /// <param name="measure">Width of a text in terminal cells.</param>
    /// <param name="zone">The zone of clock times.</param>
    public static ImmutableArray<DocLine> BuildIteration(RunRecord run, IterationRecord iteration, int width, Func<string, int> measure, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(iteration);
        ArgumentNullException.ThrowIfNull(measure);
        var doc = new Writer(Math.Max(10, width), measure);
        var of = run.Loop is { } loop ? " of " + Number(loop.Max) : "";
        Field(doc, "iteration", Number(iteration.Number) + of + " · " + RunStates.Text(iteration.State));
        if (iteration.Stage.Length > 0)
        {
            Field(doc, "stage", iteration.Stage);
        }

        Field(doc, "started", Time(iteration.Started) + (iteration.Ended is { } ended ? " · ended " + Time(ended) + " · took " + Cards.Duration(ended - iteration.Started) : ""));
        Field(doc, "process", LoopLabels.Exit(iteration));
        if (iteration.Command.Count > 0)
        {
            Field(doc, "command", string.Join(' ', iteration.Command.Select(Quote)));
        }

        Field(doc, "checklist", "☑ " + Number(iteration.DoneBefore) + " → " + Number(iteration.DoneAfter) + " of " + Number(iteration.Total));
        if (iteration.CheckedWithoutCommit)
        {
            doc.Wrapped([new("⚠ " + LoopLabels.CheckedWithoutCommit + ": an item was checked, but nothing was committed or changed", DocStyle.Warning)]);
        }

        Section(doc, "Items");
        foreach (var item in iteration.Checked)
        {
            doc.Wrapped([new("☑ ", DocStyle.Good), new(Clean(item), DocStyle.Text)], Gap);
        }

        foreach (var item in iteration.Unchecked)
        {
            doc.Wrapped([new("☐ ", DocStyle.Bad), new(Clean(item), DocStyle.Text)], Gap);
        }

        if (iteration.Checked.Count + iteration.Unchecked.Count == 0)
        {
            doc.Wrapped([new("No item was checked or unchecked.", DocStyle.Meta)]);
        }

        Section(doc, "Commits");
        Field(doc, "commits", Number(iteration.Commits.Count) + (iteration.Changed ? "" : " · nothing changed"));
        foreach (var commit in iteration.Commits)
        {
            Commit(doc, commit, 10);
        }

        if (iteration.DiffStat.Trim().Length > 0)
        {
            Field(doc, "diff", "");
            Tail(doc, iteration.DiffStat, null);
        }

        Section(doc, "Verify");
        if (iteration.VerifyExit is { } code)
        {
            doc.Wrapped([new("verify     ", DocStyle.Meta), new("exit " + Number(code) + (code == 0 ? " ✓" : " ✗"), code == 0 ? DocStyle.Good : DocStyle.Bad)]);
            Tail(doc, iteration.VerifyTail, null);
        }
        else
        {
            doc.Wrapped([new("No verify command ran.", DocStyle.Meta)]);
        }

        if (iteration.Limit is { } limit)
        {
            Section(doc, "Limit");
            Diagnosis(doc, limit, zone);
        }

        Section(doc, "Output");
        Tail(doc, iteration.OutputTail, "No output was kept.");
        return doc.Lines.ToImmutable();
    }

    /// <summary>The loop's progress: checklist, iteration, state and reason, stall count and waits, items checked without a
    /// commit, and the checklist file.</summary>
    private static void Loop(Writer doc, LoopStatus loop, TimeZoneInfo zone)
    {
        Section(doc, "Loop");
        Field(doc, "checklist", LoopLabels.Checklist(loop.Done, loop.Total) + " " + LoopLabels.Bar(loop.Done, loop.Total, LoopLabels.BarCells));
        Field(doc, "iteration", Number(loop.Iteration) + "/" + Number(loop.Max));
        var (state, tone) = LoopLabels.State(loop, zone);
        doc.Wrapped([new("state".PadRight(10) + " ", DocStyle.Meta), new(state, Style(tone)), new(loop.Reason is { } reason ? " · " + Clean(reason) : "", DocStyle.Text)], new string(' ', 11));
        Field(doc, "stall", Number(loop.NoProgress) + "/" + Number(loop.Stall) + " without progress · " + Number(loop.Waits) + (loop.Waits == 1 ? " limit wait" : " limit waits"));
        if (loop.CheckedWithoutCommit > 0)
        {
            doc.Wrapped([new("warning".PadRight(10) + " ", DocStyle.Meta), new("⚠ " + Number(loop.CheckedWithoutCommit) + " " + LoopLabels.CheckedWithoutCommit, DocStyle.Warning)], new string(' ', 11));
        }

        Field(doc, "prd", loop.Prd);
    }

    /// <summary>One line per iteration, oldest first, in aligned columns: number, exit, items flipped, commits, verify,
    /// duration, then the flags (checked without commit, a limit). Each line is selectable (<see cref="DocLine.Item"/>).</summary>
    private static void Iterations(Writer doc, ImmutableArray<IterationRecord> iterations, TimeZoneInfo zone)
    {
        Section(doc, "Iterations");
        if (iterations.IsEmpty)
        {
            doc.Wrapped([new("No iteration has started yet.", DocStyle.Meta)]);
            return;
        }

        var rows = iterations.Select(it => Columns(it, zone)).ToList();
        var widths = Enumerable.Range(0, rows[0].Count - 1).Select(c => rows.Max(r => doc.Measure(r[c].Text))).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var spans = new List<DocSpan>();
            for (var c = 0; c < widths.Count; c++)
            {
                if (widths[c] == 0)
                {
                    continue;
                }

                var cell = rows[i][c];
                var pad = new string(' ', widths[c] - doc.Measure(cell.Text));
                spans.Add(c is 0 or 5 ? new(pad + cell.Text, cell.Style) : new(cell.Text + pad, cell.Style));
                spans.Add(new(Gap, DocStyle.Text));
            }

            spans.Add(rows[i][^1]);
            doc.Item(i, TrimEnd(spans));
        }
    }

    /// <summary>The cells of an iteration's line: number, exit, flipped, commits, verify, duration (right-aligned: the first
    /// and the sixth), and the notes.</summary>
    private static List<DocSpan> Columns(IterationRecord it, TimeZoneInfo zone)
    {
        var exit = LoopLabels.Exit(it);
        var exitStyle = it.State is IterationState.Killed or IterationState.Interrupted || it.Exit is { Signal: not null } or { Status: not 0 }
            ? DocStyle.Bad
            : it.Exit is null ? DocStyle.Meta : DocStyle.Text;
        var verify = LoopLabels.Verify(it);
        var notes = new List<string>(2);
        if (it.CheckedWithoutCommit)
        {
            notes.Add("⚠ " + LoopLabels.CheckedWithoutCommit);
        }

        if (LoopLabels.Limit(it, zone) is { } limit)
        {
            notes.Add(limit);
        }

        return
        [
            new("#" + Number(it.Number), DocStyle.Meta),
            new(exit, exitStyle),
            new(LoopLabels.Flipped(it), DocStyle.Text),
            new(LoopLabels.Commits(it.Commits.Count), it.Commits.Count > 0 ? DocStyle.Text : DocStyle.Meta),
            new("verify " + verify, verify == "✓" ? DocStyle.Good : verify == "✗" ? DocStyle.Bad : DocStyle.Meta),
            new(LoopLabels.Duration(it), DocStyle.Meta),
            new(string.Join(" · ", notes), DocStyle.Warning),
        ];
    }

    /// <summary>Spans without the trailing blanks of the last ones.</summary>
    private static List<DocSpan> TrimEnd(List<DocSpan> spans)
    {
        while (spans.Count > 0 && spans[^1].Text.TrimEnd().Length == 0)
        {
            spans.RemoveAt(spans.Count - 1);
        }

        if (spans.Count > 0)
        {
            spans[^1] = spans[^1] with { Text = spans[^1].Text.TrimEnd() };
        }

        return spans;
    }

    /// <summary>The doc style of a run or loop tone.</summary>
    private static DocStyle Style(RunTone tone) => tone switch
    {
        RunTone.Good => DocStyle.Good,
        RunTone.Bad => DocStyle.Bad,
        RunTone.Waiting => DocStyle.Warning,
        _ => DocStyle.Text,
    };

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
