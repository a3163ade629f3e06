using System.Runtime.Versioning;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Workcells;

/// <summary><c>sessiontui launch</c> as a person runs it: exact exits recorded by tmux's hook with no SessionTui process
/// alive, verification against git, odd input kept verbatim, refusals with their exit codes.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class LaunchTests : IDisposable
{
    private readonly WorkcellFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task An_agent_that_commits_twice_and_exits_0_succeeds_with_both_commits_and_verify_passing()
    {
        // Given a repository and an agent that commits twice
        var repo = _w.Repo();
        File.WriteAllText(Path.Join(repo, "SUPERVISOR.md"), "Never push to main.\n");
        var agent = _w.Agent("committer", "echo one > a.txt && git add a.txt && git commit -qm 'first change' && echo two > b.txt && git add b.txt && git commit -qm 'second change' && echo done");

        // When it is launched with a verify command, and the CLI has long returned
        var launched = WorkcellFixture.Json(await _w.Run(["launch", "commits", "--cwd", repo, "--task", "commit twice", "--verify", "test -f a.txt && echo verified", "--json", .. _w.GitIdentityOptions, "--", agent]));
        var runId = launched.GetProperty("run_id").GetString()!;

        // Then tmux's hook records the exit, the commits and the verification
        var run = _w.WaitEnded(runId);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(new RunExit(0, null), run.Exit);
        Assert.Equal(["first change", "second change"], run.Verification!.Commits.Select(c => c.Subject));
        Assert.True(run.Verification.VerifyPassed);
        Assert.Contains("verified", run.Verification.VerifyTail, StringComparison.Ordinal);
        Assert.NotNull(run.BaseCommit);
        Assert.Equal(launched.GetProperty("session_id").GetString(), run.SessionId);
        Assert.Equal(_w.Socket, launched.GetProperty("socket").GetString());
        var screen = _w.Tmux("capture-pane", "-p", "-S", "-", "-t", run.PaneId!);
        Assert.Contains("EXITED: 0", screen, StringComparison.Ordinal);
        Assert.Contains("done", screen, StringComparison.Ordinal);
        Assert.Contains("done", File.ReadAllText(Path.Join(run.RunDir, "agent.log")), StringComparison.Ordinal);
        var brief = File.ReadAllText(Path.Join(run.RunDir, "brief.md"));
        Assert.Contains("commit twice", brief, StringComparison.Ordinal);
        Assert.Contains("Never push to main.", brief, StringComparison.Ordinal);
        Assert.Contains(Path.Join(run.RunDir, "handoff.md"), brief, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_3_is_recorded_exactly_and_fails_the_run()
    {
        // Given an agent that exits 3 a second after it starts
        var agent = _w.Agent("three", "echo about to fail; sleep 1; exit 3");

        // When it is launched, the CLI returns at once: no SessionTui process is alive when the agent exits
        var runId = (await _w.Run("launch", "three", "--cwd", _w.Home, "--task", "fail", "--", agent)).StandardOutput.Trim();
        Assert.Equal(RunState.Running, _w.Status(runId).State);

        // Then tmux's own hook records the exact status
        var run = _w.WaitEnded(runId);
        Assert.Equal((RunState.Failed, 3, (int?)null), (run.State, run.Exit!.Status, run.Exit.Signal));
        Assert.False(run.Verification!.Git);
        Assert.Contains("EXITED: 3", _w.Tmux("capture-pane", "-p", "-t", run.PaneId!), StringComparison.Ordinal);
        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        Assert.Equal(3, store.FindRun("three")!.Exit!.Status);
    }

    [Fact]
    public async Task A_signal_is_recorded_as_the_signal_not_as_an_exit_status()
    {
        var agent = _w.Agent("sigkill", "echo going; kill -KILL $$");

        var runId = (await _w.Run("launch", "sig", "--cwd", _w.Home, "--task", "die", "--", agent)).StandardOutput.Trim();

        var run = _w.WaitEnded(runId);
        Assert.Equal((RunState.Failed, (int?)null, (int?)9), (run.State, run.Exit!.Status, run.Exit.Signal));
        Assert.Contains("EXITED: signal 9", _w.Tmux("capture-pane", "-p", "-t", run.PaneId!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_changes_nothing_is_a_no_op()
    {
        var repo = _w.Repo();
        var agent = _w.Agent("reader", "cat README.md");

        var runId = (await _w.Run("launch", "reader", "--cwd", repo, "--task", "read", "--", agent)).StandardOutput.Trim();

        var run = _w.WaitEnded(runId);
        Assert.Equal(RunState.NoOp, run.State);
        Assert.Empty(run.Verification!.Commits);
    }

    [Fact]
    public async Task A_failing_verify_command_fails_a_run_that_exited_0_and_keeps_its_output()
    {
        var repo = _w.Repo();
        var agent = _w.Agent("writer", "echo change >> README.md; git commit -qam 'edit readme'");

        var runId = (await _w.Run(["launch", "v", "--cwd", repo, "--task", "edit", "--verify", "echo 'tests: 1 failed'; exit 1", .. _w.GitIdentityOptions, "--", agent])).StandardOutput.Trim();

        var run = _w.WaitEnded(runId);
        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(1, run.Verification!.VerifyExit);
        Assert.Contains("tests: 1 failed", run.Verification.VerifyTail, StringComparison.Ordinal);
        Assert.Equal(RunState.Failed, run.Outcome);
        Assert.NotNull(run.Diagnosis);
    }

    [Fact]
    public async Task A_change_under_a_forbidden_path_fails_verification()
    {
        var repo = _w.Repo();
        Directory.CreateDirectory(Path.Join(repo, ".sessiontui"));
        File.WriteAllText(Path.Join(repo, ".sessiontui", "forbidden-paths"), "secrets/**\n");
        _w.Git(repo, "add", ".");
        _w.Git(repo, "commit", "-qm", "rules");
        var agent = _w.Agent("leaker", "mkdir -p secrets && echo key > secrets/prod.key && git add secrets && git commit -qm 'add key'");

        var runId = (await _w.Run(["launch", "leak", "--cwd", repo, "--task", "x", .. _w.GitIdentityOptions, "--", agent])).StandardOutput.Trim();

        var run = _w.WaitEnded(runId);
        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(["secrets/prod.key"], run.Verification!.ForbiddenChanges);
    }

    [Fact]
    public async Task A_task_with_quotes_substitutions_and_newlines_reaches_the_agent_verbatim_in_an_odd_cwd_and_name()
    {
        var marker = Path.Join(_w.Home, "pwned");
        var task = $"fix \"it\" it's $(touch {marker}) `touch {marker}`\nsecond line; touch {marker}";
        var cwd = Path.Join(_w.Home, "dir with 'quotes' \"and\" spaces #1");
        Directory.CreateDirectory(cwd);
        var agent = _w.Agent("echo-args", "printf '%s' \"$1\" > \"$SESSIONTUI_RUN_DIR/arg1\"; printf '%s' \"$PWD\" > \"$SESSIONTUI_RUN_DIR/pwd\"; printf '%s' \"$SESSIONTUI_HANDOFF\" > \"$SESSIONTUI_RUN_DIR/handoff-path\"");
        var name = "odd 'name' \"q\" ;$(x) 日本 -";

        var launched = WorkcellFixture.Json(await _w.Run("launch", name, "--cwd", cwd, "--task", task, "--json", "--", agent, "{task}"));

        var run = _w.WaitEnded(launched.GetProperty("run_id").GetString()!);
        Assert.Equal(task, File.ReadAllText(Path.Join(run.RunDir, "arg1")));
        Assert.Equal(cwd, File.ReadAllText(Path.Join(run.RunDir, "pwd")));
        Assert.Equal(Path.Join(run.RunDir, "handoff.md"), File.ReadAllText(Path.Join(run.RunDir, "handoff-path")));
        Assert.Equal(name, launched.GetProperty("session_name").GetString());
        Assert.Equal(name, run.Name);
        Assert.False(File.Exists(marker));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(run.RunDir));
    }

    [Fact]
    public async Task Refusals_have_their_own_exit_codes_and_leave_nothing_behind()
    {
        var agent = _w.Agent("sleeper", "sleep 30");
        Assert.Equal(0, (await _w.Run("launch", "taken", "--cwd", _w.Home, "--task", "x", "--", agent)).ExitCode);

        var taken = await _w.Run("launch", "taken", "--cwd", _w.Home, "--task", "x", "--", agent);
        var noCwd = await _w.Run("launch", "a", "--cwd", Path.Join(_w.Home, "missing"), "--task", "x", "--", agent);
        var noCmd = await _w.Run("launch", "b", "--cwd", _w.Home, "--task", "x", "--", "no-such-agent-xyz");
        var noTask = await _w.Run("launch", "c", "--cwd", _w.Home, "--task", "  ", "--", agent);
        var badName = await _w.Run("launch", "v1.2", "--cwd", _w.Home, "--task", "x", "--", agent);

        Assert.Equal((4, 2, 2, 2, 2), (taken.ExitCode, noCwd.ExitCode, noCmd.ExitCode, noTask.ExitCode, badName.ExitCode));
        Assert.Matches("^sessiontui: a session named 'taken' already exists on workcells", taken.StandardError);
        Assert.Contains("no such directory", noCwd.StandardError, StringComparison.Ordinal);
        Assert.Contains("no-such-agent-xyz: command not found on PATH", noCmd.StandardError, StringComparison.Ordinal);
        Assert.Contains("the task is empty", noTask.StandardError, StringComparison.Ordinal);
        Assert.All(new[] { taken, noCwd, noCmd, noTask, badName }, r => Assert.Single(r.StandardError.TrimEnd('\n').Split('\n')));
        Assert.Single(Directory.GetDirectories(_w.RunsDir));
        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        Assert.Single(store.ListRuns(10));
    }

    [Fact]
    public async Task Two_launches_racing_for_one_name_end_with_exactly_one_winner()
    {
        var agent = _w.Agent("sleeper", "sleep 30");

        var results = await Task.WhenAll(
            _w.Run("launch", "race", "--cwd", _w.Home, "--task", "x", "--", agent),
            _w.Run("launch", "race", "--cwd", _w.Home, "--task", "x", "--", agent));

        Assert.Equal([0, 4], results.Select(r => r.ExitCode).Order());
        Assert.Equal("race\n", _w.Tmux("list-sessions", "-F", "#{session_name}"));
        Assert.Single(Directory.GetDirectories(_w.RunsDir));
    }

    [Fact]
    public async Task The_on_exit_command_gets_the_runs_facts_after_verification()
    {
        var repo = _w.Repo();
        var agent = _w.Agent("ok", "exit 0");
        var facts = Path.Join(_w.Home, "facts.txt");

        var runId = (await _w.Run("launch", "notify", "--cwd", repo, "--task", "x", "--verify", "true",
            "--on-exit", $"echo \"$SESSIONTUI_RUN_ID $SESSIONTUI_STATE $SESSIONTUI_EXIT_STATUS $SESSIONTUI_VERIFY $SESSIONTUI_COMMITS\" > '{facts}'", "--", agent)).StandardOutput.Trim();

        TmuxTestServer.WaitUntil(() => _w.Status(runId).OnExitStatus is not null, TimeSpan.FromSeconds(30), "the on-exit command to run");
        Assert.Equal($"{runId} no-op 0 passed 0\n", File.ReadAllText(facts));
        Assert.Equal(0, _w.Status(runId).OnExitStatus);
    }

    [Fact]
    public async Task Logs_follow_prints_output_as_it_comes_until_the_run_ends()
    {
        var agent = _w.Agent("slow", "for i in 1 2 3; do echo \"tick $i\"; sleep 0.3; done");
        var runId = (await _w.Run("launch", "slow", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();

        var follow = await _w.Run("logs", runId, "--follow");

        Assert.Equal(0, follow.ExitCode);
        Assert.Contains("tick 1", follow.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tick 3", follow.StandardOutput, StringComparison.Ordinal);
        Assert.True(_w.Status(runId).IsEnded);
    }
}
