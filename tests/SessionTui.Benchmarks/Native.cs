using System.Runtime.InteropServices;

namespace SessionTui.Benchmarks;

/// <summary>The libc calls .NET has no managed API for: sending an arbitrary signal, the clock-tick rate of /proc, and
/// making a FIFO.</summary>
internal static class Native
{
    /// <summary>SIGUSR1 on Linux (signal(7)): makes the wall dump its metrics.</summary>
    public const int SigUsr1 = 10;

    /// <summary>SIGTERM on Linux: asks the wall to restore the terminal and exit.</summary>
    public const int SigTerm = 15;

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

    /// <summary>Creates a FIFO (named pipe) at <paramref name="path"/>, readable and writable by the owner only.</summary>
    /// <exception cref="IOException">mkfifo(3) failed; the message holds errno.</exception>
    public static void MakeFifo(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static extern long SysConf(int name);

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
