using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Workcells;

/// <summary>Ends nobody's hook records by exit (kill, vanished server), handoffs and resume, and the read commands.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class RunLifecycleTests : IDisposable
{
    private readonly WorkcellFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_session_killed_by_a_person_is_a_killed_run()
    {
        var agent = _w.Agent("sleeper", "echo working; sleep 30");
        var runId = (await _w.Run("launch", "victim", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();
        TmuxTestServer.WaitUntil(() => _w.Status(runId).State == RunState.Running, null, "the run to run");

        _w.Tmux("kill-session", "-t", _w.Status(runId).SessionId!);

        var run = _w.WaitEnded(runId);
        Assert.Equal(RunState.Killed, run.State);
        Assert.Null(run.Exit);
    }

    [Fact]
    public async Task A_run_whose_server_dies_is_found_vanished_at_the_next_observation()
    {
        var agent = _w.Agent("sleeper", "sleep 30");
        var runId = (await _w.Run("launch", "doomed", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();
        TmuxTestServer.WaitUntil(() => _w.Status(runId).State == RunState.Running, null, "the run to run");
        var serverPid = int.Parse(_w.Tmux("display-message", "-p", "#{pid}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        System.Diagnostics.Process.GetProcessById(serverPid).Kill();
        TmuxTestServer.WaitUntil(() => !File.Exists(_w.Socket) || _w.Runner.RunAsync(new("tmux", ["-S", _w.Socket, "list-sessions"])).GetAwaiter().GetResult().ExitCode != 0, null, "the server to be gone");
        var runs = await _w.Run("runs", "--json");

        Assert.Equal(0, runs.ExitCode);
        using var json = JsonDocument.Parse(runs.StandardOutput);
        Assert.Equal("vanished", json.RootElement[0].GetProperty("state").GetString());
        Assert.Equal(RunState.Vanished, _w.Status(runId).State);
        Assert.Equal(FailureMode.VanishedSession, _w.Status(runId).Diagnosis?.Mode);
    }

    [Fact]
    public async Task A_handoff_is_kept_and_resume_starts_a_linked_run_whose_brief_carries_it()
    {
        // Given an agent that writes its handoff and commits
        var repo = _w.Repo();
        var agent = _w.Agent("handoff-writer", """
            echo x > x.txt && git add x.txt && git commit -qm 'half the work'
            printf '# Handoff\n\n## Done\n- wrote x.txt\n\n## Next\n- write y.txt\n' > "$SESSIONTUI_HANDOFF"
            exit 1
            """);
        var first = (await _w.Run(["launch", "work", "--cwd", repo, "--task", "write x and y", .. _w.GitIdentityOptions, "--", agent])).StandardOutput.Trim();
        var parent = _w.WaitEnded(first);
        Assert.Equal(RunState.Failed, parent.State);

        // When it is resumed
        var resumed = await _w.Run(["resume", "work", "--json"]);
        var child = _w.WaitEnded(WorkcellFixture.Json(resumed).GetProperty("run_id").GetString()!);

        // Then the handoff is in the database and in the new brief, with the parent's verification
        using (var store = SqliteHistoryStore.OpenReadOnly(_w.Db))
        {
            Assert.Contains("write y.txt", store.LoadHandoff(first), StringComparison.Ordinal);
            Assert.Equal([child.RunId], store.ChildRuns(first).Select(r => r.RunId));
        }

        Assert.Equal(first, child.ParentRunId);
        var brief = File.ReadAllText(Path.Join(child.RunDir, "brief.md"));
        Assert.Contains("write x and y", brief, StringComparison.Ordinal);
        Assert.Contains("- write y.txt", brief, StringComparison.Ordinal);
        Assert.Contains("half the work", brief, StringComparison.Ordinal);
        Assert.Contains("Resumed from run " + first, brief, StringComparison.Ordinal);
        Assert.Equal(repo, child.Cwd);
    }

    [Fact]
    public async Task Runs_show_logs_and_history_show_print_what_a_person_needs()
    {
        var agent = _w.Agent("talker", """echo '⏺ API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}} · Please run /login'; exit 1""");
        var runId = (await _w.Run("launch", "talk", "--cwd", _w.Home, "--task", "talk", "--", agent)).StandardOutput.Trim();
        _w.WaitEnded(runId);

        var show = await _w.Run("runs", "show", "talk");
        var logs = await _w.Run("logs", runId);
        var list = await _w.Run("runs");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("state       failed · exit 1", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("auth-failure", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("## Task", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("API Error: 401", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(runId, list.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(3, (await _w.Run("runs", "show", "nope")).ExitCode);
    }

    [Fact]
    public async Task An_agent_that_exits_before_the_launcher_wrote_its_pane_still_gets_its_last_screen_and_diagnosis()
    {
        // Given a run whose status does not name its pane yet when its agent exits (a fast agent on a busy machine: tmux
        // runs the pane-died hook before the launcher has written the pane it created)
        var release = Path.Join(_w.Home, "release");
        var agent = _w.Agent("quick", $$$"""echo '⏺ API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}} · Please run /login'; while [ ! -e '{{{release}}}' ]; do sleep 0.05; done; exit 1""");
        var runId = (await _w.Run("launch", "quick", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();
        TmuxTestServer.WaitUntil(() => _w.Status(runId) is { State: RunState.Running, PaneId: not null }, null, "the run to run");
        var folder = new SessionTui.Workcells.RunFolder(Path.Join(_w.RunsDir, runId));
        folder.Update(r => r! with { PaneId = null });

        // When the agent exits
        File.WriteAllText(release, "");
        var run = _w.WaitEnded(runId);

        // Then the hook named the pane, so the screen was kept and the auth failure diagnosed
        Assert.Equal(RunState.Failed, run.State);
        Assert.StartsWith("%", run.PaneId, StringComparison.Ordinal);
        Assert.Contains("API Error: 401", run.LastScreen, StringComparison.Ordinal);
        Assert.Equal(FailureMode.AuthFailure, run.Diagnosis?.Mode);
    }

    [Fact]
    public async Task A_wording_added_in_a_user_rule_file_diagnoses_the_run_that_ended_on_it()
    {
        // Given a user rule file for an agent no built-in rule knows, and that agent failing on its own auth banner
        var states = Path.Join(_w.Home, "config", "sessiontui", "states");
        Directory.CreateDirectory(states);
        File.WriteAllText(Path.Join(states, "acme.json"), """
            { "rules": [ { "id": "acme.auth.key", "state": "auth-failed", "screen": "^acme-agent: session key rejected" } ] }
            """);
        var agent = _w.Agent("acme", "echo 'acme-agent: session key rejected'; sleep 0.3; exit 1");

        // When it runs in a workcell and ends
        var runId = (await _w.Run("launch", "acme", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();
        var run = _w.WaitEnded(runId);

        // Then the run's diagnosis is the rule's, naming it
        Assert.Equal(FailureMode.AuthFailure, run.Diagnosis?.Mode);
        Assert.Contains("rule acme.auth.key", run.Diagnosis!.Evidence, StringComparison.Ordinal);
        Assert.Contains("auth-failure", (await _w.Run("runs", "show", runId)).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_show_prints_an_ended_sessions_last_screen()
    {
        var agent = _w.Agent("printer", "echo 'the last words'; sleep 30");
        var runId = (await _w.Run("launch", "printer", "--cwd", _w.Home, "--task", "x", "--", agent)).StandardOutput.Trim();
        TmuxTestServer.WaitUntil(() => File.Exists(Path.Join(_w.RunsDir, runId, "agent.log")) && File.ReadAllText(Path.Join(_w.RunsDir, runId, "agent.log")).Contains("the last words", StringComparison.Ordinal), null, "the agent's output");
        Assert.Equal(0, (await _w.Run("kill", "--yes", "printer")).ExitCode);

        using var history = JsonDocument.Parse((await _w.Run("history", "--json")).StandardOutput);
        var id = history.RootElement[0].GetProperty("id").GetInt64();
        var show = await _w.Run("history", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var json = await _w.Run("history", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("session  printer", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("the last words", show.StandardOutput, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.StandardOutput);
        Assert.Contains("the last words", doc.RootElement.GetProperty("lastScreen").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await _w.Run("history", "show", "99999")).ExitCode);
        Assert.Equal(RunState.Killed, _w.WaitEnded(runId).State);
    }
}
