using System.Collections.Concurrent;
using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>
/// A private tmux server: its own temp directory <c>/tmp/sessiontui-bench-XXXX</c> holding the socket
/// <c>sessiontui-bench-&lt;random&gt;-&lt;role&gt;</c> (<c>-S</c>, so the wall can be pointed at it with <c>-S</c> while its
/// own <c>$TMUX_TMPDIR</c> is empty), no config (<c>-f /dev/null</c>), <c>exit-empty off</c>. Disposing kills the server and
/// deletes the directory (and anything the caller put in it). Live servers are also listed for <see cref="KillAll"/>, which a
/// second Ctrl-C runs before the benchmark exits.
/// </summary>
internal sealed class TmuxFixture : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<TmuxFixture, bool> Live = new();
    private static readonly IReadOnlyDictionary<string, string?> OutsideTmux =
        new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null };

    /// <summary>Creates the directory and starts the server.</summary>
    /// <param name="role">Names the socket, e.g. <c>inner-jit</c>.</param>
    public TmuxFixture(string role)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sessiontui-bench-").FullName;
        var random = Path.GetFileName(Directory)["sessiontui-bench-".Length..].ToLowerInvariant();
        SocketPath = Path.Join(Directory, $"sessiontui-bench-{random}-{role}");
        try
        {
            Run("start-server", ";", "set-option", "-s", "exit-empty", "off");
            ServerPid = int.Parse(Run("display-message", "-p", "#{pid}").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            Live[this] = true;
        }
        catch
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            throw;
        }
    }

    /// <summary>The private directory, deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The server's socket.</summary>
    public string SocketPath { get; }

    /// <summary>The server's process id.</summary>
    public int ServerPid { get; }

    /// <summary>Kills every server not yet disposed (for an emergency exit; directories are left).</summary>
    public static void KillAll()
    {
        foreach (var fixture in Live.Keys)
        {
            fixture.KillServer();
        }
    }

    /// <summary>Runs <c>tmux -S SocketPath -f /dev/null args...</c> outside any tmux and returns its stdout.</summary>
    /// <param name="args">Verbatim argv; a lone <c>;</c> chains commands.</param>
    /// <exception cref="InvalidOperationException">tmux failed; the message holds its stderr.</exception>
    public string Run(params string[] args)
    {
        var result = Processes.Run("tmux", ["-S", SocketPath, "-f", "/dev/null", .. args], CallTimeout, OutsideTmux);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>The argv that runs tmux on this server in control mode attached to <paramref name="session"/> without
    /// resizing it or receiving pane output, for sending commands on stdin.</summary>
    public IReadOnlyList<string> ControlClientArgs(string session) =>
        ["-S", SocketPath, "-f", "/dev/null", "-C", "attach-session", "-t", "=" + session, "-f", "ignore-size,no-output"];

    /// <summary>The visible screen of a pane as plain text.</summary>
    public string Capture(string pane) => Run("capture-pane", "-p", "-t", pane);

    /// <summary>Kills the server (its panes' processes get SIGHUP); a server already gone counts as killed.</summary>
    public void KillServer()
    {
        Processes.Run("tmux", ["-S", SocketPath, "kill-server"], CallTimeout, OutsideTmux);
        if (ProcReader.IsRunning(ServerPid))
        {
            Native.Signal(ServerPid, Native.SigKill);
        }
    }

    /// <summary>Kills the server and deletes the directory.</summary>
    public void Dispose()
    {
        KillServer();
        Live.TryRemove(this, out _);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
