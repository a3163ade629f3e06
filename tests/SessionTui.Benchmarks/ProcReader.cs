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

/// <summary>CPU seconds of a process and everything below it at one instant.</summary>
/// <param name="Own">The process itself (utime + stime).</param>
/// <param name="Reaped">Children it has waited for, with theirs (cutime + cstime).</param>
/// <param name="Live">Descendants still running (or not yet reaped), each with its own reaped children.</param>
internal readonly record struct TreeCpu(double Own, double Reaped, double Live)
{
    /// <summary>Children, reaped or live.</summary>
    public double Children => Reaped + Live;

    /// <summary>Everything.</summary>
    public double Total => Own + Reaped + Live;
}

/// <summary>One process's I/O counters from <c>/proc/PID/io</c> (proc(5)); reaped children's counters are added to their
/// parent's by the kernel.</summary>
/// <param name="WriteChars">wchar: bytes passed to write-like system calls (files, pipes, terminals).</param>
/// <param name="WriteBytes">write_bytes: bytes of page cache this process caused to be dirtied for storage (a page that is
/// written again while still dirty is not counted again; tmpfs counts nothing).</param>
internal readonly record struct IoCounters(long WriteChars, long WriteBytes);

/// <summary>Reads what Linux exposes about a process under <c>/proc</c>: CPU times, memory, I/O, children.</summary>
internal static class ProcReader
{
    private static readonly double TicksPerSecond = Native.ClockTicksPerSecond();

    /// <summary>The CPU times of <paramref name="pid"/> (resolution: one clock tick, 10 ms).</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    public static CpuTimes Cpu(int pid) => ParseStat(File.ReadAllText(StatPath(pid)));

    /// <summary>The CPU times of this benchmark process itself.</summary>
    public static CpuTimes Self() => ParseStat(File.ReadAllText("/proc/self/stat"));

    /// <summary>CPU of <paramref name="pid"/>, its reaped children, and its live descendants (recursively). A child that
    /// exits between being listed and being read is missed in this reading (at most its own CPU, once).</summary>
    /// <exception cref="IOException">The process itself does not exist (any more).</exception>
    public static TreeCpu Tree(int pid)
    {
        var self = Cpu(pid);
        var live = Children(pid).Sum(LiveTotal);
        return new TreeCpu(self.Own, self.Children, live);
    }

    /// <summary>Resident set size (<c>VmRSS</c> of <c>/proc/PID/status</c>) in bytes.</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    /// <exception cref="FormatException">The file has no VmRSS line (e.g. a zombie).</exception>
    public static long RssBytes(int pid) => StatusKib(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size since the process started (<c>VmHWM</c>), in bytes.</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    /// <exception cref="FormatException">The file has no VmHWM line (e.g. a zombie).</exception>
    public static long PeakRssBytes(int pid) => StatusKib(pid, "VmHWM:") * 1024;

    /// <summary>The I/O counters of <paramref name="pid"/>.</summary>
    /// <exception cref="IOException">The process does not exist (any more).</exception>
    public static IoCounters Io(int pid)
    {
        long wchar = 0;
        long writeBytes = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/io"))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == "wchar")
            {
                wchar = long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (parts.Length == 2 && parts[0] == "write_bytes")
            {
                writeBytes = long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return new IoCounters(wchar, writeBytes);
    }

    /// <summary>The children of every thread of <paramref name="pid"/> (<c>/proc/PID/task/TID/children</c>); empty when the
    /// process is gone.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    children.AddRange(File.ReadAllText(Path.Join(task, "children"))
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(c => int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture)));
                }
                catch (IOException)
                {
                    // The thread exited between listing and reading.
                }
            }
        }
        catch (IOException)
        {
            // The process exited.
        }

        return children;
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

    /// <summary>The command name (<c>/proc/PID/comm</c>, at most 15 characters), or null when the process is gone.</summary>
    public static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double LiveTotal(int pid)
    {
        try
        {
            return Cpu(pid).Total + Children(pid).Sum(LiveTotal);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long StatusKib(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kib, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException($"/proc/{pid}/status has no {field} line");
    }

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
