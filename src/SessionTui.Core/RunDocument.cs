using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>Everything the run detail shows: the record and the files of its run folder.</summary>
/// <param name="Run">The run, as the database holds it now.</param>
/// <param name="Brief"><c>brief.md</c>, or null when it cannot be read.</param>
/// <param name="Handoff"><c>handoff.md</c> (or the handoff the database kept), or null.</param>
/// <param name="Parent">The run this one resumed, or null.</param>
/// <param name="Children">Runs that resumed this one, oldest first.</param>
public sealed record RunReport(RunRecord Run, string? Brief, string? Handoff, RunRecord? Parent, ImmutableArray<RunRecord> Children)
{
    /// <summary>A loop's iterations (<see cref="IRunStore.ListIterations"/>), by stage then number; empty for a plain run.</summary>
    public ImmutableArray<IterationRecord> Iterations { get; init; } = [];
}

/// <summary>How a piece of the run detail is drawn; the view maps each to a theme slot.</summary>
public enum DocStyle
{
    /// <summary>Body text.</summary>
    Text,

    /// <summary>A section title of the detail (Brief, Handoff, Verification…).</summary>
    Section,

    /// <summary>A markdown heading.</summary>
    Heading,

    /// <summary><c>**strong**</c> text.</summary>
    Strong,

    /// <summary>Code: <c>`inline`</c>, fenced blocks, screens, logs.</summary>
    Code,

    /// <summary>Secondary text: labels, list bullets, quotes.</summary>
    Meta,

    /// <summary>Something that passed.</summary>
    Good,

    /// <summary>Something that failed.</summary>
    Bad,

    /// <summary>Something to look at that has not failed (an item checked without a commit, a limit).</summary>
    Warning,
}

/// <summary>One styled piece of a line.</summary>
/// <param name="Text">The text (no control characters, no escapes).</param>
/// <param name="Style">How it is drawn.</param>
public readonly record struct DocSpan(string Text, DocStyle Style);

/// <summary>One line of the run detail, already wrapped to the view's width.</summary>
/// <param name="Spans">Its pieces, left to right.</param>
public sealed record DocLine(ImmutableArray<DocSpan> Spans)
{
    /// <summary>The blank line.</summary>
    public static DocLine Blank { get; } = new([]);

    /// <summary>For a line that stands for one item of a list the detail lets you select (a loop's iteration): the item's
    /// index in its list; null for other lines.</summary>
    public int? Item { get; init; }

    /// <summary>The line as plain text.</summary>
    public override string ToString() => string.Concat(Spans.Select(s => s.Text));
}

/// <summary>
/// The run detail as lines: a summary, <c>brief.md</c> and <c>handoff.md</c> rendered from markdown (headings, lists,
/// quotes, fenced code, <c>`code`</c> and <c>**strong**</c>; other markup is shown as written), the verification, the
/// diagnosis, the parent and children, and the last screen; wrapped at words to a width measured in terminal cells. A
/// loop's detail has its progress and its iterations (one selectable line each) after the summary, and shows the brief,
/// handoff and verification only when it has them.
/// </summary>
public static partial class RunDocument
{
    private const string Bullet = "• ";

    /// <summary>The lines of <paramref name="detail"/> wrapped to <paramref name="width"/> cells as
    /// <paramref name="measure"/> counts them (code and screens are not wrapped: the view crops them); clock times of a loop
    /// (limit resets) in <paramref name="zone"/>.</summary>
    public static ImmutableArray<DocLine> Build(RunReport detail, int width, Func<string, int> measure, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(measure);
        var doc = new Writer(Math.Max(10, width), measure);
        var run = detail.Run;
        Field(doc, "run", run.RunId);
        Field(doc, "agent", run.Agent);
        Field(doc, "started", Time(run.Started) + (run.Ended is { } ended ? " · ended " + Time(ended) + " · took " + Cards.Duration(ended - run.Started) : ""));
        if (run.Exit is { } exit)
        {
            Field(doc, "process", exit.ToString());
        }

        Field(doc, "cwd", run.Cwd);
        Field(doc, "server", run.Server + (run.SessionId is { } sid ? " · session " + sid : ""));
        Field(doc, "command", string.Join(' ', run.Command.Select(Quote)));
        if (detail.Parent is { } parent)
        {
            Field(doc, "parent", parent.RunId + " · " + RunStates.Text(parent.State));
        }
        else if (run.ParentRunId is { } parentId)
        {
            Field(doc, "parent", parentId);
        }

        foreach (var child in detail.Children)
        {
            Field(doc, "child", child.RunId + " · " + RunStates.Text(child.State));
        }

        var plain = run.Loop is null;
        if (run.Loop is { } loop)
        {
            Loop(doc, loop, zone);
            Iterations(doc, detail.Iterations, zone);
        }

        if (plain || detail.Brief is not null)
        {
            Section(doc, "Brief");
            Markdown(doc, detail.Brief, "brief.md could not be read.");
        }

        if (plain || detail.Handoff is not null)
        {
            Section(doc, "Handoff");
            Markdown(doc, detail.Handoff, "No handoff was written.");
        }

        if (plain || run.Verification is not null)
        {
            Section(doc, "Verification");
            Verification(doc, run);
        }

        if (run.Diagnosis is { } diagnosis)
        {
            Section(doc, "Diagnosis");
            Diagnosis(doc, diagnosis, null);
        }

        Section(doc, "Last screen");
        Tail(doc, run.LastScreen, "No screen was captured.");
        return doc.Lines.ToImmutable();
    }

    /// <summary>The fields of a diagnosis: mode, evidence, next step, and the reset time (UTC, and in <paramref name="zone"/>
    /// as <c>HH:mm</c> when given).</summary>
    private static void Diagnosis(Writer doc, Diagnosis diagnosis, TimeZoneInfo? zone)
    {
        Field(doc, "mode", RunStates.Text(diagnosis.Mode));
        Field(doc, "evidence", diagnosis.Evidence);
        Field(doc, "next step", diagnosis.NextStep);
        if (diagnosis.ResetsAt is { } resets)
        {
            Field(doc, "resets", Time(resets) + (zone is null ? "" : " (" + LoopLabels.Clock(resets, zone) + " here)"));
        }
    }

    /// <summary>A screen or output tail as code lines without escapes (trailing blank lines dropped), or
    /// <paramref name="missing"/> when there is none (nothing when that is null).</summary>
    private static void Tail(Writer doc, string? text, string? missing)
    {
        if (text is { } screen && screen.Trim().Length > 0)
        {
            foreach (var line in ScreenText.Lines(Ansi.Strip(screen)))
            {
                doc.Code(line);
            }
        }
        else if (missing is not null)
        {
            doc.Wrapped([new(missing, DocStyle.Meta)]);
        }
    }

    /// <summary>A commit as <c>  sha subject</c>, the hash cut to <paramref name="shaLength"/> characters.</summary>
    private static void Commit(Writer doc, CommitInfo commit, int shaLength) =>
        doc.Wrapped([new("  ", DocStyle.Text), new(commit.Sha[..Math.Min(shaLength, commit.Sha.Length)], DocStyle.Code), new(" " + Clean(commit.Subject), DocStyle.Text)], "          ");

    private static void Verification(Writer doc, RunRecord run)
    {
        if (run.Verification is not { } v)
        {
            doc.Wrapped([new(run.IsEnded ? "Not verified." : "Verification runs after the agent exits.", DocStyle.Meta)]);
            return;
        }

        if (!v.Git)
        {
            doc.Wrapped([new("Not a git repository.", DocStyle.Meta)]);
        }
        else
        {
            Field(doc, "commits", v.Commits.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var commit in v.Commits)
            {
                Commit(doc, commit, 7);
            }

            if (v.DiffStat.Length > 0)
            {
                Field(doc, "uncommitted", "");
                foreach (var line in v.DiffStat.Split('\n').Where(l => l.Trim().Length > 0))
                {
                    doc.Code(line);
                }
            }

            if (v.Untracked.Count > 0)
            {
                Field(doc, "untracked", string.Join(", ", v.Untracked));
            }

            if (v.ForbiddenChanges.Count > 0)
            {
                doc.Wrapped([new("forbidden  ", DocStyle.Meta), new(string.Join(", ", v.ForbiddenChanges.Select(Clean)), DocStyle.Bad)], "           ");
            }
        }

        if (v.VerifyCommand is { } command)
        {
            var passed = v.VerifyPassed == true;
            doc.Wrapped([new("verify     ", DocStyle.Meta), new(Clean(command), DocStyle.Code),
                new(v.VerifyExit is { } code ? " → exit " + code.ToString(CultureInfo.InvariantCulture) + (passed ? " ✓" : " ✗") : " → did not run", passed ? DocStyle.Good : DocStyle.Bad)], "           ");
            if (v.VerifyTail is { } tail)
            {
                Tail(doc, tail, null);
            }
        }

        if (v.Error is { } error)
        {
            doc.Wrapped([new("problem    ", DocStyle.Meta), new(Clean(error), DocStyle.Bad)], "           ");
        }
    }

    private static void Field(Writer doc, string label, string value) =>
        doc.Wrapped([new(label.PadRight(10) + " ", DocStyle.Meta), new(Clean(value), DocStyle.Text)], new string(' ', 11));

    private static void Section(Writer doc, string title)
    {
        doc.Blank();
        doc.Line([new("── " + title + " ", DocStyle.Section), new(new string('─', Math.Max(0, doc.Width - title.Length - 4)), DocStyle.Meta)]);
        doc.Blank();
    }

    /// <summary>Renders a markdown subset line by line.</summary>
    private static void Markdown(Writer doc, string? text, string missing)
    {
        if (text is null || text.Trim().Length == 0)
        {
            doc.Wrapped([new(missing, DocStyle.Meta)]);
            return;
        }

        var fenced = false;
        var comment = false;
        foreach (var raw in text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                doc.Code(line);
                continue;
            }

            if (comment || trimmed.StartsWith("<!--", StringComparison.Ordinal))
            {
                comment = !trimmed.Contains("-->", StringComparison.Ordinal);
                continue;
            }

            if (trimmed.Length == 0)
            {
                doc.Blank();
                continue;
            }

            var indent = new string(' ', Math.Min(8, line.Length - trimmed.Length));
            if (Heading(trimmed) is { } heading)
            {
                doc.Blank();
                doc.Wrapped([new(heading, DocStyle.Heading)]);
                continue;
            }

            if (ListMarker(trimmed) is { } marker)
            {
                var rest = trimmed[marker.Length..].TrimStart();
                var shown = char.IsDigit(marker[0]) ? marker.TrimEnd() + " " : Bullet;
                doc.Wrapped([new(indent + shown, DocStyle.Meta), .. Inline(rest, DocStyle.Text)], indent + new string(' ', shown.Length));
                continue;
            }

            if (trimmed.StartsWith('>'))
            {
                doc.Wrapped([new(indent + "│ ", DocStyle.Meta), .. Inline(trimmed[1..].TrimStart(), DocStyle.Meta)], indent + "│ ");
                continue;
            }

            if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                doc.Code(line);
                continue;
            }

            doc.Wrapped([new(indent, DocStyle.Text), .. Inline(trimmed, DocStyle.Text)], indent);
        }
    }

    private static string? Heading(string line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        return level is >= 1 and <= 6 && level < line.Length && line[level] == ' ' ? Clean(line[(level + 1)..].Trim().TrimEnd('#').TrimEnd()) : null;
    }

    private static string? ListMarker(string line)
    {
        if (line.Length >= 2 && line[0] is '-' or '*' or '+' && line[1] == ' ')
        {
            return line[..2];
        }

        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits is > 0 and < 4 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ' ? line[..(digits + 2)] : null;
    }

    /// <summary><c>`code`</c> and <c>**strong**</c> (or <c>__strong__</c>) in <paramref name="text"/>; the rest in
    /// <paramref name="style"/>.</summary>
    private static List<DocSpan> Inline(string text, DocStyle style)
    {
        var spans = new List<DocSpan>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '`' && text.IndexOf('`', i + 1) is var end && end > i)
            {
                Flush();
                spans.Add(new(Clean(text[(i + 1)..end]), DocStyle.Code));
                i = end + 1;
            }
            else if ((text.AsSpan(i).StartsWith("**") || text.AsSpan(i).StartsWith("__")) && text.IndexOf(text.Substring(i, 2), i + 2, StringComparison.Ordinal) is var close && close > i + 2)
            {
                Flush();
                spans.Add(new(Clean(text[(i + 2)..close]), DocStyle.Strong));
                i = close + 2;
            }
            else
            {
                plain.Append(text[i]);
                i++;
            }
        }

        Flush();
        return spans;

        void Flush()
        {
            if (plain.Length > 0)
            {
                spans.Add(new(Clean(plain.ToString()), style));
                plain.Clear();
            }
        }
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@' or '{' or '}')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Text without escapes and control characters (a tab becomes a space, other controls are dropped).</summary>
    private static string Clean(string text)
    {
        var stripped = Ansi.Strip(text);
        if (!stripped.Any(char.IsControl))
        {
            return stripped;
        }

        var kept = new StringBuilder(stripped.Length);
        foreach (var c in stripped)
        {
            if (c == '\t' || c == '\n')
            {
                kept.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    /// <summary>Collects lines, wrapping at words.</summary>
    private sealed class Writer(int width, Func<string, int> measure)
    {
        public int Width { get; } = width;

        public ImmutableArray<DocLine>.Builder Lines { get; } = ImmutableArray.CreateBuilder<DocLine>();

        public void Line(IEnumerable<DocSpan> spans) => Lines.Add(new DocLine([.. spans.Where(s => s.Text.Length > 0)]));

        /// <summary>A line that stands for item <paramref name="index"/> of a selectable list, cropped by the view.</summary>
        public void Item(int index, IEnumerable<DocSpan> spans) =>
            Lines.Add(new DocLine([.. spans.Where(s => s.Text.Length > 0)]) { Item = index });

        /// <summary>Width of <paramref name="text"/> in cells.</summary>
        public int Measure(string text) => measure(text);

        /// <summary>A blank line, unless the last line already is one (or there is none yet).</summary>
        public void Blank()
        {
            if (Lines.Count > 0 && Lines[^1].Spans.Length > 0)
            {
                Lines.Add(DocLine.Blank);
            }
        }

        /// <summary>A line of code or screen, cropped by the view rather than wrapped.</summary>
        public void Code(string line) => Line([new("  " + Clean(line), DocStyle.Code)]);

        /// <summary>Spans wrapped at spaces to <see cref="Width"/>; continuation lines start with <paramref name="hang"/>.</summary>
        public void Wrapped(IReadOnlyList<DocSpan> spans, string hang = "")
        {
            var line = new List<DocSpan>();
            var used = 0;
            var hangWidth = measure(hang);
            foreach (var span in spans)
            {
                foreach (var token in Tokens(span.Text))
                {
                    var w = measure(token);
                    if (used + w > Width && used > hangWidth)
                    {
                        Line(Merge(line));
                        line.Clear();
                        used = 0;
                        if (hang.Length > 0)
                        {
                            line.Add(new(hang, DocStyle.Meta));
                            used = hangWidth;
                        }

                        if (token == " ")
                        {
                            continue;
                        }
                    }

                    var piece = token;
                    while (used + measure(piece) > Width && piece.Length > 1)
                    {
                        var fit = Fit(piece, Math.Max(1, Width - used));
                        line.Add(new(piece[..fit], span.Style));
                        Line(Merge(line));
                        line.Clear();
                        line.Add(new(hang, DocStyle.Meta));
                        used = hangWidth;
                        piece = piece[fit..];
                    }

                    line.Add(new(piece, span.Style));
                    used += measure(piece);
                }
            }

            Line(Merge(line));
        }

        /// <summary>How many chars of <paramref name="text"/> fit in <paramref name="cells"/> (at least one text element).</summary>
        private int Fit(string text, int cells)
        {
            var e = StringInfo.GetTextElementEnumerator(text);
            var fit = 0;
            while (e.MoveNext())
            {
                var next = e.ElementIndex + ((string)e.Current).Length;
                if (measure(text[..next]) > cells)
                {
                    break;
                }

                fit = next;
            }

            return fit == 0 ? Math.Min(text.Length, StringInfo.GetNextTextElementLength(text)) : fit;
        }

        private static IEnumerable<string> Tokens(string text)
        {
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == ' ')
                {
                    if (i > start)
                    {
                        yield return text[start..i];
                    }

                    yield return " ";
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                yield return text[start..];
            }
        }

        private static List<DocSpan> Merge(List<DocSpan> spans)
        {
            var merged = new List<DocSpan>();
            foreach (var s in spans)
            {
                if (merged.Count > 0 && merged[^1].Style == s.Style)
                {
                    merged[^1] = new(merged[^1].Text + s.Text, s.Style);
                }
                else
                {
                    merged.Add(s);
                }
            }

            if (merged.Count > 0 && merged[^1].Text.EndsWith(' '))
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text.TrimEnd() };
            }

            return merged;
        }
    }
}
