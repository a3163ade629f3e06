using SessionTui.Core.Runs;
using SessionTui.Workcells.Loops;

namespace SessionTui.IntegrationTests.Loops;

/// <summary>The loop's agent spawner reports exits exactly as waitpid(2) does: an exit of 137 is not a SIGKILL.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[System.Runtime.Versioning.SupportedOSPlatform("macos")]
public sealed class AgentProcessTests
{
    [Theory]
    [InlineData("exit 0", 0, null)]
    [InlineData("exit 137", 137, null)]
    [InlineData("kill -9 $$", null, 9)]
    [InlineData("kill -TERM $$", null, 15)]
    public async Task The_exit_status_and_the_signal_are_told_apart(string script, int? status, int? signal)
    {
        var agent = AgentProcess.Start(["sh", "-c", script], Path.GetTempPath(), new Dictionary<string, string>());
        Assert.Equal(new RunExit(status, signal), await agent.WaitAsync());
    }

    [Fact]
    public async Task The_agent_gets_the_cwd_and_the_extra_environment()
    {
        var dir = Directory.CreateTempSubdirectory("stui-agent-").FullName;
        try
        {
            var agent = AgentProcess.Start(["sh", "-c", "pwd > out; printf %s \"$SESSIONTUI_ITERATION\" >> out"], dir, new Dictionary<string, string> { ["SESSIONTUI_ITERATION"] = "7" });
            Assert.Equal(new RunExit(0, null), await agent.WaitAsync());
            Assert.Equal(dir + "\n7", File.ReadAllText(Path.Join(dir, "out")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_program_is_a_clear_error()
    {
        var e = Assert.Throws<IOException>(() => AgentProcess.Start(["/nonexistent/agent"], Path.GetTempPath(), new Dictionary<string, string>()));
        Assert.Contains("/nonexistent/agent", e.Message, StringComparison.Ordinal);
    }
}
