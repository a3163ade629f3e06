using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Workcells.Diagnosing;

namespace SessionTui.Tests.Workcells;

public sealed class DiagnoserTests
{
    private const string RunId = "20261128-094210-api-fix";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Verification Clean = new(true, "h", [], "", [], [], null, null, null, null);

    [Fact]
    public void The_claude_usage_limit_sample_is_a_rate_limit_resetting_at_4pm_in_berlin()
    {
        // Given Claude's 2026 limit screen (banner, then the options menu that also looks like a waiting prompt)
        // When a failed run with it on screen is diagnosed
        var d = Failed(Sample("claude-usage-limit.txt"));

        // Then it is a rate limit until 16:00 Berlin (15:00 UTC in November), and the next step waits for it
        Assert.Equal(FailureMode.RateLimit, d!.Mode);
        Assert.Equal("screen: You've hit your session limit · resets 4pm (Europe/Berlin)", d.Evidence);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), d.ResetsAt);
        Assert.Equal($"wait until 15:00 UTC, then sessiontui resume {RunId}", d.NextStep);
    }

    [Fact]
    public void The_gemini_quota_dialog_is_a_rate_limit_resetting_at_4_30_pm_pdt()
    {
        // Given Gemini's quota dialog inside its box, the reset on the line under the banner
        var d = Failed(Sample("gemini-usage-limit.txt"));

        // Then the reset is read as PDT (UTC-7) and the box borders are not in the evidence
        Assert.Equal(FailureMode.RateLimit, d!.Mode);
        Assert.Equal("screen: Usage limit reached for gemini-2.5-pro.", d.Evidence);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero), d.ResetsAt);
    }

    [Fact]
    public void The_claude_401_sample_is_an_auth_failure_whose_next_step_is_to_log_in()
    {
        // Given the wrapped 401 banner with the prompt redrawn under it
        var d = Failed(Sample("claude-auth-401.txt"));

        // Then it is an auth failure and the next step logs Claude in before resuming
        Assert.Equal(FailureMode.AuthFailure, d!.Mode);
        Assert.StartsWith("screen: API Error: 401 {\"type\":\"error\"", d.Evidence, StringComparison.Ordinal);
        Assert.Equal($"log in again (run claude, then /login), then sessiontui resume {RunId}", d.NextStep);
        Assert.Null(d.ResetsAt);
    }

    [Fact]
    public void Markers_quoted_in_tool_output_diffs_and_prose_do_not_flip_the_diagnosis()
    {
        // Given a screen where every auth, limit and busy marker sits in grep output, a diff or prose
        var screen = Sample("claude-negative-quoted-markers.txt");

        // When a run that exited 1 with nothing done is diagnosed
        var d = Failed(screen);

        // Then no marker is found and it is a partial completion that says nothing was committed
        Assert.Null(ScreenMarkers.Find(screen, MarkerKind.Auth));
        Assert.Null(ScreenMarkers.Find(screen, MarkerKind.Limit));
        Assert.Equal(FailureMode.PartialCompletion, d!.Mode);
        Assert.Equal("exit 1 with nothing committed", d.Evidence);
    }

    [Theory]
    [InlineData("⏺ Bash(grep -rn login docs)\n  ⎿  README.md:3: Please run /login\n     API Error: 401 {\"type\":\"error\"} · Please run /login\n\n❯ ")]
    [InlineData("❯ why does it say You've hit your limit · resets 3pm?\n")]
    [InlineData("⏺ Update(a.ts)\n  ⎿  Updated a.ts\n       3 +// You've hit your limit · resets 3pm\n+ litellm.RateLimitError: boom\n- Usage limit reached for x\n")]
    [InlineData("```\nYou've hit your limit · resets 3pm\nAPI Error: 401 {\"type\":\"error\"}\n```\n✻ Worked for 3s\n")]
    [InlineData("⏺ API Error: 401 is what the server returns when a token expires; I handle it now.\n")]
    [InlineData("⏺ I added a check for rate limit exceeded responses.\n")]
    [InlineData("  Approaching usage limit · resets at 2am\n")]
    public void Quoted_typed_or_prose_markers_are_not_banners(string screen)
    {
        // Given a marker quoted by a tool, typed by the user, in a diff or fence, in prose, or a mere warning
        // Then neither kind is found
        Assert.Null(ScreenMarkers.Find(screen, MarkerKind.Auth));
        Assert.Null(ScreenMarkers.Find(screen, MarkerKind.Limit));
    }

    [Fact]
    public void A_banner_above_the_last_fifteen_non_blank_lines_is_stale()
    {
        // Given a limit banner followed by sixteen lines of newer output
        var screen = "⎿ You've hit your limit · resets 3pm\n" + string.Join('\n', Enumerable.Range(1, 16).Select(i => "⏺ line " + i));

        // Then it does not count; with fifteen it does
        Assert.Null(ScreenMarkers.Find(screen, MarkerKind.Limit));
        Assert.NotNull(ScreenMarkers.Find("⎿ You've hit your limit · resets 3pm\n" + string.Join('\n', Enumerable.Range(1, 14).Select(i => "⏺ line " + i)), MarkerKind.Limit));
    }

    [Theory]
    [InlineData("■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), or try again\n at 3:34 PM.", "claude, codex, cursor", MarkerKind.Limit)]
    [InlineData("■ Your workspace is out of credits. Add credits to continue.", "codex", MarkerKind.Limit)]
    [InlineData("■ Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.", "codex", MarkerKind.Auth)]
    [InlineData("ERROR: unexpected status 401 Unauthorized: Missing bearer", "codex", MarkerKind.Auth)]
    [InlineData("litellm.AuthenticationError: AnthropicException - invalid x-api-key\nThe API provider is not able to authenticate you. Check your API key.\n> ", "aider", MarkerKind.Auth)]
    [InlineData("litellm.RateLimitError: RateLimitError: OpenAIException - quota\nThe API provider has rate limited you. Try again later or check your quotas.\n> ", "aider", MarkerKind.Limit)]
    [InlineData("│ Failed to authenticate: invalid_grant │", "gemini", MarkerKind.Auth)]
    [InlineData("┃ Error: Incorrect API key provided: sk-...", "opencode", MarkerKind.Auth)]
    [InlineData("Error: [unauthenticated] Not logged in. If you are logged in, try logging out and back in.", "cursor", MarkerKind.Auth)]
    [InlineData("Error: You've hit your usage limit\nGet Cursor Pro for more Agent usage, unlimited Tab, and more.", "claude, codex, cursor", MarkerKind.Limit)]
    [InlineData("Invalid API key · Please run /login", "claude", MarkerKind.Auth)]
    [InlineData("  ⎿  5-hour limit reached ∙ resets 9pm", "claude", MarkerKind.Limit)]
    [InlineData("Claude AI usage limit reached|1760004000", "claude", MarkerKind.Limit)]
    public void Each_agents_banner_is_found(string screen, string agent, MarkerKind kind)
    {
        // Given one agent's auth or limit banner at the bottom of the screen
        var found = ScreenMarkers.Find(screen, kind);

        // Then the marker of that agent and kind is found
        Assert.NotNull(found);
        Assert.Equal((agent, kind), (found.Marker.Agent, found.Marker.Kind));
    }

    [Fact]
    public void A_wrapped_codex_banner_gives_its_reset_time_and_an_unnamed_time_gives_none()
    {
        // Given Codex's banner wrapped before "at", and one that says only "try again later"
        var wrapped = Failed("■ You've hit your usage limit. Upgrade to Plus to continue using Codex, or try again\n at 9:01 PM.");
        var later = Failed("■ You've hit your usage limit. Try again later.");

        // Then the first resets at 21:01 in the given zone (UTC here) and the second names no time
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 1, 0, TimeSpan.Zero), wrapped!.ResetsAt);
        Assert.Null(later!.ResetsAt);
        Assert.Equal($"wait for the limit to reset (the screen names no time), then sessiontui resume {RunId}", later.NextStep);
    }

    [Fact]
    public void An_auth_failure_wins_over_a_limit_on_the_same_screen()
    {
        var d = Failed("⎿ You've hit your limit · resets 3pm\nInvalid API key · Please run /login");

        Assert.Equal(FailureMode.AuthFailure, d!.Mode);
    }

    [Fact]
    public void A_vanished_session_is_diagnosed_from_its_state_whatever_the_screen_says()
    {
        // Given a run whose server went away, with a limit banner on its last screen and two commits made
        var v = Clean with { Commits = [new CommitInfo("a", "one"), new CommitInfo("b", "two")] };
        var d = Diagnoser.Diagnose(Input(RunState.Vanished, null, v, "⎿ You've hit your limit · resets 3pm"));

        // Then it is a vanished session that mentions the work left and points at git and resume
        Assert.Equal(FailureMode.VanishedSession, d!.Mode);
        Assert.EndsWith("; it left 2 commits", d.Evidence, StringComparison.Ordinal);
        Assert.Equal($"check git -C '/src/my api' status, then sessiontui resume {RunId}", d.NextStep);
    }

    [Fact]
    public void A_forbidden_change_is_a_dirty_repository_even_with_a_clean_work_tree()
    {
        var v = Clean with { Commits = [new CommitInfo("a", "leak")], ForbiddenChanges = ["secrets/a.key", "b.pem", "c.pem", "d.pem"] };

        var d = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(0, null), v, null));

        Assert.Equal(FailureMode.DirtyRepository, d!.Mode);
        Assert.Equal("changed 4 forbidden paths: secrets/a.key, b.pem, c.pem (+1 more) (exit 0)", d.Evidence);
        Assert.Contains("sessiontui resume " + RunId, d.NextStep, StringComparison.Ordinal);
    }

    [Fact]
    public void Uncommitted_changes_and_untracked_files_after_a_failure_are_a_dirty_repository()
    {
        var v = Clean with { DiffStat = " a.txt | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)", Untracked = ["new file ü.txt"] };

        var d = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(2, null), v, null));

        Assert.Equal(FailureMode.DirtyRepository, d!.Mode);
        Assert.Equal("exit 2, left uncommitted changes (1 file changed, 1 insertion(+), 1 deletion(-)) and 1 untracked file: new file ü.txt", d.Evidence);
        Assert.Equal($"commit, stash or discard them (git -C '/src/my api' status), then sessiontui resume {RunId}", d.NextStep);
    }

    [Fact]
    public void Commits_with_a_failing_verify_command_are_a_partial_completion_naming_both()
    {
        // Given two commits and a verify command that failed with a last line of output
        var v = Clean with
        {
            Commits = [new CommitInfo("a", "one"), new CommitInfo("b", "Add the parser")],
            VerifyCommand = "make test",
            VerifyExit = 2,
            VerifyTail = "ok 1\nFAIL parser_test.go:12\n",
        };

        var d = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(0, null), v, null));

        // Then the evidence says what was done and what failed, and the next step reads the verify output
        Assert.Equal(FailureMode.PartialCompletion, d!.Mode);
        Assert.Equal("exit 0 after 2 commits (last: Add the parser), but verify failed (exit 2): FAIL parser_test.go:12", d.Evidence);
        Assert.Equal($"read the verify output (verify.log in the run folder), then sessiontui resume {RunId}", d.NextStep);
    }

    [Fact]
    public void A_signal_with_nothing_committed_and_a_timed_out_verify_is_a_partial_completion()
    {
        var v = Clean with { VerifyCommand = "sleep 100", VerifyExit = 124, VerifyTail = "timed out" };

        var d = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(null, 9), v, null));

        Assert.Equal("signal 9 (SIGKILL) with nothing committed, but verify timed out", d!.Evidence);
    }

    [Fact]
    public void Successes_no_ops_runs_still_going_and_quiet_kills_need_no_diagnosis()
    {
        Assert.Null(Diagnoser.Diagnose(Input(RunState.Succeeded, new RunExit(0, null), Clean, null)));
        Assert.Null(Diagnoser.Diagnose(Input(RunState.NoOp, new RunExit(0, null), Clean, null)));
        Assert.Null(Diagnoser.Diagnose(Input(RunState.Running, null, null, "⎿ You've hit your limit")));
        Assert.Null(Diagnoser.Diagnose(Input(RunState.Killed, null, Clean, "✻ Worked for 3s")));
    }

    [Fact]
    public void A_killed_run_stuck_on_a_limit_or_with_work_left_gets_a_diagnosis()
    {
        var limited = Diagnoser.Diagnose(Input(RunState.Killed, null, Clean, "⎿ You've hit your limit · resets in 2h 13m"));
        var worked = Diagnoser.Diagnose(Input(RunState.Killed, null, Clean with { Commits = [new CommitInfo("a", "x")] }, null));

        Assert.Equal((FailureMode.RateLimit, Now.AddHours(2).AddMinutes(13)), (limited!.Mode, limited.ResetsAt));
        Assert.Equal((FailureMode.PartialCompletion, "killed after 1 commit"), (worked!.Mode, worked.Evidence));
    }

    [Fact]
    public void The_run_record_overload_reads_the_id_and_cwd_from_the_run()
    {
        var run = new RunRecord(RunId, "api", "/s", "workcells", "/src/api", ["/bin/a"], "a", "t", null, null, [], null, null, "/r", RunState.Failed, Now);

        var d = Diagnoser.Diagnose(RunState.Vanished, null, null, null, run, Now, TimeZoneInfo.Utc);

        Assert.Equal($"check git -C /src/api status, then sessiontui resume {RunId}", d!.NextStep);
    }

    [Fact]
    public void A_screen_no_built_in_marker_knows_is_diagnosed_by_the_state_rules_verdict_with_its_rule_and_file()
    {
        // Given a wording only a user's rule file knows, read by the rules as auth-failed, then as rate-limited with a reset
        const string screen = "● acme-agent: session key rejected\n> ";
        var auth = new StateVerdict(AgentState.AuthFailed, "acme.auth.key", "acme.json (user)", ["● acme-agent: session key rejected"], null);
        var limit = new StateVerdict(AgentState.RateLimited, "acme.limit.quota", "acme.json (user)", ["acme quota spent"], Now.AddHours(3));

        // When a failed run with it on screen is diagnosed
        var byAuth = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(1, null), Clean, screen) with { ScreenVerdict = auth });
        var byLimit = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(1, null), Clean, screen) with { ScreenVerdict = limit });

        // Then the verdict decides, and the evidence names the line, the rule and its file
        Assert.Equal(FailureMode.AuthFailure, byAuth!.Mode);
        Assert.Equal("screen: ● acme-agent: session key rejected (rule acme.auth.key, acme.json (user))", byAuth.Evidence);
        Assert.Equal($"log the agent in again, then sessiontui resume {RunId}", byAuth.NextStep);
        Assert.Equal((FailureMode.RateLimit, Now.AddHours(3)), (byLimit!.Mode, byLimit.ResetsAt));
        Assert.Equal($"wait until 15:00 UTC, then sessiontui resume {RunId}", byLimit.NextStep);
    }

    [Fact]
    public void A_built_in_marker_wins_over_the_verdict_and_a_working_verdict_changes_nothing()
    {
        // Given Claude's 401 banner, which the rules might read otherwise, and a plain failed screen read as working
        var verdict = new StateVerdict(AgentState.RateLimited, "x.limit", "x.json (user)", ["x"], null);
        var byMarker = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(1, null), Clean, Sample("claude-auth-401.txt")) with { ScreenVerdict = verdict });
        var working = new StateVerdict(AgentState.Working, "x.working", "x.json (user)", ["⠋ thinking"], null);
        var plain = Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(1, null), Clean, "⠋ thinking") with { ScreenVerdict = working });

        // Then the marker's diagnosis (and its agent-specific fix) stands, and the working verdict is no failure mode
        Assert.Equal(FailureMode.AuthFailure, byMarker!.Mode);
        Assert.Contains("run claude, then /login", byMarker.NextStep, StringComparison.Ordinal);
        Assert.Equal(FailureMode.PartialCompletion, plain!.Mode);
    }

    [Fact]
    public void Diagnosis_rules_read_a_users_file_and_fall_back_to_the_built_in_ones_with_one_warning_when_it_is_broken()
    {
        var config = Directory.CreateTempSubdirectory("sessiontui-rules-");
        try
        {
            // Given a user rule file, then the same folder with a broken one beside it
            var states = Directory.CreateDirectory(Path.Join(config.FullName, "states")).FullName;
            File.WriteAllText(Path.Join(states, "acme.json"), """{ "rules": [ { "id": "acme.auth.key", "state": "auth-failed", "screen": "^acme: key rejected" } ] }""");
            var warnings = new List<string>();
            var good = new SessionTui.Workcells.Diagnosing.DiagnosisRules(config.FullName, warnings.Add);
            var userRead = good.Read("acme: key rejected\n", Now);
            File.WriteAllText(Path.Join(states, "broken.json"), "{ not json");
            var broken = new SessionTui.Workcells.Diagnosing.DiagnosisRules(config.FullName, warnings.Add);

            // Then the user's rule reads its wording; with a broken file only the built-in rules read (Claude's 401 still
            // is auth-failed), the user's wording is not, and one warning says so
            Assert.Equal(("acme.auth.key", AgentState.AuthFailed), (userRead!.Rule, userRead.State));
            Assert.Equal(AgentState.AuthFailed, broken.Read(Sample("claude-auth-401.txt"), Now)!.State);
            Assert.Null(broken.Read("acme: key rejected\n", Now));
            Assert.Null(broken.Read(null, Now));
            Assert.Single(warnings);
            Assert.StartsWith("the diagnosis uses the built-in state rules only: ", warnings[0], StringComparison.Ordinal);
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    private static Diagnosis? Failed(string screen) =>
        Diagnoser.Diagnose(Input(RunState.Failed, new RunExit(1, null), Clean, screen));

    private static DiagnosisInput Input(RunState state, RunExit? exit, Verification? v, string? screen) =>
        new(state, exit, v, screen, RunId, "/src/my api", Now, TimeZoneInfo.Utc);

    /// <summary>A labelled sample of ../shared/agent-states/samples (beside the clone), its <c># </c> header lines dropped.</summary>
    private static string Sample(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Join(dir, "..", "shared", "agent-states")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.True(dir is not null, "../shared/agent-states was not found beside the repository");
        var path = Path.Join(dir, "..", "shared", "agent-states", "samples", name);
        return string.Join('\n', File.ReadAllLines(path).SkipWhile(l => l.StartsWith("# ", StringComparison.Ordinal)));
    }
}
