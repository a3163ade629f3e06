using System.Runtime.InteropServices;

namespace SessionTui.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
/// <param name="Processors">nproc.</param>
/// <param name="Tmux">tmux -V.</param>
/// <param name="DotnetSdk">dotnet --version.</param>
/// <param name="Runtime">The runtime this program runs on.</param>
/// <param name="Cpu">The CPU model from /proc/cpuinfo.</param>
/// <param name="Os">The OS description.</param>
/// <param name="Strace">strace -V, or null when not used.</param>
internal sealed record Machine(int Processors, string Tmux, string DotnetSdk, string Runtime, string Cpu, string Os, string? Strace)
{
    /// <summary>Reads the current machine.</summary>
    /// <param name="strace">strace's path when the walls run under it.</param>
    public static Machine Describe(string? strace)
    {
        static string Output(string program, string arg)
        {
            var result = Processes.Run(program, [arg], TimeSpan.FromSeconds(30));
            return result.ExitCode == 0 ? result.StandardOutput.Split('\n')[0].Trim() : $"{program} {arg} failed";
        }

        var cpu = File.ReadLines("/proc/cpuinfo")
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return new Machine(
            Environment.ProcessorCount,
            Output("tmux", "-V"),
            Output(DotnetHost.Path, "--version"),
            RuntimeInformation.FrameworkDescription,
            cpu,
            RuntimeInformation.OSDescription,
            strace is null ? null : Output(strace, "-V"));
    }

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), e.g. <c>1.52 0.98 0.60</c>.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
