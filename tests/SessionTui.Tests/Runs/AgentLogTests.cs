using System.Text;
using SessionTui.Workcells;

namespace SessionTui.Tests.Runs;

public sealed class AgentLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_log_rotates_at_the_cap_so_a_run_keeps_at_most_twice_the_cap()
    {
        // Given 10 KiB of output in 1 KiB lines and a 4 KiB cap
        var path = Path.Join(_dir, "agent.log");
        var text = string.Concat(Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 1023) + "\n"));

        // When it is pumped through
        await AgentLog.PumpAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), path, 4096);

        // Then the newest bytes are kept across agent.log.1 and agent.log, each within the cap, and the tail reads across both
        Assert.True(new FileInfo(path).Length <= 4096);
        Assert.True(new FileInfo(path + ".1").Length <= 4096);
        Assert.EndsWith(File.ReadAllText(path), text, StringComparison.Ordinal);
        Assert.Equal(new string('j', 1023) + "\n", AgentLog.Tail(path, 1));
        Assert.Equal(new string('e', 1023), AgentLog.Tail(path, 6).Split('\n')[0]);
    }

    [Fact]
    public void A_process_that_is_gone_counts_as_exited_and_this_one_does_not() =>
        Assert.Equal((true, false), (AgentLog.HasExited(int.MaxValue - 1), AgentLog.HasExited(Environment.ProcessId)));
}
