using System.Runtime.InteropServices;
using SessionTui.Tmux;

namespace SessionTui.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
/// <param name="Processors">nproc.</param>
/// <param name="Tmux">tmux -V.</param>
/// <param name="DotnetSdk">dotnet --version.</param>
/// <param name="Runtime">The runtime this program runs on.</param>
/// <param name="Cpu">The CPU model from /proc/cpuinfo.</param>
/// <param name="Os">The OS description.</param>
internal sealed record Machine(int Processors, string Tmux, string DotnetSdk, string Runtime, string Cpu, string Os)
{
    /// <summary>Reads the current machine.</summary>
    public static async Task<Machine> DescribeAsync()
    {
        var runner = new ProcessRunner();
        async Task<string> Output(string program, string arg)
        {
            var result = await runner.RunAsync(new ProcessSpec(program, [arg]) { Timeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : $"{program} {arg} failed";
        }

        var cpu = File.ReadLines("/proc/cpuinfo")
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return new Machine(
            Environment.ProcessorCount,
            await Output("tmux", "-V").ConfigureAwait(false),
            await Output(DotnetHost.Path, "--version").ConfigureAwait(false),
            RuntimeInformation.FrameworkDescription,
            cpu,
            RuntimeInformation.OSDescription);
    }
}
