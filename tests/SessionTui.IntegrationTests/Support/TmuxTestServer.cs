using System.Diagnostics;
using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Support;

/// <summary>
/// A real tmux server on a private socket in its own temp directory (<c>-S &lt;dir&gt;/sock -f /dev/null</c>), for one test.
/// It starts with <c>exit-empty off</c>, so it survives killing its last session; <see cref="Dispose"/> kills it and deletes the
/// directory. Every helper waits by polling with a timeout, never by a fixed sleep. Unique directories make instances safe to
/// use from tests running in parallel.
/// </summary>
public sealed class TmuxTestServer : IDisposable
{
    /// <summary>How long helpers wait by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly IReadOnlyDictionary<string, string?> OutsideTmux =
        new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null };

    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the directory and starts the server.</summary>
    /// <param name="tmuxPath">The tmux program.</param>
    public TmuxTestServer(string tmuxPath = "tmux")
    {
        TmuxPath = tmuxPath;
        Directory = System.IO.Directory.CreateTempSubdirectory("stui-tmux-").FullName;
        SocketPath = Path.Join(Directory, "sock");
        Server = TmuxServers.FromSocketPath(SocketPath);
        Transport = new ProcessTmuxTransport(Runner, tmuxPath);
        Client = new TmuxClient(Transport, TimeProvider.System);
        try
        {
            Start();
        }
        catch
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            throw;
        }
    }

    /// <summary>The tmux program.</summary>
    public string TmuxPath { get; }

    /// <summary>The private directory; deleted on <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    /// <summary>The socket path, <c>&lt;Directory&gt;/sock</c>.</summary>
    public string SocketPath { get; }

    /// <summary>The server as the product addresses it (<c>-S SocketPath</c>).</summary>
    public ServerRef Server { get; }

    /// <summary>The real process runner the helpers use.</summary>
    public ProcessRunner Runner { get; } = new();

    /// <summary>A transport to this tmux (counts its spawns).</summary>
    public ProcessTmuxTransport Transport { get; }

    /// <summary>A client over <see cref="Transport"/> with the system clock.</summary>
    public TmuxClient Client { get; }

    /// <summary>The global arguments of every helper call: <c>-u -S SocketPath -f /dev/null</c>.</summary>
    public IReadOnlyList<string> GlobalArgs => ["-u", "-S", SocketPath, "-f", "/dev/null"];

    /// <summary>Starts the server (again, after <see cref="KillServer"/>) with <c>exit-empty off</c>.</summary>
    public void Start() => Tmux("start-server", ";", "set-option", "-s", "exit-empty", "off");

    /// <summary>Runs <c>tmux &lt;GlobalArgs&gt; args...</c> (outside any tmux: <c>TMUX</c> unset) and returns its stdout.</summary>
    /// <param name="args">tmux command and arguments, verbatim argv (a lone <c>;</c> chains commands).</param>
    /// <exception cref="InvalidOperationException">tmux exited with a non-zero code; the message holds its stderr.</exception>
    public string Tmux(params string[] args)
    {
        var result = TryTmux(args);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException(
                $"tmux {string.Join(' ', args)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>Runs tmux like <see cref="Tmux"/> but returns the whole result, whatever the exit code.</summary>
    /// <param name="args">tmux command and arguments.</param>
    public ProcessResult TryTmux(params string[] args) =>
        Runner.RunAsync(new ProcessSpec(TmuxPath, [.. GlobalArgs, .. args]) { Environment = OutsideTmux })
            .GetAwaiter().GetResult();

    /// <summary>Creates a detached 80x24 session running <paramref name="command"/> (argv; none for the default shell).</summary>
    /// <param name="name">The session name, passed to <c>-s</c> as is: tmux expands it as a format, so avoid <c>#</c>.</param>
    /// <param name="command">The pane's argv.</param>
    /// <returns>The session id, e.g. <c>$3</c>.</returns>
    public string NewSession(string name, params string[] command)
    {
        List<string> args = ["new-session", "-d", "-P", "-F", "#{session_id}", "-s", name, "-x", "80", "-y", "24"];
        if (command.Length > 0)
        {
            args.Add("--");
            args.AddRange(command);
        }

        return Tmux([.. args]).TrimEnd('\n');
    }

    /// <summary>The active pane of a target's current window.</summary>
    /// <param name="target">A tmux target, e.g. <c>$3</c>.</param>
    /// <returns>The pane id, e.g. <c>%3</c>.</returns>
    public string ActivePane(string target) => Tmux("display-message", "-p", "-t", target, "#{pane_id}").TrimEnd('\n');

    /// <summary>The visible screen of a pane, plain text, trailing blank lines kept.</summary>
    /// <param name="paneId">The pane id.</param>
    public string Capture(string paneId) => Tmux("capture-pane", "-p", "-t", paneId);

    /// <summary>Session names in tmux's order.</summary>
    public IReadOnlyList<string> SessionNames() =>
        Tmux("list-sessions", "-F", "#{session_name}").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a server runs on the socket: tmux does not answer <c>no server running</c> or <c>error connecting</c>
    /// (a server still shutting down answers <c>server exited unexpectedly</c>: it counts as running).</summary>
    public bool IsRunning
    {
        get
        {
            var result = TryTmux("list-sessions");
            return result.ExitCode == 0
                || !(result.StandardError.StartsWith("no server running on ", StringComparison.Ordinal)
                    || result.StandardError.StartsWith("error connecting to ", StringComparison.Ordinal));
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">How long at most; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="what">Named in the timeout message.</param>
    /// <exception cref="TimeoutException">It did not hold in time.</exception>
    public static void WaitUntil(Func<bool> condition, TimeSpan? timeout = null, string what = "the condition") =>
        WaitUntil(condition, timeout, () => what);

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds; <paramref name="describe"/> is called only on
    /// timeout, so it can report the last state the condition saw.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">How long at most; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="describe">Says what was awaited and what was seen last, for the timeout message.</param>
    /// <exception cref="TimeoutException">It did not hold in time.</exception>
    public static void WaitUntil(Func<bool> condition, TimeSpan? timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:0.#} s for {describe()}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until a pane's visible screen contains <paramref name="text"/>.</summary>
    /// <param name="paneId">The pane id.</param>
    /// <param name="text">Text to find (ordinal).</param>
    /// <param name="timeout">How long at most.</param>
    /// <returns>The screen that contained it.</returns>
    public string WaitForText(string paneId, string text, TimeSpan? timeout = null)
    {
        var screen = "";
        WaitUntil(
            () => (screen = Capture(paneId)).Contains(text, StringComparison.Ordinal),
            timeout,
            () => $"'{text}' in {paneId}; last screen:\n{screen}");
        return screen;
    }

    /// <summary>
    /// Waits until a pane's program has exited and tmux knows its exit status or signal (needs <c>remain-on-exit</c>).
    /// Under load tmux 3.3a sometimes misses the SIGCHLD of a pane: <c>pane_dead</c> is 1 but the status stays unknown (the
    /// process a zombie) until any other child of the server exits. While that is the case this runs <c>run-shell -b true</c>,
    /// whose exit makes the server reap every zombie.
    /// </summary>
    /// <param name="paneId">The pane id.</param>
    public void WaitForDeadPane(string paneId)
    {
        var state = "";
        bool DeadWithStatus()
        {
            state = Tmux("display-message", "-p", "-t", paneId, "#{pane_dead}:#{pane_dead_status}#{pane_dead_signal}").TrimEnd('\n');
            if (state == "1:")
            {
                Tmux("run-shell", "-b", "true");
            }

            return state.StartsWith("1:", StringComparison.Ordinal) && state.Length > 2;
        }

        WaitUntil(DeadWithStatus, null, () => $"{paneId} to die; pane_dead:status/signal was '{state}'");
    }

    /// <summary>Number of clients attached to a session.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="controlMode">Count control-mode clients (true) or terminal clients (false).</param>
    public int Clients(string sessionId, bool controlMode) =>
        Tmux("list-clients", "-F", "#{session_id} #{client_control_mode}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(l => l == sessionId + (controlMode ? " 1" : " 0"));

    /// <summary>
    /// Attaches a control-mode client (<c>tmux -C attach-session</c>, stdin kept open) to a session and waits until tmux lists it.
    /// It detaches when the returned client is disposed, at the latest when this server is.
    /// </summary>
    /// <param name="sessionId">The session id.</param>
    public TmuxControlClient AttachControlClient(string sessionId)
    {
        var before = Clients(sessionId, controlMode: true);
        var client = new TmuxControlClient(TmuxPath, [.. GlobalArgs, "-C", "attach-session", "-t", sessionId]);
        _owned.Add(client);
        WaitUntil(() => Clients(sessionId, controlMode: true) > before, what: $"a control client on {sessionId}");
        return client;
    }

    /// <summary>
    /// Attaches a real terminal client to a session of this server: a tmux client running in a pane of <paramref name="host"/>
    /// (which provides the terminal), and waits until this server lists it.
    /// </summary>
    /// <param name="host">Another server whose pane hosts the client.</param>
    /// <param name="sessionId">The session id on this server.</param>
    /// <param name="readOnly">Attach with <c>-r</c>.</param>
    /// <returns>The host session id running the client.</returns>
    public string AttachTerminalClient(TmuxTestServer host, string sessionId, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(host);
        var before = Clients(sessionId, controlMode: false);
        string[] attach = readOnly ? ["attach-session", "-r", "-t", sessionId] : ["attach-session", "-t", sessionId];
        var hostSession = host.NewSession(
            "client-" + Guid.NewGuid().ToString("N"), ["env", "-u", "TMUX", "-u", "TMUX_PANE", TmuxPath, .. GlobalArgs, .. attach]);
        WaitUntil(() => Clients(sessionId, controlMode: false) > before, what: $"a terminal client on {sessionId}");
        return hostSession;
    }

    /// <summary>Stops the server (<c>kill-server</c>) and waits until nothing answers on the socket.</summary>
    public void KillServer()
    {
        TryTmux("kill-server");
        WaitUntil(() => !IsRunning, what: "the server to stop");
    }

    /// <summary>Detaches owned clients, kills the server and deletes the directory.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        TryTmux("kill-server");
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
