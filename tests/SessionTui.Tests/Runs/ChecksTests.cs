using SessionTui.Core.Runs;
using SessionTui.Workcells.Checks;

namespace SessionTui.Tests.Runs;

public sealed class ChecksTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly RunRecord Run = new(
        "20261128-094210-api", "api", "/s", "workcells", "/src/api", ["/bin/a"], "a", "t", null, null, [], null, null, "/r", RunState.Failed, Now);

    private static readonly Verification Clean = new(true, "h", [], "", [], [], null, null, null, null);

    [Theory]
    [InlineData("secrets/**", "secrets/prod.key", true)]
    [InlineData("secrets/**", "app/secrets/prod.key", false)]
    [InlineData("*.pem", "deep/down/server.pem", true)]
    [InlineData("*.pem", "server.pem.txt", false)]
    [InlineData("infra/prod/", "infra/prod/main.tf", true)]
    [InlineData("infra/prod/", "infra/production.tf", false)]
    [InlineData("/Makefile", "Makefile", true)]
    [InlineData("/Makefile", "sub/Makefile", false)]
    [InlineData("Secrets/**", "secrets/x", false)]
    [InlineData("docs/*.md", "docs/a b 日本.md", true)]
    public void Forbidden_path_globs_match_like_gitignore(string glob, string path, bool forbidden) =>
        Assert.Equal(forbidden, new ForbiddenPathRules("# a comment\n\n" + glob + "\n", []).Matching([path]).Count == 1);

    [Fact]
    public void Forbidden_path_rules_combine_the_file_and_the_configuration()
    {
        var rules = new ForbiddenPathRules("a/**\n", ["*.key"]);
        Assert.Equal(["a/x", "b/c.key"], rules.Matching(["a/x", "b/c.key", "b/c.txt"]));
        Assert.Empty(new ForbiddenPathRules("", []).Matching(["anything"]));
    }

    [Fact]
    public void The_claude_usage_limit_sample_is_a_rate_limit_resetting_at_4pm_berlin()
    {
        var d = Diagnose(Sample("claude-usage-limit.txt"));

        Assert.Equal(FailureMode.RateLimit, d!.Mode);
        Assert.Contains("hit your session limit", d.Evidence, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), d.ResetsAt);
        Assert.Contains("2026-11-28 15:00 UTC", d.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gemini_quota_dialog_is_a_rate_limit_resetting_at_4_30_pm_pacific()
    {
        var d = Diagnose(Sample("gemini-usage-limit.txt"));

        Assert.Equal(FailureMode.RateLimit, d!.Mode);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 30, 0, TimeSpan.Zero), d.ResetsAt);
    }

    [Fact]
    public void The_claude_401_sample_is_an_auth_failure()
    {
        var d = Diagnose(Sample("claude-auth-401.txt"));

        Assert.Equal(FailureMode.AuthFailure, d!.Mode);
        Assert.Contains("login", d.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_quoted_in_tool_output_and_prose_do_not_flip_the_diagnosis()
    {
        var d = Diagnose(Sample("claude-negative-quoted-markers.txt"));

        Assert.Equal(FailureMode.PartialCompletion, d!.Mode);
    }

    [Theory]
    [InlineData("You've hit your limit · resets 10pm (America/New_York)", "2026-11-29T03:00:00Z")]
    [InlineData("5-hour limit reached ∙ resets 9pm", "2026-11-28T21:00:00Z")]
    [InlineData("■ You've hit your usage limit. Try again at 3:51 PM.", "2026-11-28T15:51:00Z")]
    [InlineData("■ You've hit your usage limit. Try again in 4 days 20 hours 9 minutes.", "2026-12-03T08:09:00Z")]
    [InlineData("You're out of extra usage · resets in: 3 hours", "2026-11-28T15:00:00Z")]
    [InlineData("Claude AI usage limit reached|1760004000", "2025-10-09T10:00:00Z")]
    [InlineData("resets 11am", "2026-11-29T11:00:00Z")]
    public void Reset_times_are_read_in_every_wording(string line, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FailureDiagnosis.ResetTime(line, Now, TimeZoneInfo.Utc));

    [Fact]
    public void Uncommitted_changes_after_a_failure_are_a_dirty_repository_and_commits_alone_a_partial_completion()
    {
        var dirty = Clean with { DiffStat = " a.txt | 1 +", Commits = [new CommitInfo("h", "s")] };
        var partial = Clean with { Commits = [new CommitInfo("h", "s")] };

        Assert.Equal(FailureMode.DirtyRepository, FailureDiagnosis.Diagnose(RunState.Failed, new RunExit(1, null), dirty, "", Run, Now, TimeZoneInfo.Utc)!.Mode);
        var d = FailureDiagnosis.Diagnose(RunState.Failed, new RunExit(1, null), partial, "", Run, Now, TimeZoneInfo.Utc)!;
        Assert.Equal((FailureMode.PartialCompletion, "exit 1, 1 commit"), (d.Mode, d.Evidence));
        Assert.Equal("sessiontui resume 20261128-094210-api", d.NextStep[^"sessiontui resume 20261128-094210-api".Length..]);
    }

    [Fact]
    public void Successes_and_no_ops_need_no_diagnosis_and_vanished_runs_always_get_one()
    {
        Assert.Null(FailureDiagnosis.Diagnose(RunState.Succeeded, new RunExit(0, null), Clean, "", Run, Now, TimeZoneInfo.Utc));
        Assert.Null(FailureDiagnosis.Diagnose(RunState.NoOp, new RunExit(0, null), Clean, "", Run, Now, TimeZoneInfo.Utc));
        Assert.Equal(FailureMode.VanishedSession, FailureDiagnosis.Diagnose(RunState.Vanished, null, null, null, Run, Now, TimeZoneInfo.Utc)!.Mode);
    }

    private static Diagnosis? Diagnose(string screen) =>
        FailureDiagnosis.Diagnose(RunState.Failed, new RunExit(1, null), Clean, screen, Run, Now, TimeZoneInfo.Utc);

    private static string Sample(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Join(dir, "..", "shared", "agent-states")) && !File.Exists(Path.Join(dir, "SessionTui.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var path = Path.Join(dir!, "..", "shared", "agent-states", "samples", name);
        return string.Join('\n', File.ReadAllLines(path).SkipWhile(l => l.StartsWith("# ", StringComparison.Ordinal)));
    }
}
