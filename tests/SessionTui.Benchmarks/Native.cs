using System.Runtime.InteropServices;

namespace SessionTui.Benchmarks;

/// <summary>The two libc calls .NET has no managed API for: sending an arbitrary signal, and the clock-tick rate of /proc.</summary>
internal static class Native
{
    /// <summary>SIGUSR1 on Linux (signal(7)): makes the wall dump its metrics.</summary>
    public const int SigUsr1 = 10;

    /// <summary>SIGKILL on Linux.</summary>
    public const int SigKill = 9;

    private const int ScClkTck = 2;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    /// <returns>True when the signal was sent (the process exists and may be signalled).</returns>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Clock ticks per second of the times in <c>/proc/PID/stat</c> (<c>sysconf(_SC_CLK_TCK)</c>, 100 on Linux).</summary>
    public static long ClockTicksPerSecond()
    {
        var ticks = SysConf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static extern long SysConf(int name);
}
