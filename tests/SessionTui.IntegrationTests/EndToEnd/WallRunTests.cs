using System.Globalization;
using SessionTui.Core.Runs;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>Workcells from the built wall in a real terminal: the launch form, the run's card and its outcome badge, the
/// runs list and a run's detail; a loop's card, its iterations and one iteration — keys in with send-keys, the screen out
/// with capture-pane.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[System.Runtime.Versioning.SupportedOSPlatform("macos")]
public sealed class WallRunTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("stui-e2e-runs-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task A_run_launched_from_the_form_gets_its_card_its_outcome_and_its_detail()
    {
        var agent = Path.Join(_home, "fake-agent");
        File.WriteAllText(agent, "#!/bin/sh\necho \"fake agent on: $1\"\nsleep 1\necho agent-done\nexit 0\n");
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Path.Join(_home, "config");
        Directory.CreateDirectory(Path.Join(config, "sessiontui"));
        File.WriteAllText(Path.Join(config, "sessiontui", "config.json"), "{ \"agents\": { \"fake\": { \"command\": [\"" + agent + "\", \"{task}\"] } } }");
        var state = Path.Join(_home, "state");
        using var wall = new WallHarness(120, 40, new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config, ["XDG_STATE_HOME"] = state });
        await Git(wall.WorkingDirectory, "init", "-q", "-b", "main");
        await Git(wall.WorkingDirectory, "commit", "-q", "--allow-empty", "-m", "initial");
        try
        {
            wall.Start();
            wall.Keys("n");
            wall.WaitForText("New run on workcells");
            wall.Keys("-l", "my run");
            wall.Keys("Tab", "Tab");
            wall.Keys("-l", "fake");
            wall.Keys("Tab", "Tab");
            wall.Keys("-l", "say hello from the e2e test");
            wall.Keys("Enter");

            var launched = wall.WaitForScreen(s => s.Contains("launched my run", StringComparison.Ordinal) && s.Contains("run fake", StringComparison.Ordinal), "the status and the run's card");
            Assert.Contains("━ my run ━", launched, StringComparison.Ordinal);
            Assert.DoesNotContain("New run on", launched, StringComparison.Ordinal);
            var ended = wall.WaitForText("○ no-op");
            Assert.Contains("agent-done", ended, StringComparison.Ordinal);

            wall.Keys("H");
            wall.WaitForText("history");
            wall.Keys("Tab");
            wall.WaitForText("1 run");
            wall.Keys("Enter");
            var detail = wall.WaitForText("say hello from the e2e test");
            Assert.Contains("── Brief", detail, StringComparison.Ordinal);
            Assert.Contains("my run · ○ no-op", detail, StringComparison.Ordinal);
        }
        finally
        {
            await new ProcessRunner().RunAsync(new ProcessSpec("tmux", ["-S", Path.Join(state, "sessiontui", "tmux.sock"), "kill-server"]));
        }
    }

    [Fact]
    public void A_loop_shows_its_progress_on_its_card_and_its_iterations_in_its_detail()
    {
        using var wall = new WallHarness(120, 40);
        var script = Path.Join(_home, "fake-loop");
        File.WriteAllText(script, "#!/bin/sh\necho '── ralph · iteration 3/25 · ☑ 2/5 ──'\nexec sleep 600\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var sessionId = wall.Watched.NewSession("ralph", script);
        string Format(string format) => wall.Watched.Tmux("display-message", "-p", "-t", sessionId, format).Trim();
        var started = DateTimeOffset.UtcNow.AddMinutes(-12);
        var runId = started.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-ralph";
        var runDir = Directory.CreateDirectory(Path.Join(_home, "runs", runId)).FullName;
        var loop = new LoopStatus(Path.Join(_home, "PRD.md"), ["fake-agent", "{prompt}"], 25, 3, LoopState.Running) { Iteration = 3, Done = 2, Total = 5, CheckedWithoutCommit = 1 };
        var run = new RunRecord(runId, "ralph", wall.Watched.SocketPath, "test", _home, [script], "fake-agent", "Work through PRD.md", "true", null, [], null, null, runDir, RunState.Running, started)
        {
            SessionId = sessionId,
            PaneId = Format("#{pane_id}"),
            Pid = int.Parse(Format("#{pane_pid}"), CultureInfo.InvariantCulture),
            ServerPid = int.Parse(Format("#{pid}"), CultureInfo.InvariantCulture),
            Loop = loop,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(wall.DbPath)!);
        using (var store = SqliteHistoryStore.Open(wall.DbPath))
        {
            store.SaveRun(run);
            store.SaveIteration(new IterationRecord(runId, 1, IterationState.Ended, started.AddMinutes(1))
            {
                Ended = started.AddMinutes(5),
                Exit = new RunExit(0, null),
                Checked = ["Add retry"],
                Commits = [new CommitInfo("0123456789abcdef", "Add retry")],
                Changed = true,
                Progress = true,
                VerifyExit = 0,
                DoneBefore = 0,
                DoneAfter = 1,
                Total = 5,
            });
            store.SaveIteration(new IterationRecord(runId, 2, IterationState.Ended, started.AddMinutes(5))
            {
                Ended = started.AddMinutes(8),
                Exit = new RunExit(0, null),
                Checked = ["Document the limits"],
                CheckedWithoutCommit = true,
                VerifyExit = 1,
                DoneBefore = 1,
                DoneAfter = 2,
                Total = 5,
                OutputTail = "checked it off without committing",
            });
            store.SaveIteration(new IterationRecord(runId, 3, IterationState.Running, started.AddMinutes(8)) { DoneBefore = 2, Total = 5 });
        }

        wall.Start();
        // One frame may show the card before its last line is drawn: wait for the whole card.
        var card = wall.WaitForScreen(
            s => s.Contains("☑ 2/5", StringComparison.Ordinal) && s.Contains("iter 3/25", StringComparison.Ordinal) && s.Contains("⚠ 1 checked without commit", StringComparison.Ordinal),
            "the loop's progress and warning on its card");
        Assert.Contains("loop fake-agent · 12m", card, StringComparison.Ordinal);

        using (var store = SqliteHistoryStore.Open(wall.DbPath))
        {
            store.SaveRun(run with { Loop = loop with { Done = 3, State = LoopState.Verifying } });
        }

        var moved = wall.WaitForScreen(s => s.Contains("☑ 3/5", StringComparison.Ordinal) && s.Contains("verifying", StringComparison.Ordinal), "the loop's new progress within seconds");
        Assert.Contains("iter 3/25", moved, StringComparison.Ordinal);

        wall.Keys("H");
        wall.WaitForText("history");
        wall.Keys("Tab");
        wall.WaitForText("1 run");
        wall.Keys("Enter");
        var detail = wall.WaitForText("#3  running");
        Assert.Contains("#1  exit 0   +1 ☑  1 commit   verify ✓  4m", detail, StringComparison.Ordinal);
        Assert.Contains("#2  exit 0   +1 ☑  0 commits  verify ✗  3m  ⚠ checked without commit", detail, StringComparison.Ordinal);
        Assert.Contains("ralph · verifying", detail, StringComparison.Ordinal);
        Assert.Contains("⏎ iteration", detail, StringComparison.Ordinal);

        wall.Keys("Up", "Enter");
        var iteration = wall.WaitForText("ralph · iteration 2 · exit 0");
        Assert.Contains("☑ Document the limits", iteration, StringComparison.Ordinal);
        Assert.Contains("checked it off without committing", iteration, StringComparison.Ordinal);

        wall.Keys("Escape");
        var back = wall.WaitForScreen(s => s.Contains("── Iterations", StringComparison.Ordinal) && !s.Contains("· iteration 2 ·", StringComparison.Ordinal), "the loop's detail again");
        Assert.Contains("#3  running", back, StringComparison.Ordinal);
    }

    private static async Task Git(string dir, params string[] args)
    {
        Directory.CreateDirectory(dir);
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("git", ["-C", dir, "-c", "user.name=SessionTui Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args]));
        Assert.True(result.ExitCode == 0, result.StandardError);
    }
}
