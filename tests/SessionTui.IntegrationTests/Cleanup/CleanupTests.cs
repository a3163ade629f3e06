using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;
using SessionTui.Workcells.Loops;

namespace SessionTui.IntegrationTests.Cleanup;

/// <summary><c>sessiontui cleanup</c> on real tmux servers, a real history database and a private state folder: the dry
/// run versus the real one, its refusals, last screens kept in history, loop locks, run folders, and hostile names.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class CleanupTests : IDisposable
{
    private const string Hostile = "-x it's \"q\"; $(touch pwned) ünï";
    private readonly WorkcellFixture _w = new();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    private string StateDir => Path.GetDirectoryName(_w.Socket)!;

    [Fact]
    public async Task The_dry_run_lists_exactly_what_the_real_run_removes_and_changes_nothing()
    {
        Directory.CreateDirectory(StateDir);
        Exited("done", "echo last words of done; exit 3");
        Exited("crashed", "kill -9 $$");
        _w.Tmux("new-session", "-d", "-s", "shell", Prompt());
        var now = DateTimeOffset.UtcNow;
        WriteRun("20260901-000000-old", RunState.Succeeded, now.AddDays(-40).AddHours(-1));
        WriteRun("20261101-000000-recent", RunState.Failed, now.AddDays(-3).AddHours(-1));
        WriteRun("20261127-000000-active", RunState.Running, null);
        Directory.CreateDirectory(Path.Join(_w.RunsDir, "my notes"));
        File.WriteAllText(Path.Join(_w.RunsDir, "my notes", "keep.txt"), "mine\n");
        var locks = new LoopLock(Path.Join(StateDir, "loops"));
        Assert.True(locks.TryTake(new LoopLockInfo("old loop", 1, now.AddDays(-40), "20260901-000000-old")));
        Assert.True(locks.TryTake(new LoopLockInfo("starting loop", Environment.ProcessId, now, null)));
        WaitDead("done");
        WaitDead("crashed");

        var dry = Json(await _w.Run("cleanup", "--dry-run", "--json"));

        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(
            [
                ("session", "crashed", "remove", "dead: signal 9 (SIGKILL)"),
                ("session", "done", "remove", "exited 3"),
                ("session", "shell", "keep", "idle: neither exited nor dead (--all takes it)"),
                ("lock", locks.PathOf("old loop"), "remove", "stale: loop 'old loop': its run 20260901-000000-old has ended"),
                ("lock", locks.PathOf("starting loop"), "keep", $"live: loop 'starting loop' is starting (pid {Environment.ProcessId})"),
                ("run-folder", Path.Join(_w.RunsDir, "20260901-000000-old"), "remove", "succeeded, ended 40d ago (retention 30d)"),
                ("run-folder", Path.Join(_w.RunsDir, "20261101-000000-recent"), "keep", "failed, ended 3d ago, within retention 30d"),
                ("run-folder", Path.Join(_w.RunsDir, "20261127-000000-active"), "keep", "active: running"),
                ("run-folder", Path.Join(_w.RunsDir, "my notes"), "keep", "no status.json: not a run folder"),
            ],
            Items(dry).Select(i => (i.Kind, i.Target, i.Action, i.Reason)));
        Assert.Equal(["crashed", "done", "shell"], Sessions());
        Assert.True(File.Exists(locks.PathOf("old loop")) && File.Exists(locks.PathOf("starting loop")));
        Assert.True(Directory.Exists(Path.Join(_w.RunsDir, "20260901-000000-old")));

        var real = Json(await _w.Run("cleanup", "--json"));

        Assert.False(real.GetProperty("dryRun").GetBoolean());
        Assert.Equal(Items(dry), Items(real));
        Assert.All(real.GetProperty("items").EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("error").ValueKind));
        Assert.Equal(["shell"], Sessions());
        Assert.False(File.Exists(locks.PathOf("old loop")));
        Assert.True(File.Exists(locks.PathOf("starting loop")));
        Assert.Equal(
            ["20261101-000000-recent", "20261127-000000-active", "my notes"],
            Directory.GetDirectories(_w.RunsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Join(_w.RunsDir, "my notes", "keep.txt")));

        var shown = await _w.Run("runs", "show", "20260901-000000-old");
        Assert.Contains("(removed by cleanup ", shown.StandardOutput, StringComparison.Ordinal);
        var again = await _w.Run("cleanup", "--dry-run", "--json");
        Assert.DoesNotContain(Items(Json(again)), i => i.Action == "remove");
    }

    [Fact]
    public async Task An_exited_sessions_last_screen_is_in_history_after_cleanup()
    {
        Directory.CreateDirectory(StateDir);
        // (the pause lets tmux read the line before the exit: a pane without pipe-pane drops output it had not read yet)
        Exited("finished", "echo 'the answer is 42'; sleep 0.3; exit 0");
        WaitDead("finished");

        var result = await _w.Run("cleanup", "--exited");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("removed  session  finished ($0 on workcells)  exited 0", result.StandardOutput, StringComparison.Ordinal);
        var row = Json(await _w.Run("history", "--json")).EnumerateArray().Single(r => r.GetProperty("name").GetString() == "finished");
        Assert.Equal(("exited", 0, true), (row.GetProperty("end").GetString(), row.GetProperty("exitStatus").GetInt32(), row.GetProperty("hasScreen").GetBoolean()));
        var show = Json(await _w.Run("history", "show", row.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"));
        Assert.Contains("the answer is 42", show.GetProperty("lastScreen").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attached_working_and_waiting_sessions_are_kept_until_forced()
    {
        using var target = new TmuxTestServer();
        using var host = new TmuxTestServer();
        target.Start();
        host.Start();
        target.Tmux("new-session", "-d", "-s", "watched", "sh -c 'echo bye; exit 0'", ";", "set-option", "-p", "remain-on-exit", "on");
        target.Tmux("new-session", "-d", "-s", "asking", "-x", "100", "-y", "30", _w.Agent("asking.sh", """
            echo "⏺ Bash(rm -rf build)"
            echo "Do you want to proceed?"
            echo "❯ 1. Yes"
            echo "  2. No"
            sleep 300
            """));
        target.Tmux("new-session", "-d", "-s", "busy", "-x", "100", "-y", "30", _w.Agent("busy.sh", """
            echo "⏺ Reading the code"
            echo "✻ Thinking… (3s · esc to interrupt)"
            sleep 300
            """));
        target.Tmux("new-session", "-d", "-s", "idle", Prompt());
        TmuxTestServer.WaitUntil(() => target.Tmux("display-message", "-p", "-t", "=watched:", "#{pane_dead}").Trim() == "1", null, "the watched pane to die");
        target.AttachTerminalClient(host, target.Tmux("display-message", "-p", "-t", "=watched:", "#{session_id}").Trim());
        TmuxTestServer.WaitUntil(() => target.Capture(target.ActivePane("=busy:")).Contains("esc to interrupt", StringComparison.Ordinal) && target.Capture(target.ActivePane("=asking:")).Contains("2. No", StringComparison.Ordinal), null, "the agents' screens");

        var plain = Items(Json(await _w.Run("-S", target.SocketPath, "cleanup", "--dry-run", "--json")));

        Assert.Contains(("session", "watched", "keep", "exited 0; refused: a client is attached (--force overrides)", false), plain.Select(i => (i.Kind, i.Target, i.Action, i.Reason, i.Forced)));

        var all = Items(Json(await _w.Run("-S", target.SocketPath, "cleanup", "--all", "--json")));

        Assert.Equal(
            [
                ("asking", "keep", "waiting; refused: it is waiting for input (--force overrides)"),
                ("busy", "keep", "working; refused: it is working (--force overrides)"),
                ("idle", "remove", "idle"),
                ("watched", "keep", "exited 0; refused: a client is attached (--force overrides)"),
            ],
            all.Select(i => (i.Target, i.Action, i.Reason)));
        Assert.Equal(["asking", "busy", "watched"], target.SessionNames());

        var forced = Items(Json(await _w.Run("-S", target.SocketPath, "cleanup", "--all", "--force", "--json")));

        Assert.Equal(
            [
                ("asking", "remove", "waiting; forced: it is waiting for input", true),
                ("busy", "remove", "working; forced: it is working", true),
                ("watched", "remove", "exited 0; forced: a client is attached", true),
            ],
            forced.Select(i => (i.Target, i.Action, i.Reason, i.Forced)));
        Assert.Empty(target.SessionNames());
    }

    [Fact]
    public async Task Older_than_keeps_recent_ends_and_replaces_the_retention_of_run_folders()
    {
        Directory.CreateDirectory(StateDir);
        Exited("just done", "exit 0");
        var now = DateTimeOffset.UtcNow;
        WriteRun("20261128-000000-two-hours", RunState.Succeeded, now.AddHours(-2).AddMinutes(-5));
        WriteRun("20261128-000001-ten-minutes", RunState.Succeeded, now.AddMinutes(-10).AddSeconds(-20));
        WaitDead("just done");

        var bad = await _w.Run("cleanup", "--older-than", "2 hours");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("sessiontui: --older-than: '2 hours' is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 30m, 2h, 1d", bad.StandardError, StringComparison.Ordinal);

        var items = Items(Json(await _w.Run("cleanup", "--older-than", "1h", "--json")));

        Assert.Equal(
            [
                ("just done", "keep", "exited 0: last output <1m ago, within --older-than 1h"),
                (Path.Join(_w.RunsDir, "20261128-000000-two-hours"), "remove", "succeeded, ended 2h ago (--older-than 1h)"),
                (Path.Join(_w.RunsDir, "20261128-000001-ten-minutes"), "keep", "succeeded, ended 10m ago, within --older-than 1h"),
            ],
            items.Select(i => (i.Target, i.Action, i.Reason)));
        Assert.Equal(["just done"], Sessions());
        Assert.Equal(["20261128-000001-ten-minutes"], Directory.GetDirectories(_w.RunsDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_session_with_a_hostile_name_is_removed_by_id_and_its_prefix_sibling_stays()
    {
        Directory.CreateDirectory(StateDir);
        Exited(Hostile, "echo hostile output; exit 5");
        _w.Tmux("new-session", "-d", "-s", Hostile + "-prod", "sleep 300", ";", "set-option", "-p", "remain-on-exit", "on");
        WaitDead(Hostile);
        var id = _w.Tmux("display-message", "-p", "-t", "=" + Hostile + ":", "#{session_id}").Trim();

        var dry = Items(Json(await _w.Run("cleanup", "--exited", "--dry-run", "--json")));
        var real = await _w.Run("cleanup", "--exited");

        Assert.Equal([(Hostile, id, "remove"), (Hostile + "-prod", dry[1].Id, "keep")], dry.Select(i => (i.Target, i.Id, i.Action)));
        Assert.True(real.ExitCode == 0, real.StandardError);
        var line = real.StandardOutput.Split('\n').Single(l => l.StartsWith("removed", StringComparison.Ordinal));
        Assert.Matches(@"^removed  session  " + System.Text.RegularExpressions.Regex.Escape($"{Hostile} ({id} on workcells)") + " +exited 5$", line);
        Assert.Equal([Hostile + "-prod"], Sessions());
        Assert.False(File.Exists(Path.Join(_w.Home, "pwned")) || File.Exists("pwned"));
        var row = Json(await _w.Run("history", "--json")).EnumerateArray().Single(r => r.GetProperty("end").GetString() == "exited");
        Assert.Equal((Hostile, 5), (row.GetProperty("name").GetString(), row.GetProperty("exitStatus").GetInt32()));
    }

    [Fact]
    public async Task A_workcell_run_keeps_its_exit_when_its_dead_session_is_cleaned_and_a_live_one_ends_killed()
    {
        var quick = _w.Agent("quick", "echo done quickly; exit 0");
        var idle = _w.Agent("idle", "printf '❯ '; sleep 300");
        var exitedRun = (await _w.Run("launch", "quick", "--cwd", _w.Home, "--task", "x", "--", quick)).StandardOutput.Trim();
        var liveRun = (await _w.Run("launch", "sleepy", "--cwd", _w.Home, "--task", "x", "--", idle)).StandardOutput.Trim();
        var ended = _w.WaitEnded(exitedRun);
        TmuxTestServer.WaitUntil(() => _w.Status(liveRun).State == RunState.Running, null, "the idle run to run");
        WaitDead("quick");

        var result = await _w.Run("cleanup", "--all", "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Empty(Sessions());
        Assert.Equal(ended.State, _w.WaitEnded(exitedRun).State);
        Assert.Equal(0, _w.Status(exitedRun).Exit?.Status);
        var killed = _w.WaitEnded(liveRun);
        Assert.Equal(RunState.Killed, killed.State);
    }

    /// <summary>A session whose pane runs the shell command <paramref name="script"/> (tmux runs it with the shell's
    /// <c>-c</c>) and stays after it ends.</summary>
    private void Exited(string name, string script) =>
        _w.Tmux("new-session", "-d", "-s", name, script, ";", "set-option", "-p", "remain-on-exit", "on");

    /// <summary>Waits for tmux's dead flag, nudging the server with a child that exits (tmux 3.3a can miss a pane's SIGCHLD
    /// until another of its children exits; see <c>AgentLog.PumpAsync</c>).</summary>
    private void WaitDead(string name) =>
        TmuxTestServer.WaitUntil(() => _w.Tmux("run-shell", "true", ";", "display-message", "-p", "-t", "=" + name + ":", "#{pane_dead}").Trim() == "1", null, $"{name} to die");

    private string Prompt() => _w.Agent("prompt.sh", "printf '❯ '\nsleep 300");

    private IReadOnlyList<string> Sessions()
    {
        var result = _w.Runner.RunAsync(new SessionTui.Tmux.ProcessSpec("tmux", ["-S", _w.Socket, "list-sessions", "-F", "#{session_name}"])).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)] : [];
    }

    private void WriteRun(string runId, RunState state, DateTimeOffset? ended)
    {
        var dir = Path.Join(_w.RunsDir, runId);
        Directory.CreateDirectory(dir);
        var run = new RunRecord(runId, runId, _w.Socket, "workcells", _w.Home, ["/bin/true"], "true", "t", null, null, [], null, null, dir, state, DateTimeOffset.UtcNow.AddDays(-60)) { Ended = ended };
        File.WriteAllText(Path.Join(dir, "status.json"), RunJson.Serialize(run));
        File.WriteAllText(Path.Join(dir, "agent.log"), "output\n");
    }

    private static JsonElement Json(SessionTui.Tmux.ProcessResult result) => WorkcellFixture.Json(result);

    private static List<Item> Items(JsonElement output) =>
        [.. output.GetProperty("items").EnumerateArray().Select(i => new Item(
            i.GetProperty("kind").GetString()!, i.GetProperty("target").GetString()!, i.GetProperty("id").GetString(), i.GetProperty("server").GetString(),
            i.GetProperty("action").GetString()!, i.GetProperty("reason").GetString()!, i.GetProperty("forced").GetBoolean()))];

    private sealed record Item(string Kind, string Target, string? Id, string? Server, string Action, string Reason, bool Forced);
}
