using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Loops;

/// <summary>
/// Ralph loops end to end: <c>sessiontui loop</c> as a person runs it, on the private stable socket of a
/// <see cref="WorkcellFixture"/>, with fake agents (shell scripts) on temporary git repositories. Each agent finds its
/// checklist in <c>$SESSIONTUI_PRD</c> and its iteration in <c>$SESSIONTUI_ITERATION</c>, as the real ones are told in
/// their prompt.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class LoopTests : IDisposable
{
    /// <summary>Checks the first open item, writes a file, commits both: real progress every iteration.</summary>
    private const string CommitOne = """
        n=$SESSIONTUI_ITERATION
        echo "agent: iteration $n"
        echo "work $n" > "work-$n.txt"
        sed -i '0,/- \[ \]/s//- [x]/' "$SESSIONTUI_PRD"
        git add -A && git commit -qm "item $n"
        echo "did item $n" > "$SESSIONTUI_HANDOFF"
        """;

    private readonly WorkcellFixture _w = new();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task An_agent_that_checks_one_item_and_commits_per_iteration_completes_the_checklist()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] one\n- [ ] two\n  - [ ] nested three\n\n```\n- [ ] not an item (code)\n```\n");
        var agent = _w.Agent("commit-one.sh", CommitOne);

        var runId = await Loop("auth", repo, prd, ["--max", "10"], agent, "{prompt}");
        var run = WaitLoopEnded(runId);

        Assert.Equal(LoopState.Completed, run.Loop!.State);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal((3, 3, 3), (run.Loop.Done, run.Loop.Total, run.Loop.Iteration));
        var iterations = Iterations(runId);
        Assert.Equal([1, 2, 3], iterations.Select(i => i.Number));
        Assert.All(iterations, i => Assert.True(i is { Progress: true, CheckedWithoutCommit: false, State: IterationState.Ended } && i.Commits.Count == 1 && i.Exit == new RunExit(0, null)));
        Assert.Equal(["one", "two", "nested three"], iterations.Select(i => i.Checked.Single()));
        Assert.Contains("work-2.txt", iterations[1].DiffStat, StringComparison.Ordinal);
        Assert.Contains("agent: iteration 2", iterations[1].OutputTail, StringComparison.Ordinal);

        // The second prompt carries the first iteration's handoff and the next items; progress.md has all three.
        var dir = Path.Join(_w.RunsDir, runId);
        var prompt = File.ReadAllText(Path.Join(dir, "iterations", "002", "prompt.md"));
        Assert.Contains("did item 1", prompt, StringComparison.Ordinal);
        Assert.Contains("- [ ] two", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("not an item", prompt, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllText(Path.Join(dir, "progress.md")).Split("## Iteration ").Length - 1);
        using var ctx = JsonDocument.Parse(File.ReadAllText(Path.Join(dir, "iterations", "002", "context.json")));
        Assert.Equal(1, ctx.RootElement.GetProperty("previous_iteration").GetInt32());

        // The database agrees, and loops show prints every iteration.
        using (var store = SqliteHistoryStore.OpenReadOnly(_w.Db))
        {
            Assert.Equal(3, store.ListIterations(runId).Count(i => i.Progress));
            Assert.Equal(runId, store.ListLoops(10).Single().RunId);
        }

        var show = await _w.Run("loops", "show", "auth", "--json");
        using var doc = JsonDocument.Parse(show.StandardOutput);
        Assert.Equal("completed", doc.RootElement.GetProperty("run").GetProperty("loop").GetProperty("state").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("iterations").GetArrayLength());
    }

    [Fact]
    public async Task Items_checked_without_a_commit_are_flagged_and_the_loop_stalls()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
        var agent = _w.Agent("liar.sh", """sed -i '0,/- \[ \]/s//- [x]/' "$SESSIONTUI_PRD"; echo "all done, trust me" """);

        var runId = await Loop("liar", repo, prd, ["--stall", "2"], agent);
        var run = WaitLoopEnded(runId);

        Assert.Equal(LoopState.Stalled, run.Loop!.State);
        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(2, run.Loop.CheckedWithoutCommit);
        var iterations = Iterations(runId);
        Assert.Equal(2, iterations.Count);
        Assert.All(iterations, i => Assert.True(i is { CheckedWithoutCommit: true, Progress: false, Changed: false } && i.Checked.Count == 1));
        Assert.Contains("checked items without committing", File.ReadAllText(Path.Join(_w.RunsDir, runId, "iterations", "002", "prompt.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_never_progresses_stalls_after_K_iterations()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n- [x] b\n");
        var agent = _w.Agent("idle.sh", "echo thinking; exit 3");

        var runId = await Loop("idle", repo, prd, ["--stall", "3", "--max", "10"], agent);
        var run = WaitLoopEnded(runId);

        Assert.Equal(LoopState.Stalled, run.Loop!.State);
        Assert.Equal(3, run.Loop.Iteration);
        Assert.All(Iterations(runId), i => Assert.Equal(new RunExit(3, null), i.Exit));
        Assert.Equal((1, 2), (run.Loop.Done, run.Loop.Total));
    }

    [Fact]
    public async Task A_usage_limit_with_a_reset_time_makes_the_loop_wait_then_continue()
    {
        File.WriteAllText(Path.Join(_w.Home, "config", "sessiontui", "config.json"), """{ "loop_limit_margin_seconds": 1 }""");
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n- [ ] b\n");
        var agent = LimitedOnce("limited.sh", "echo \"Claude usage limit reached. Your limit will reset in 3 seconds.\"\necho \"Try again in 3 seconds.\"");

        var runId = await Loop("limited", repo, prd, [], agent);
        TmuxTestServer.WaitUntil(() => _w.Status(runId).Loop is { State: LoopState.Waiting, WaitingUntil: not null }, TimeSpan.FromSeconds(30), "the loop to wait for the limit");
        var run = WaitLoopEnded(runId);

        Assert.Equal(LoopState.Completed, run.Loop!.State);
        Assert.Equal(1, run.Loop.Waits);
        var iterations = Iterations(runId);
        Assert.Equal(3, iterations.Count);
        var limited = iterations[0];
        Assert.Equal(FailureMode.RateLimit, limited.Limit!.Mode);
        Assert.NotNull(limited.Limit.ResetsAt);
        Assert.Null(limited.VerifyExit);
        // It waited for the reset (3 s) plus the margin (1 s) before the next iteration.
        Assert.True(iterations[1].Started - limited.Ended!.Value >= TimeSpan.FromSeconds(3), $"waited only {iterations[1].Started - limited.Ended!.Value}");
    }

    [Fact]
    public async Task A_limit_wording_only_a_user_rule_file_knows_makes_the_loop_wait_too()
    {
        // Given a user rule that reads an agent's own quota banner (with its reset time) as rate-limited
        File.WriteAllText(Path.Join(_w.Home, "config", "sessiontui", "config.json"), """{ "loop_limit_margin_seconds": 1 }""");
        var states = Path.Join(_w.Home, "config", "sessiontui", "states");
        Directory.CreateDirectory(states);
        File.WriteAllText(Path.Join(states, "acme.json"), """
            { "rules": [ { "id": "acme.limit.quota", "state": "rate-limited", "reset": true, "screen": "^acme-agent: quota spent" } ] }
            """);
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n");
        var agent = LimitedOnce("acme.sh", "echo \"acme-agent: quota spent, try again in 3 seconds\"");

        // When the loop runs it
        var runId = await Loop("acme", repo, prd, [], agent);
        var run = WaitLoopEnded(runId);

        // Then the first iteration was read as a limit by the user's rule and the loop waited before going on
        Assert.Equal((LoopState.Completed, 1), (run.Loop!.State, run.Loop.Waits));
        var limited = Iterations(runId)[0];
        Assert.Equal(FailureMode.RateLimit, limited.Limit!.Mode);
        Assert.Contains("rule acme.limit.quota", limited.Limit.Evidence, StringComparison.Ordinal);
        Assert.NotNull(limited.Limit.ResetsAt);
    }

    [Fact]
    public async Task A_verify_command_that_fails_once_keeps_the_loop_going_with_the_failure_in_the_next_prompt()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] the only item\n");
        var marker = Path.Join(_w.Home, "verify-failed-once");
        var agent = _w.Agent("fixer.sh", """
            n=$SESSIONTUI_ITERATION
            echo "fix $n" > "fix-$n.txt"
            sed -i '0,/- \[ \]/s//- [x]/' "$SESSIONTUI_PRD"
            git add -A && git commit -qm "iteration $n"
            """);
        var verify = $"if [ -f '{marker}' ]; then echo tests pass; else touch '{marker}'; echo 'FAIL: 2 tests broken'; exit 1; fi";

        var runId = await Loop("verified", repo, prd, ["--verify", verify], agent);
        var run = WaitLoopEnded(runId);

        Assert.Equal(LoopState.Completed, run.Loop!.State);
        var iterations = Iterations(runId);
        Assert.Equal([1, 0], iterations.Select(i => i.VerifyExit ?? -1));
        Assert.Contains("FAIL: 2 tests broken", File.ReadAllText(Path.Join(_w.RunsDir, runId, "iterations", "002", "prompt.md")), StringComparison.Ordinal);
        Assert.True(run.Verification!.VerifyPassed);
        Assert.Equal(2, run.Verification.Commits.Count);
    }

    [Fact]
    public async Task Killing_the_session_ends_the_loop_as_killed_with_the_running_iteration_recorded()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n");
        var agent = _w.Agent("sleeper.sh", "echo working; sleep 60");

        var runId = await Loop("sleepy", repo, prd, [], agent);
        TmuxTestServer.WaitUntil(() => File.Exists(Path.Join(_w.RunsDir, runId, "iterations", "001", "status.json")), TimeSpan.FromSeconds(30), "the first iteration");
        Assert.Equal(0, (await _w.Run("kill", "--yes", "sleepy")).ExitCode);
        var run = _w.WaitEnded(runId);

        Assert.Equal(RunState.Killed, run.State);
        TmuxTestServer.WaitUntil(() => _w.Status(runId).Loop!.State == LoopState.Killed, TimeSpan.FromSeconds(10), "the loop to be killed");
        TmuxTestServer.WaitUntil(() => Iterations(runId).Single().State == IterationState.Killed, TimeSpan.FromSeconds(10), "the iteration to be killed");
    }

    [Fact]
    public async Task One_loop_per_name_and_a_stale_lock_is_replaced_saying_so()
    {
        var repo = _w.Repo();
        var prd = Prd(repo, "- [ ] a\n");
        var agent = _w.Agent("sleeper.sh", "sleep 60");
        var first = await Loop("dup", repo, prd, [], agent);
        TmuxTestServer.WaitUntil(() => _w.Status(first).Loop!.RunnerPid is not null, TimeSpan.FromSeconds(30), "the runner to start");

        var second = await _w.Run(["loop", "dup", "--cwd", repo, "--prd", prd, "--", agent]);
        Assert.Equal(4, second.ExitCode);
        Assert.Contains("a loop named 'dup' is running", second.StandardError, StringComparison.Ordinal);

        // The killed loop's runner releases its lock. A lock left by a crash (its run has no record) is stale.
        var lockFile = Directory.GetFiles(Path.Join(_w.Home, "state", "sessiontui", "loops")).Single();
        var crashed = File.ReadAllText(lockFile).Replace(first, "20200101-000000-gone", StringComparison.Ordinal);
        Assert.Equal(0, (await _w.Run("kill", "--yes", "dup")).ExitCode);
        TmuxTestServer.WaitUntil(() => !File.Exists(lockFile), TimeSpan.FromSeconds(20), "the killed loop's runner to release its lock");
        File.WriteAllText(lockFile, crashed);
        var third = await _w.Run(["loop", "dup", "--cwd", repo, "--prd", prd, "--", agent]);
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("replaced a stale loop lock for 'dup': its run 20200101-000000-gone has no record", third.StandardError, StringComparison.Ordinal);
        Assert.Contains(third.StandardOutput.Trim(), File.ReadAllText(lockFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checklist_without_items_or_a_folder_outside_git_is_refused_with_exit_2()
    {
        var repo = _w.Repo();
        var empty = Prd(repo, "# PRD\n\nNo tasks, only prose and `- [ ] code`.\n\n```\n- [ ] fenced\n```\n");
        var agent = _w.Agent("never.sh", "exit 0");
        var refused = await _w.Run(["loop", "empty", "--cwd", repo, "--prd", empty, "--", agent]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("has no checklist items", refused.StandardError, StringComparison.Ordinal);

        var plain = Path.Join(_w.Home, "not git");
        Directory.CreateDirectory(plain);
        var outside = await _w.Run(["loop", "plain", "--cwd", plain, "--prd", Prd(repo, "- [ ] a\n"), "--", agent]);
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("not in a git work tree", outside.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_w.RunsDir) && Directory.EnumerateDirectories(_w.RunsDir).Any());
    }

    private static string Prd(string repo, string items)
    {
        var path = Path.Join(repo, "PRD.md");
        File.WriteAllText(path, "# PRD\n\n" + items);
        return path;
    }

    /// <summary>A fake agent whose first iteration runs <paramref name="banner"/> (shell lines printing a limit banner) and
    /// exits 1, and whose later ones each check one item and commit.</summary>
    private string LimitedOnce(string name, string banner)
    {
        var marker = Path.Join(_w.Home, "limited-once");
        return _w.Agent(name, $$"""
            if [ ! -f '{{marker}}' ]; then
              touch '{{marker}}'
            {{banner}}
              exit 1
            fi
            {{CommitOne}}
            """);
    }

    private async Task<string> Loop(string name, string repo, string prd, string[] options, string agent, params string[] args)
    {
        var result = await _w.Run(["loop", name, "--cwd", repo, "--prd", prd, .. _w.GitIdentityOptions, .. options, "--json", "--", agent, .. args]);
        return WorkcellFixture.Json(result).GetProperty("run_id").GetString()!;
    }

    private RunRecord WaitLoopEnded(string runId)
    {
        var run = _w.WaitEnded(runId, TimeSpan.FromSeconds(60));
        Assert.True(run.Loop!.IsEnded, $"loop state {RunStates.Text(run.Loop.State)}");
        return run;
    }

    private IReadOnlyList<IterationRecord> Iterations(string runId)
    {
        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        return store.ListIterations(runId);
    }
}
