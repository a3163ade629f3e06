using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>Workcells from the built wall in a real terminal: the launch form, the run's card and its outcome badge, the
/// runs list and a run's detail — keys in with send-keys, the screen out with capture-pane.</summary>
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

    private static async Task Git(string dir, params string[] args)
    {
        Directory.CreateDirectory(dir);
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("git", ["-C", dir, "-c", "user.name=SessionTui Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args]));
        Assert.True(result.ExitCode == 0, result.StandardError);
    }
}
