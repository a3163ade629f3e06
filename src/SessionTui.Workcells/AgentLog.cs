namespace SessionTui.Workcells;

/// <summary>
/// <c>agent.log</c>: everything the agent's pane printed, raw (escape sequences kept), fed by tmux <c>pipe-pane</c> through
/// <c>sessiontui pipe-log</c>. When the file reaches the cap it is renamed to <c>agent.log.1</c> (replacing the older
/// one) and a new file starts, so a run keeps at most twice the cap (default 8 MiB, see
/// <see cref="WorkcellConfig.LogMaxBytes"/>).
/// </summary>
public static class AgentLog
{
    /// <summary>Copies <paramref name="input"/> to <paramref name="path"/> (appending) until it ends, rotating at
    /// <paramref name="maxBytes"/>. Meanwhile, when <paramref name="agentPid"/> is given, watches that process (Linux
    /// <c>/proc</c>): once it has exited but its pane still holds the pipe open, calls <paramref name="reap"/> (at most ten
    /// times, a second apart), because tmux 3.3a can miss the pane's SIGCHLD and then neither marks the exit nor fires the
    /// <c>pane-died</c> hook until another of its children exits.</summary>
    /// <exception cref="IOException">The log cannot be written.</exception>
    public static async Task PumpAsync(Stream input, string path, long maxBytes, int? agentPid = null, Func<Task>? reap = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = agentPid is { } pid && reap is not null ? WatchAsync(pid, reap, stop.Token) : Task.CompletedTask;
        try
        {
            await CopyAsync(input, path, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
        }
    }

    /// <summary>Whether a process has exited (gone, or a zombie nobody reaped yet), from <c>/proc/PID/stat</c>; false
    /// where there is no <c>/proc</c>.</summary>
    internal static bool HasExited(int pid)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText("/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static async Task WatchAsync(int pid, Func<Task> reap, CancellationToken ct)
    {
        try
        {
            var nudges = 0;
            while (nudges < 10)
            {
                await Task.Delay(1000, ct).ConfigureAwait(false);
                if (HasExited(pid))
                {
                    nudges++;
                    await reap().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            // Nudging is a safety net; the log copy goes on without it.
        }
    }

    private static async Task CopyAsync(Stream input, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var output = Open(path);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var chunk = buffer.AsMemory(0, read);
                while (chunk.Length > 0)
                {
                    if (output.Length >= maxBytes)
                    {
                        await output.DisposeAsync().ConfigureAwait(false);
                        File.Move(path, path + ".1", overwrite: true);
                        output = Open(path);
                    }

                    var room = (int)Math.Min(chunk.Length, maxBytes - output.Length);
                    await output.WriteAsync(chunk[..room], cancellationToken).ConfigureAwait(false);
                    chunk = chunk[room..];
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await output.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log (with <c>agent.log.1</c> before it when the current file
    /// holds fewer), as raw text; empty when there is none.</summary>
    public static string Tail(string path, int lines)
    {
        var text = (File.Exists(path + ".1") ? File.ReadAllText(path + ".1") : "") + (File.Exists(path) ? File.ReadAllText(path) : "");
        var all = text.Split('\n');
        var count = all.Length > 0 && all[^1].Length == 0 ? all.Length - 1 : all.Length;
        return string.Join('\n', all.Skip(Math.Max(0, count - lines)));
    }

    private static FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Append,
        Access = FileAccess.Write,
        Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });
}
