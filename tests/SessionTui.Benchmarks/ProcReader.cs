using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>CPU times of one process, in seconds, from <c>/proc/PID/stat</c> (fields 14 to 17, proc(5)).</summary>
/// <param name="User">utime: the process's own user time.</param>
/// <param name="System">stime: the process's own kernel time.</param>
/// <param name="ChildrenUser">cutime: user time of children it has waited for (e.g. the tmux clients the wall spawned).</param>
/// <param name="ChildrenSystem">cstime: kernel time of children it has waited for.</param>
internal readonly record struct CpuTimes(double User, double System, double ChildrenUser, double ChildrenSystem)
{
    /// <summary>utime + stime.</summary>
    public double Own => User + System;

    /// <summary>cutime + cstime.</summary>
    public double Children => ChildrenUser + ChildrenSystem;

    /// <summary>Own + children.</summary>
    public double Total => Own + Children;
}

/// <summary>Reads what Linux exposes about a process under <c>/proc</c>: CPU times and resident memory.</summary>
internal static class ProcReader
{
    private static readonly double TicksPerSecond = Native.ClockTicksPerSecond();

    /// <summary>The CPU times of <paramref name="pid"/> (resolution: one clock tick, 10 ms).</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    public static CpuTimes Cpu(int pid) => ParseStat(File.ReadAllText(StatPath(pid)));

    /// <summary>The CPU times of this benchmark process itself.</summary>
    public static CpuTimes Self() => ParseStat(File.ReadAllText("/proc/self/stat"));

    /// <summary>Resident set size (<c>VmRSS</c> of <c>/proc/PID/status</c>) in bytes.</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    /// <exception cref="FormatException">The file has no VmRSS line (e.g. a zombie).</exception>
    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kib, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new FormatException($"/proc/{pid}/status has no VmRSS line");
    }

    /// <summary>The own CPU seconds (utime + stime) of each thread of <paramref name="pid"/>, by thread id, with its name
    /// (<c>/proc/PID/task/TID/comm</c>, at most 15 characters, e.g. <c>sessiontui-ui</c> or <c>.NET Tiered Com</c>).
    /// Threads that exit while being read are left out.</summary>
    public static IReadOnlyDictionary<int, (string Name, double Seconds)> Threads(int pid)
    {
        var threads = new Dictionary<int, (string Name, double Seconds)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Join(task, "comm")).Trim();
                threads[tid] = (name, ParseStat(File.ReadAllText(Path.Join(task, "stat"))).Own);
            }
            catch (IOException)
            {
                // The thread exited between listing and reading.
            }
        }

        return threads;
    }

    /// <summary>Whether <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            return State(File.ReadAllText(StatPath(pid))) != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The command name (<c>/proc/PID/comm</c>).</summary>
    public static string Command(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static string StatPath(int pid) => $"/proc/{pid}/stat";

    /// <summary>The fields after the command name, which is in parentheses and may itself contain spaces and parentheses.</summary>
    private static string[] FieldsAfterCommand(string stat) =>
        stat[(stat.LastIndexOf(')') + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static char State(string stat) => FieldsAfterCommand(stat)[0][0];

    private static CpuTimes ParseStat(string stat)
    {
        // Field 3 (state) is index 0 here, so field N is index N - 3: utime 14 -> 11, stime 12, cutime 13, cstime 14.
        var fields = FieldsAfterCommand(stat);
        double Seconds(int field) => long.Parse(fields[field - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) / TicksPerSecond;
        return new CpuTimes(Seconds(14), Seconds(15), Seconds(16), Seconds(17));
    }
}
