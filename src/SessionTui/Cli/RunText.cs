using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Cli;

/// <summary>The plain-text page of <c>runs show</c>.</summary>
public static class RunText
{
    /// <summary>One run: identity, state, command, times, brief, verification, diagnosis, handoff, last screen.</summary>
    public static string Detail(RunRecord run, string? brief, string? handoff, IReadOnlyList<string> children)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(children);
        var b = new StringBuilder();
        Line(b, "run", run.RunId);
        Line(b, "name", run.Name + (run.SessionId is null ? "" : $" ({run.SessionId} {run.PaneId} on {run.Server}, pid {run.Pid?.ToString(CultureInfo.InvariantCulture)})"));
        Line(b, "state", Summary(run));
        Line(b, "agent", run.Agent);
        Line(b, "command", string.Join(' ', run.Command.Select(Quote)));
        Line(b, "cwd", run.Cwd + (run.BaseCommit is { } baseCommit ? "  (base " + baseCommit[..Math.Min(12, baseCommit.Length)] + ")" : "  (not a git repository)"));
        Line(b, "started", Utc(run.Started));
        if (run.Ended is { } ended)
        {
            Line(b, "ended", Utc(ended) + "  (" + Cards.Duration(ended - run.Started) + ")");
        }

        Line(b, "folder", run.RunDir + (run.FolderRemoved is { } removed ? "  (removed by cleanup " + Utc(removed) + ")" : ""));
        if (run.ParentRunId is not null)
        {
            Line(b, "resumes", run.ParentRunId);
        }

        if (children.Count > 0)
        {
            Line(b, "resumed by", string.Join(", ", children));
        }

        if (run.Verification is { } v)
        {
            b.Append("\nverification\n");
            Line(b, "  commits", v.Git ? v.Commits.Count.ToString(CultureInfo.InvariantCulture) : "(not a git repository)");
            foreach (var c in v.Commits)
            {
                b.Append("    ").Append(c.Sha.AsSpan(0, Math.Min(10, c.Sha.Length))).Append(' ').Append(c.Subject).Append('\n');
            }

            if (v.Git)
            {
                Line(b, "  changes", v.DiffStat.Length == 0 ? "none uncommitted" : "uncommitted:");
                if (v.DiffStat.Length > 0)
                {
                    b.Append(Indent(v.DiffStat, "    "));
                }

                Line(b, "  untracked", v.Untracked.Count == 0 ? "none" : string.Join(", ", v.Untracked));
            }

            if (v.ForbiddenChanges.Count > 0)
            {
                Line(b, "  forbidden", string.Join(", ", v.ForbiddenChanges) + "  ✗");
            }

            if (v.VerifyCommand is not null)
            {
                Line(b, "  verify", "`" + v.VerifyCommand + "` " + (v.VerifyPassed == true ? "passed ✓" : "failed ✗ (exit " + v.VerifyExit?.ToString(CultureInfo.InvariantCulture) + ")"));
                if (!string.IsNullOrEmpty(v.VerifyTail))
                {
                    b.Append(Indent(v.VerifyTail.TrimEnd(), "    | "));
                }
            }
            else
            {
                Line(b, "  verify", "none given");
            }

            if (v.Error is not null)
            {
                Line(b, "  problem", v.Error);
            }
        }

        if (run.Diagnosis is { } d)
        {
            b.Append("\ndiagnosis\n");
            Line(b, "  looks like", RunStates.Text(d.Mode) + (d.ResetsAt is { } reset ? " (resets " + Utc(reset) + ")" : ""));
            Line(b, "  because", d.Evidence);
            Line(b, "  next", d.NextStep);
        }

        if (run.OnExit is not null)
        {
            Line(b, "\non-exit", "`" + run.OnExit + "`" + (run.OnExitStatus is { } s ? " exit " + s.ToString(CultureInfo.InvariantCulture) : " (not run yet)"));
        }

        Section(b, "brief", brief);
        Section(b, "handoff", handoff);
        Section(b, "last screen", run.LastScreen);
        return b.ToString();
    }

    /// <summary>One line for a run's state: <c>succeeded · exit 0 · +2 commits · verify ✓</c>.</summary>
    public static string Summary(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var parts = new List<string> { RunStates.Text(run.State) };
        if (run.Exit is { } exit)
        {
            parts.Add(exit.ToString());
        }

        if (run.Verification is { } v)
        {
            if (v.Git)
            {
                parts.Add("+" + v.Commits.Count.ToString(CultureInfo.InvariantCulture) + (v.Commits.Count == 1 ? " commit" : " commits"));
            }

            if (v.VerifyPassed is { } passed)
            {
                parts.Add(passed ? "verify ✓" : "verify ✗");
            }

            if (v.ForbiddenChanges.Count > 0)
            {
                parts.Add("forbidden path ✗");
            }
        }

        return string.Join(" · ", parts);
    }

    /// <summary>UTC time as <c>2026-11-28 09:42:10Z</c>.</summary>
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Every line of <paramref name="text"/> indented, with a final newline.</summary>
    public static string Indent(string text, string prefix = "  ")
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.ReplaceLineEndings("\n").Split('\n').Select(l => prefix + Printable(l) + "\n"));
    }

    private static void Section(StringBuilder b, string title, string? text)
    {
        b.Append('\n').Append(title).Append('\n');
        b.Append(string.IsNullOrWhiteSpace(text) ? "  (none)\n" : Indent(text.TrimEnd()));
    }

    /// <summary>Appends <c>key</c> padded to 11 columns, a space and <paramref name="value"/> made printable, then a newline.</summary>
    internal static void Line(StringBuilder b, string key, string value) =>
        b.Append(key.PadRight(11)).Append(' ').Append(Printable(value)).Append('\n');

    /// <summary><paramref name="s"/> with control characters other than tab replaced by <c>?</c>.</summary>
    internal static string Printable(string s) => string.Concat(s.Select(c => char.IsControl(c) && c != '\t' ? '?' : c));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@%+,".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal).ReplaceLineEndings("\\n") + "'";
}
