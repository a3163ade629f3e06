using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells.Loops;

/// <summary>What an iteration's prompt is made from (also its <c>context.json</c>).</summary>
/// <param name="Name">The loop's session name.</param>
/// <param name="Iteration">This iteration's number, 1-based.</param>
/// <param name="Max">The iteration limit.</param>
/// <param name="Prd">Absolute path of the checklist file.</param>
/// <param name="Done">Checked items now.</param>
/// <param name="Total">Items now.</param>
/// <param name="Next">The first unchecked items' texts (at most five).</param>
/// <param name="ProgressFile">Absolute path of <c>progress.md</c>.</param>
/// <param name="HandoffFile">Absolute path of this iteration's <c>handoff.md</c>.</param>
/// <param name="Verify">The verify command line, or null.</param>
/// <param name="Previous">The last ended iteration, or null for the first.</param>
/// <param name="PreviousHandoff">Its handoff text when it wrote one, or null.</param>
/// <param name="Extra">Markdown added after the rules (a pipeline stage's own prompt), or null.</param>
public sealed record LoopContext(
    string Name, int Iteration, int Max, string Prd, int Done, int Total, IReadOnlyList<string> Next, string ProgressFile, string HandoffFile,
    string? Verify, IterationRecord? Previous, string? PreviousHandoff, string? Extra);

/// <summary>The texts a loop writes: each iteration's prompt and its section of <c>progress.md</c>. Pure.</summary>
public static class LoopPrompt
{
    /// <summary>How many unchecked items the prompt lists.</summary>
    public const int NextItems = 5;

    private const int HandoffLimit = 8 * 1024;

    /// <summary>The prompt of one iteration (markdown): the checklist and its next items, the progress file, the last
    /// iteration's facts, verification and handoff, and the rules (one item, commit, then check it off, then hand off).</summary>
    public static string Prompt(LoopContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"# Loop {c.Name}: iteration {c.Iteration} of {c.Max}\n\n");
        b.Append("You are one iteration of a Ralph loop: a fresh start with no memory of earlier iterations. What earlier ")
            .Append("iterations did is in the files below and in git history (`git log`).\n\n");
        if (c.Extra is { Length: > 0 } extra)
        {
            b.Append(extra.TrimEnd()).Append("\n\n");
        }

        if (c.Prd.Length > 0)
        {
            b.Append("## The checklist\n\n")
                .Append(CultureInfo.InvariantCulture, $"`{c.Prd}`: {c.Done} of {c.Total} items checked. The next unchecked items:\n\n");
            foreach (var item in c.Next)
            {
                b.Append("- [ ] ").Append(item).Append('\n');
            }
        }

        b.Append(CultureInfo.InvariantCulture, $"\nWhat every earlier iteration did is summarised in `{c.ProgressFile}`.\n");
        if (c.Previous is { } p)
        {
            b.Append(CultureInfo.InvariantCulture, $"\n## The last iteration ({p.Number})\n\n{Summary(p)}\n");
            if (p.VerifyExit is { } ve && ve != 0 && p.VerifyTail is { } tail)
            {
                b.Append(CultureInfo.InvariantCulture, $"\nThe verify command failed (exit {ve}); fix that first. Its last lines:\n\n```\n{tail.TrimEnd()}\n```\n");
            }

            if (p.CheckedWithoutCommit)
            {
                b.Append("\nIt checked items without committing any work: that is not progress. Do the work, commit it, then check the item.\n");
            }

            if (c.PreviousHandoff is { Length: > 0 } handoff)
            {
                var text = handoff.Length > HandoffLimit ? handoff[..HandoffLimit] + "\n… (cut)" : handoff;
                b.Append("\nIts handoff:\n\n").Append(text.TrimEnd()).Append('\n');
            }
        }

        b.Append("\n## Rules\n\n");
        var rules = new List<string>();
        if (c.Prd.Length > 0)
        {
            rules.Add("Take the first unchecked item (or the one the others depend on) and do only that one.");
            rules.Add("Commit the work with git, with a clear message. An item checked without a commit does not count.");
            rules.Add($"Then check the item in `{c.Prd}` (`- [ ]` to `- [x]`) and commit that too. Do not edit the items' text.");
        }
        else
        {
            rules.Add("Do what the task above asks, and commit any change to the repository with git, with a clear message.");
        }

        rules.Add($"Before you stop, write a short handoff to `{c.HandoffFile}`: what you did, what is left, what the next iteration must know.");
        if (c.Verify is { } verify)
        {
            rules.Add($"After you, the loop runs `{verify}`; the work only counts as done when it passes.");
        }

        for (var n = 0; n < rules.Count; n++)
        {
            b.Append(CultureInfo.InvariantCulture, $"{n + 1}. {rules[n]}\n");
        }

        return b.ToString();
    }

    /// <summary>The iteration's <c>context.json</c>: the facts its prompt was made from (snake_case, the previous iteration by
    /// number; its record is in its own <c>status.json</c>).</summary>
    public static string ContextJson(LoopContext c, string promptFile)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNumber("iteration", c.Iteration);
            w.WriteNumber("max", c.Max);
            w.WriteString("prd", c.Prd);
            w.WriteNumber("done", c.Done);
            w.WriteNumber("total", c.Total);
            w.WriteStartArray("next");
            foreach (var item in c.Next)
            {
                w.WriteStringValue(item);
            }

            w.WriteEndArray();
            w.WriteString("prompt_file", promptFile);
            w.WriteString("progress_file", c.ProgressFile);
            w.WriteString("handoff_file", c.HandoffFile);
            w.WriteString("verify", c.Verify);
            if (c.Previous is { } p)
            {
                w.WriteNumber("previous_iteration", p.Number);
            }
            else
            {
                w.WriteNull("previous_iteration");
            }

            w.WriteBoolean("previous_handoff", c.PreviousHandoff is { Length: > 0 });
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>One iteration's section of <c>progress.md</c>: a heading with its number and times, then its facts.</summary>
    public static string ProgressSection(IterationRecord i, int max)
    {
        ArgumentNullException.ThrowIfNull(i);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"## Iteration {i.Number} of {max} ({i.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")
            .Append(i.Duration is { } d ? ", " + Cards.Duration(d) : "").Append(")\n\n")
            .Append(Summary(i)).Append('\n');
        foreach (var item in i.Checked)
        {
            b.Append("- [x] ").Append(item).Append('\n');
        }

        foreach (var item in i.Unchecked)
        {
            b.Append("- [ ] ").Append(item).Append(" (unchecked again)\n");
        }

        foreach (var commit in i.Commits)
        {
            b.Append("- commit ").Append(commit.Sha.AsSpan(0, Math.Min(10, commit.Sha.Length))).Append(' ').Append(commit.Subject).Append('\n');
        }

        return b.ToString();
    }

    /// <summary>One line of an iteration's facts: <c>exit 0 · checked 1 (☑ 3/8) · 1 commit · verify passed</c>, and its flags.</summary>
    public static string Summary(IterationRecord i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var parts = new List<string>
        {
            i.State switch
            {
                IterationState.Killed => "killed",
                IterationState.Interrupted => "interrupted (the loop runner stopped)",
                _ => i.Exit?.ToString() ?? RunStates.Text(i.State),
            },
            $"checked {i.Checked.Count} (☑ {i.DoneAfter}/{i.Total})",
            i.Commits.Count == 1 ? "1 commit" : $"{i.Commits.Count} commits",
        };
        if (i.VerifyExit is { } v)
        {
            parts.Add(v == 0 ? "verify passed" : $"verify failed (exit {v})");
        }

        if (i.CheckedWithoutCommit)
        {
            parts.Add("⚠ checked without a commit");
        }

        if (i.Limit is { } limit)
        {
            parts.Add(RunStates.Text(limit.Mode) + (limit.ResetsAt is { } r ? $" (resets {r.UtcDateTime:HH:mm}Z)" : ""));
        }

        return string.Join(" · ", parts);
    }
}
