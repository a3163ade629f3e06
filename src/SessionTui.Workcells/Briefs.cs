using System.Globalization;
using System.Text;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells;

/// <summary>The text files of a run folder that are written at launch: <c>brief.md</c>, the <c>handoff.md</c> template,
/// <c>verify.sh</c>.</summary>
public static class Briefs
{
    /// <summary><c>brief.md</c>: the task, the repository's <c>SUPERVISOR.md</c> when there is one, what a resumed run
    /// carries over, and where the agent writes its handoff.</summary>
    public static string Brief(string name, RunFolder folder, string cwd, string task, string? verify, string? supervisor, string? resumeContext, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var b = new StringBuilder();
        b.Append("# Brief: ").Append(name).Append("\n\n");
        b.Append("Run `").Append(folder.RunId).Append("`, started ")
            .Append(started.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" in `").Append(cwd).Append("`.\n\n");
        b.Append("## Task\n\n").Append(task.TrimEnd()).Append("\n\n");
        if (resumeContext is not null)
        {
            b.Append(resumeContext.TrimEnd()).Append("\n\n");
        }

        if (supervisor is not null)
        {
            b.Append("## Supervisor rules (SUPERVISOR.md)\n\n").Append(supervisor.TrimEnd()).Append("\n\n");
        }

        b.Append("## When you stop\n\n");
        b.Append("- Commit your work. The run is judged from git (commits since launch, uncommitted changes");
        b.Append(verify is null ? ")" : ", and `" + verify + "` run in the working directory after you exit)");
        b.Append(", not from what you report.\n");
        b.Append("- Write your handoff to `").Append(folder.Handoff).Append("` (also in $SESSIONTUI_HANDOFF): fill in what is done, what is next, ");
        b.Append("the blockers, and how to verify. The next run starts from it.\n");
        return b.ToString();
    }

    /// <summary>The <c>handoff.md</c> template the agent fills in.</summary>
    public static string HandoffTemplate(string name, string runId) =>
        "# Handoff: " + name + " (" + runId + ")\n\n" +
        "## Done\n\n\n## Next\n\n\n## Blockers\n\n\n## How to verify\n\n";

    /// <summary>Whether <paramref name="handoff"/> says more than the template did.</summary>
    public static bool IsFilled(string handoff, string name, string runId) =>
        !string.Equals(Normalize(handoff), Normalize(HandoffTemplate(name, runId)), StringComparison.Ordinal);

    /// <summary><c>verify.sh</c>: the verify command line, with stderr folded into stdout.</summary>
    public static string VerifyScript(string runId, string verify) =>
        "#!/bin/sh\n# Verify command of run " + runId + ", run by sessiontui in the run's working directory after the agent exits.\nexec 2>&1\n" + verify + "\n";

    private static string Normalize(string text) => string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    /// <summary>What a resumed run is told about its parent: the outcome, the handoff, the verification, the diagnosis and
    /// what changed since the parent started.</summary>
    public static string ResumeContext(RunRecord parent, string? handoff)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var b = new StringBuilder();
        b.Append("## Resumed from run ").Append(parent.RunId).Append("\n\n");
        b.Append("That run (agent ").Append(parent.Agent).Append(") ended **").Append(RunStates.Text(parent.State)).Append("**");
        if (parent.Exit is { } exit)
        {
            b.Append(" (").Append(exit).Append(')');
        }

        b.Append(". Start from its handoff and from git, not from memory.\n\n");
        b.Append("### Its handoff\n\n").Append(handoff is null ? "It wrote none." : handoff.TrimEnd()).Append("\n\n");
        if (parent.Verification is { } v)
        {
            b.Append("### Its verification\n\n");
            b.Append("- Commits since its base: ").Append(v.Commits.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var c in v.Commits)
            {
                b.Append("  - ").Append(c.Sha.AsSpan(0, Math.Min(10, c.Sha.Length))).Append(' ').Append(c.Subject).Append('\n');
            }

            b.Append("- Uncommitted changes: ").Append(v.DiffStat.Length == 0 ? "none" : "\n\n```\n" + v.DiffStat + "\n```").Append('\n');
            b.Append("- Untracked files: ").Append(v.Untracked.Count == 0 ? "none" : string.Join(", ", v.Untracked)).Append('\n');
            if (v.ForbiddenChanges.Count > 0)
            {
                b.Append("- Forbidden paths changed (must be undone): ").Append(string.Join(", ", v.ForbiddenChanges)).Append('\n');
            }

            if (v.VerifyCommand is not null)
            {
                b.Append("- Verify `").Append(v.VerifyCommand).Append("`: ").Append(v.VerifyPassed == true ? "passed" : "failed, exit " + v.VerifyExit?.ToString(CultureInfo.InvariantCulture));
                if (v.VerifyPassed != true && !string.IsNullOrEmpty(v.VerifyTail))
                {
                    b.Append("\n\n```\n").Append(v.VerifyTail.TrimEnd()).Append("\n```");
                }

                b.Append('\n');
            }

            b.Append('\n');
        }

        if (parent.Diagnosis is { } d)
        {
            b.Append("### Diagnosis\n\n").Append(RunStates.Text(d.Mode)).Append(": ").Append(d.Evidence).Append("\n\n");
        }

        return b.ToString();
    }
}
