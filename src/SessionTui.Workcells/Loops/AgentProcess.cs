using System.Runtime.InteropServices;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells.Loops;

/// <summary>
/// Starts an iteration's agent as a child on this process's own terminal (stdin, stdout and stderr inherited, so the agent
/// draws on the loop's tmux pane and a person can attach to it) and waits for its exact end: exit status or signal, as
/// waitpid(2) reports them. System.Diagnostics.Process (and CliWrap on top of it) folds a signal into 128 + N and always
/// redirects or inherits through its own machinery; this uses posix_spawnp(3) and waitpid(2) directly.
/// </summary>
/// <remarks>
/// Safe beside .NET's own child handling: the runtime's SIGCHLD handler only reaps the children it started (it reaps all
/// only when SIGCHLD was ignored at startup, which a tmux pane never does). Descriptors .NET opens are close-on-exec, so
/// the child gets exactly 0, 1 and 2. The child stays in this process group, so the terminal's signals (Ctrl-C, the
/// SIGHUP of a killed session) reach it as they would reach an agent started by a shell.
/// </remarks>
public sealed partial class AgentProcess
{
    private const int EINTR = 4;
    private const int ECHILD = 10;

    private AgentProcess(int pid) => Pid = pid;

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>Starts <paramref name="argv"/> (argv[0] looked up on PATH as a shell would) in <paramref name="cwd"/> with
    /// this process's environment plus <paramref name="environment"/>.</summary>
    /// <exception cref="IOException">The program could not be started (errno in the message: not found, not executable).</exception>
    public static AgentProcess Start(IReadOnlyList<string> argv, string cwd, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(environment);
        if (argv.Count == 0)
        {
            throw new ArgumentException("empty command", nameof(argv));
        }

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }

        foreach (var (k, v) in environment)
        {
            env[k] = v;
        }

        var allocated = new List<IntPtr>();
        try
        {
            var args = argv.Select(a => Alloc(a, allocated)).Append(IntPtr.Zero).ToArray();
            var envp = env.Select(kv => Alloc(kv.Key + "=" + kv.Value, allocated)).Append(IntPtr.Zero).ToArray();
            // posix_spawn has no chdir of its own before glibc 2.29's _np extension: the file action is used when present.
            var actions = Marshal.AllocCoTaskMem(256);
            allocated.Add(actions);
            if (posix_spawn_file_actions_init(actions) != 0)
            {
                throw new IOException("posix_spawn_file_actions_init failed");
            }

            try
            {
                var chdir = posix_spawn_file_actions_addchdir_np(actions, cwd);
                if (chdir != 0)
                {
                    throw new IOException($"cannot change to {cwd}: {Marshal.GetPInvokeErrorMessage(chdir)}");
                }

                var rc = posix_spawnp(out var pid, argv[0], actions, IntPtr.Zero, args, envp);
                return rc == 0 ? new AgentProcess(pid) : throw new IOException($"{argv[0]}: {Marshal.GetPInvokeErrorMessage(rc)}");
            }
            finally
            {
                _ = posix_spawn_file_actions_destroy(actions);
            }
        }
        finally
        {
            foreach (var p in allocated)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>Waits for the child to end on a worker thread (waitpid is blocking; EINTR is retried).</summary>
    /// <returns>Its exact end: exit status 0-255, or the signal that killed it.</returns>
    /// <exception cref="IOException">waitpid failed (the child was reaped by someone else).</exception>
    public Task<RunExit> WaitAsync() => Task.Factory.StartNew(
        () =>
        {
            while (true)
            {
                var rc = waitpid(Pid, out var status, 0);
                if (rc == Pid)
                {
                    var signal = status & 0x7f;
                    return signal == 0 ? new RunExit((status >> 8) & 0xff, null) : new RunExit(null, signal);
                }

                var errno = Marshal.GetLastPInvokeError();
                if (rc == -1 && errno == EINTR)
                {
                    continue;
                }

                throw new IOException(errno == ECHILD ? $"process {Pid} was reaped elsewhere; its exit is unknown" : $"waitpid({Pid}): {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    /// <summary>Sends <paramref name="signal"/> (15 for SIGTERM, 9 for SIGKILL) to the child; a child already gone is ignored.</summary>
    public void Signal(int signal) => _ = kill(Pid, signal);

    private static IntPtr Alloc(string s, List<IntPtr> allocated)
    {
        var p = Marshal.StringToCoTaskMemUTF8(s);
        allocated.Add(p);
        return p;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawnp(out int pid, string file, IntPtr fileActions, IntPtr attr, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(IntPtr actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(IntPtr actions);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addchdir_np(IntPtr actions, string path);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
