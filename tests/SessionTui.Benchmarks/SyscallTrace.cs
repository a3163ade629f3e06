using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionTui.Benchmarks;

/// <summary>A program the wall started (a successful <c>execve</c> in one of its child processes).</summary>
/// <param name="At">When, Unix seconds (strace <c>-ttt</c>, realtime clock).</param>
/// <param name="Program">The executable's path.</param>
/// <param name="Arguments">Its argv as strace printed it (strings cut at 200 characters).</param>
internal sealed record TracedExec(double At, string Program, string Arguments);

/// <summary>One write system call of the wall's process tree to a file.</summary>
/// <param name="At">When, Unix seconds.</param>
/// <param name="File">The file written (strace <c>-y</c>).</param>
/// <param name="Bytes">Bytes written (the call's return value).</param>
internal sealed record TracedWrite(double At, string File, long Bytes);

/// <summary>What the wall's process tree did, from its strace logs.</summary>
/// <param name="Execs">Programs its children started, oldest first.</param>
/// <param name="Writes">Writes to regular files under the wall's private folder, oldest first.</param>
internal sealed record SyscallLog(IReadOnlyList<TracedExec> Execs, IReadOnlyList<TracedWrite> Writes);

/// <summary>
/// Runs the wall under <c>strace -f --seccomp-bpf</c> (only <c>execve</c> and the write family stop the tracee; nothing else is
/// slowed down), one log per thread or process (<c>-ff</c>), to count two things exactly from outside the app: the programs
/// the wall spawns (so tmux spawns per server come from the argv, not from the app) and the bytes it writes to its history
/// database files (<c>.db</c>, <c>-wal</c>, <c>-journal</c>, <c>-shm</c>) per phase.
/// </summary>
internal static partial class SyscallTrace
{
    /// <summary>strace's arguments before the traced command: logs to <paramref name="directory"/>/t.PID.</summary>
    public static IReadOnlyList<string> Arguments(string directory) =>
    [
        "-ff", "-o", Path.Join(directory, "t"), "--seccomp-bpf", "-qq", "-ttt", "-y", "-s", "200",
        "-e", "trace=execve,write,pwrite64,writev,pwritev,pwritev2", "-e", "signal=none", "--",
    ];

    /// <summary>Reads the logs in <paramref name="directory"/>: the execs of every process but <paramref name="wallPid"/>
    /// (whose own log starts with the wall's exec), and the writes whose file path starts with <paramref name="filePrefix"/>.</summary>
    public static SyscallLog Read(string directory, int wallPid, string filePrefix)
    {
        var execs = new List<TracedExec>();
        var writes = new List<TracedWrite>();
        foreach (var log in Directory.EnumerateFiles(directory, "t.*"))
        {
            var isWall = Path.GetExtension(log) == "." + wallPid.ToString(CultureInfo.InvariantCulture);
            foreach (var line in File.ReadLines(log))
            {
                if (!isWall && ExecLine().Match(line) is { Success: true } exec)
                {
                    execs.Add(new TracedExec(Seconds(exec.Groups["at"].Value), exec.Groups["program"].Value, exec.Groups["args"].Value));
                }
                else if (WriteLine().Match(line) is { Success: true } write && write.Groups["file"].Value.StartsWith(filePrefix, StringComparison.Ordinal))
                {
                    writes.Add(new TracedWrite(
                        Seconds(write.Groups["at"].Value),
                        write.Groups["file"].Value,
                        long.Parse(write.Groups["bytes"].Value, NumberStyles.None, CultureInfo.InvariantCulture)));
                }
            }
        }

        return new SyscallLog([.. execs.OrderBy(e => e.At)], [.. writes.OrderBy(w => w.At)]);
    }

    private static double Seconds(string text) => double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary><c>1732530000.123456 execve("/usr/bin/tmux", ["tmux", "-S", ...], 0x7ffd... /* 20 vars */) = 0</c></summary>
    [GeneratedRegex("""^(?<at>\d+\.\d+) execve\("(?<program>[^"]*)", \[(?<args>.*)\], .*\) = 0$""")]
    private static partial Regex ExecLine();

    /// <summary><c>1732530000.123456 pwrite64(27&lt;/tmp/x/history.db-wal&gt;, ""..., 4096, 0) = 4096</c></summary>
    [GeneratedRegex("""^(?<at>\d+\.\d+) (?:write|pwrite64|writev|pwritev|pwritev2)\(\d+<(?<file>[^>]*)>, .*\) = (?<bytes>\d+)$""")]
    private static partial Regex WriteLine();
}
