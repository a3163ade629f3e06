using System.Globalization;
using SessionTui.Tmux;

namespace SessionTui.Benchmarks;

/// <summary>
/// A private tmux server: its own temp directory, socket <c>&lt;dir&gt;/&lt;name&gt;.sock</c>, no config (<c>-f /dev/null</c>),
/// <c>exit-empty off</c>. Disposing kills the server and deletes the directory (and anything the caller put in it).
/// </summary>
internal sealed class TmuxFixture : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly IReadOnlyDictionary<string, string?> OutsideTmux =
        new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null };

    private readonly ProcessRunner _runner = new();

    /// <summary>Creates the directory and starts the server.</summary>
    /// <param name="name">Names the socket and the directory, e.g. <c>inner</c>.</param>
    public TmuxFixture(string name)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"stui-bench-{name}-").FullName;
        SocketPath = Path.Join(Directory, name + ".sock");
        try
        {
            Run("start-server", ";", "set-option", "-s", "exit-empty", "off");
            ServerPid = int.Parse(Run("display-message", "-p", "#{pid}").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
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

    /// <summary>Runs <c>tmux -S SocketPath -f /dev/null args...</c> outside any tmux and returns its stdout.</summary>
    /// <param name="args">Verbatim argv; a lone <c>;</c> chains commands.</param>
    /// <exception cref="InvalidOperationException">tmux failed; the message holds its stderr.</exception>
    public string Run(params string[] args)
    {
        var spec = new ProcessSpec("tmux", ["-S", SocketPath, "-f", "/dev/null", .. args]) { Environment = OutsideTmux, Timeout = CallTimeout };
        var result = _runner.RunAsync(spec).GetAwaiter().GetResult();
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>The visible screen of a pane as plain text.</summary>
    public string Capture(string pane) => Run("capture-pane", "-p", "-t", pane);

    /// <summary>Kills the server (its panes' processes get SIGHUP); a server already gone counts as killed.</summary>
    public void KillServer()
    {
        var spec = new ProcessSpec("tmux", ["-S", SocketPath, "kill-server"]) { Environment = OutsideTmux, Timeout = CallTimeout };
        _runner.RunAsync(spec).GetAwaiter().GetResult();
        if (ProcReader.IsRunning(ServerPid))
        {
            Native.Signal(ServerPid, Native.SigKill);
        }
    }

    /// <summary>Kills the server and deletes the directory.</summary>
    public void Dispose()
    {
        KillServer();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
