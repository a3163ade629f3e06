using System.Globalization;
using System.Text;

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
}
