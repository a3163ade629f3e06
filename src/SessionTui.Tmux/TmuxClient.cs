using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// The tmux operations the wall needs, each one <see cref="ITmuxTransport"/> call (one spawned tmux process with
/// <see cref="ProcessTmuxTransport"/>). Output is parsed only from explicit <c>-F</c> formats (<see cref="PaneRow"/>,
/// <see cref="ClientRow"/>); sessions and panes are targeted by id.
/// </summary>
public sealed partial class TmuxClient
{
    /// <summary>What tmux 3.3a answers <c>list-panes -a</c> and <c>list-clients</c> on a server without sessions
    /// (possible with <c>exit-empty off</c>).</summary>
    private const string NoCurrentTarget = "no current target";

    /// <summary>Selects the active pane of each session's current window on the server side.</summary>
    private const string ActivePaneFilter = "#{&&:#{window_active},#{pane_active}}";

    /// <summary>Prints the server's process id (tmux(1) FORMATS <c>#{pid}</c>).</summary>
    private static readonly TmuxCommand ServerPid = new(["display-message", "-p", "#{pid}"]);

    /// <summary>Makes the server fork and reap a child, which also reaps any exited pane process it has not reaped yet.</summary>
    private static readonly TmuxCommand Reap = new(["run-shell", "-b", "true"]);

    private readonly ITmuxTransport _transport;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<ServerRef, bool> _unreaped = new();

    /// <summary>Creates the client.</summary>
    /// <param name="transport">Carries the commands to tmux.</param>
    /// <param name="clock">Stamps snapshots (<see cref="ServerSnapshot.TakenAt"/>).</param>
    public TmuxClient(ITmuxTransport transport, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(clock);
        _transport = transport;
        _clock = clock;
    }

    /// <summary>
    /// One refresh tick in one call: <c>list-panes -a -f &lt;active&gt; -F &lt;fmt&gt; ; list-clients -F &lt;fmt&gt; ;
    /// display-message -p #{pid} ; capture-pane -p -e -S -&lt;lines&gt; -t %N</c> for each pane asked; and, when the last tick saw a
    /// dead pane whose exit status tmux had not collected yet (a tmux 3.3a race), <c>run-shell -b true</c>, which makes the server
    /// reap it. A pane that vanished since the last tick makes its capture
    /// fail and tmux skip the later captures: those panes are simply missing from <see cref="ServerSnapshot.Captures"/> (the next tick
    /// asks again), the session list is complete.
    /// </summary>
    /// <param name="server">The server to poll.</param>
    /// <param name="capturePaneIds">Pane ids (<c>%N</c>) to capture, e.g. the panes on screen.</param>
    /// <param name="lines">Scrollback lines above the visible screen to include in each capture (<c>-S -lines</c>); 0 for the
    /// visible screen only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sessions, captures (pane id to text with SGR escapes, lines joined by <c>\n</c>) and
    /// <see cref="ServerSnapshot.TakenAt"/> = the clock when tmux answered.</returns>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket, or it died.</exception>
    /// <exception cref="TmuxCommandException">Listing panes or clients failed.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException">A pane id is not <c>%N</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is negative.</exception>
    public async Task<ServerSnapshot> SnapshotAsync(
        ServerRef server,
        IReadOnlyCollection<string> capturePaneIds,
        int lines,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capturePaneIds);
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var paneIds = capturePaneIds.Distinct(StringComparer.Ordinal).ToArray();
        var nonce = TmuxRecordFormat.NewNonce();
        const int first = 3;
        TmuxCommand[] commands =
        [
            ListPanes(nonce), ListClients(nonce), ServerPid, .. paneIds.Select(id => Capture(id, lines)),
            .. _unreaped.TryRemove(server, out _) ? [Reap] : Array.Empty<TmuxCommand>(),
        ];

        var results = await _transport.ExecuteAsync(server, commands, cancellationToken).ConfigureAwait(false);
        var sessions = Sessions(server, results, nonce);
        var captures = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < paneIds.Length; i++)
        {
            if (results[i + first].Status == TmuxCommandStatus.Ok)
            {
                captures[paneIds[i]] = CaptureText(results[i + first].Output);
            }
        }

        if (sessions.Any(s => s.ActivePane is { Dead: true, DeadStatus: null, DeadSignal: null }))
        {
            _unreaped[server] = true;
        }

        return new ServerSnapshot(server, _clock.GetUtcNow(), [.. sessions], captures.ToImmutable());
    }

    /// <summary>Lists the sessions of a server, each with its active pane and attached (non-control) clients.</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sessions in tmux's order (by name); empty for a server without sessions.</returns>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket, or it died.</exception>
    /// <exception cref="TmuxCommandException">Listing failed.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(ServerRef server, CancellationToken cancellationToken = default)
    {
        var nonce = TmuxRecordFormat.NewNonce();
        var results = await _transport.ExecuteAsync(server, [ListPanes(nonce), ListClients(nonce), ServerPid], cancellationToken)
            .ConfigureAwait(false);
        return Sessions(server, results, nonce);
    }

    /// <summary>Captures one pane: <c>capture-pane -p -e -S -&lt;lines&gt; -t %N</c>.</summary>
    /// <param name="server">The server.</param>
    /// <param name="paneId">The pane id, e.g. <c>%7</c>.</param>
    /// <param name="lines">Scrollback lines above the visible screen to include; 0 for the visible screen only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text with SGR escapes, lines joined by <c>\n</c>.</returns>
    /// <exception cref="TmuxCommandException">The capture failed, e.g. <c>can't find pane: %7</c>.</exception>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket, or it died.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%N</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is negative.</exception>
    public async Task<string> CapturePaneAsync(ServerRef server, string paneId, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var results = await _transport.ExecuteAsync(server, [Capture(paneId, lines)], cancellationToken).ConfigureAwait(false);
        return CaptureText(Succeeded(results[0]).Output);
    }

    /// <summary>
    /// Keeps the last screen of a session and kills it, in one call: <c>capture-pane -p -e -t %N ; kill-session -t $id</c>.
    /// If the capture fails (the pane is gone), tmux skips the kill, so the kill is sent again alone.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="sessionId">The session to kill, by id (<c>$N</c>): never a name, which tmux would prefix-match.</param>
    /// <param name="paneId">The pane whose visible screen to keep, usually the session's active pane.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The visible screen of the pane with SGR escapes, or null when it could not be captured.</returns>
    /// <exception cref="TmuxCommandException">The kill failed, e.g. <c>can't find session: $3</c>.</exception>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket, or it died.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException">An id is malformed.</exception>
    public async Task<string?> KillSessionAsync(
        ServerRef server,
        string sessionId,
        string paneId,
        CancellationToken cancellationToken = default)
    {
        var kill = new TmuxCommand(["kill-session", "-t", TmuxTargets.Session(sessionId)]);
        var capture = new TmuxCommand(["capture-pane", "-p", "-e", "-t", TmuxTargets.Pane(paneId)]);
        var results = await _transport.ExecuteAsync(server, [capture, kill], cancellationToken).ConfigureAwait(false);
        if (results[0].Status == TmuxCommandStatus.Ok)
        {
            Succeeded(results[1]);
            return CaptureText(results[0].Output);
        }

        var retried = await _transport.ExecuteAsync(server, [kill], cancellationToken).ConfigureAwait(false);
        Succeeded(retried[0]);
        return null;
    }

    /// <summary>
    /// Creates a detached session: <c>new-session -d -P -F &lt;fmt&gt; -s name -x w -y h [-c dir] [-e K=V ...] [-- argv...]</c>, then,
    /// when asked, <c>set-option -p remain-on-exit on</c> in the same call. tmux makes the new session the current target of the later
    /// commands of the call, and runs the whole call before it reaps any child, so even a program that exits at once leaves its pane.
    /// The name and directory are format-expanded by tmux, so their <c>#</c>s are doubled (<see cref="TmuxEscaping.FormatLiteral"/>).
    /// Starts the server if none runs on the socket.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="request">The session to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session as tmux reports it (its name after tmux's rewriting), with no attached clients.</returns>
    /// <exception cref="TmuxCommandException">tmux refused, e.g. <c>duplicate session: api</c>; or setting remain-on-exit or one
    /// of <see cref="NewSessionRequest.ThenRun"/> failed (the session is then killed).</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached or started.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException">An environment name is empty or contains <c>=</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Width or height is not positive.</exception>
    public async Task<SessionInfo> NewSessionAsync(ServerRef server, NewSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nonce = TmuxRecordFormat.NewNonce();
        List<TmuxCommand> commands = [new(NewSessionArguments(request, nonce)), ServerPid];
        if (request.RemainOnExit)
        {
            commands.Add(new TmuxCommand(["set-option", "-p", "remain-on-exit", "on"]));
        }

        commands.AddRange(request.ThenRun);

        var results = await _transport.ExecuteAsync(server, commands, cancellationToken).ConfigureAwait(false);
        var rows = PaneRow.Parse(Succeeded(results[0]).Output, nonce);
        if (rows.Count != 1)
        {
            throw new FormatException($"new-session printed {rows.Count} rows, expected 1");
        }

        var row = rows[0];
        if (results.Skip(2).FirstOrDefault(r => r.Status != TmuxCommandStatus.Ok) is { } failed)
        {
            // A session whose setup failed half-way is not left running: it would lack what the caller asked for.
            await _transport.ExecuteAsync(server, [new TmuxCommand(["kill-session", "-t", TmuxTargets.Session(row.SessionId)])], cancellationToken).ConfigureAwait(false);
            Succeeded(failed);
        }

        return new SessionInfo(server, row.SessionId, row.SessionName, row.SessionCreated, 0, row.SessionWindows, row.Pane)
        {
            ServerPid = Pid(results[1]),
        };
    }

    /// <summary>A pane's title (<c>#{pane_title}</c>, tmux(1) FORMATS: what the program set with OSC 0/2), verbatim.</summary>
    /// <exception cref="TmuxCommandException">No such pane.</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task<string> PaneTitleAsync(ServerRef server, string paneId, CancellationToken cancellationToken = default)
    {
        var results = await _transport.ExecuteAsync(
            server, [new TmuxCommand(["display-message", "-p", "-t", TmuxTargets.Pane(paneId), "#{pane_title}"])], cancellationToken).ConfigureAwait(false);
        return Succeeded(results[0]).Output.TrimEnd('\n');
    }

    /// <summary>
    /// Opens a window in a session, detached, running <paramref name="command"/> directly (argv, no shell) in
    /// <paramref name="cwd"/>, with <c>remain-on-exit</c> on its pane and <paramref name="paneCommands"/> applied to it
    /// before the program starts: the window is made with a placeholder (<c>new-window -d ... cat</c>), the pane's options
    /// and hooks are set, then <c>respawn-pane -k</c> starts the program in it — so even a program that exits at once keeps
    /// its pane and fires its hook (tmux(1) <c>new-window</c>, <c>respawn-pane</c>).
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="sessionId">The session (<c>$N</c>).</param>
    /// <param name="name">The window's name.</param>
    /// <param name="command">argv; with one element tmux runs it with <c>sh -c</c>.</param>
    /// <param name="cwd">The working directory.</param>
    /// <param name="paneCommands">Commands for the new pane (each gets <c>-t %N</c> after its name), e.g. <c>set-hook -p</c>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The window id (<c>@N</c>) and pane id (<c>%N</c>).</returns>
    /// <exception cref="TmuxCommandException">tmux refused (no such session).</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task<(string WindowId, string PaneId)> NewWindowAsync(
        ServerRef server, string sessionId, string name, IReadOnlyList<string> command, string cwd, IReadOnlyList<TmuxCommand> paneCommands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(paneCommands);
        var created = await _transport.ExecuteAsync(
            server, [new TmuxCommand(["new-window", "-d", "-P", "-F", "#{window_id} #{pane_id}", "-t", TmuxTargets.Session(sessionId) + ":", "-n", name, "-c", cwd, "--", "cat"])], cancellationToken)
            .ConfigureAwait(false);
        var ids = Succeeded(created[0]).Output.Trim().Split(' ');
        var pane = TmuxTargets.Pane(ids[1]);
        List<TmuxCommand> setup = [new(["set-option", "-p", "-t", pane, "remain-on-exit", "on"])];
        setup.AddRange(paneCommands.Select(c => new TmuxCommand([c.Args[0], "-t", pane, .. c.Args.Skip(1)])));
        setup.Add(new(["respawn-pane", "-k", "-t", pane, "-c", cwd, "--", .. command]));
        foreach (var result in await _transport.ExecuteAsync(server, setup, cancellationToken).ConfigureAwait(false))
        {
            Succeeded(result);
        }

        return (ids[0], ids[1]);
    }

    /// <summary>
    /// How a dead pane's program ended (<c>#{pane_dead_status}</c>, <c>#{pane_dead_signal}</c>, tmux(1) FORMATS), waiting up to
    /// <paramref name="timeout"/> for tmux to know it. Under load tmux 3.3a can mark a pane dead before it has reaped the
    /// process; while the status is unknown this runs <c>run-shell -b true</c>, whose exit makes the server reap every zombie.
    /// </summary>
    /// <returns>(status, signal) with exactly one set; null when the pane is alive, gone, or the status stayed unknown.</returns>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task<(int? Status, int? Signal)?> DeadPaneExitAsync(ServerRef server, string paneId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _clock.GetUtcNow() + timeout;
        while (true)
        {
            var results = await _transport.ExecuteAsync(
                server,
                [new TmuxCommand(["display-message", "-p", "-t", TmuxTargets.Pane(paneId), "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}"])],
                cancellationToken).ConfigureAwait(false);
            if (results[0].Status != TmuxCommandStatus.Ok)
            {
                return null;
            }

            var parts = results[0].Output.TrimEnd('\n').Split(':');
            if (parts.Length != 3 || parts[0] != "1")
            {
                return null;
            }

            if (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var signal))
            {
                return (null, signal);
            }

            if (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return (status, null);
            }

            if (_clock.GetUtcNow() > deadline)
            {
                return null;
            }

            await ReapAsync(server, cancellationToken).ConfigureAwait(false);
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the server reap its exited children: <c>run-shell -b true</c>, whose own exit makes tmux collect every zombie.
    /// tmux 3.3a can miss a pane's SIGCHLD under load: the pane then shows as dead with an unknown status, and its
    /// <c>pane-died</c> hook does not fire until another child of the server exits.
    /// </summary>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task ReapAsync(ServerRef server, CancellationToken cancellationToken = default) =>
        await _transport.ExecuteAsync(server, [new TmuxCommand(["run-shell", "-b", "true"])], cancellationToken).ConfigureAwait(false);

    /// <summary>Stops the server and every session on it (<c>kill-server</c>). A server that is not running counts as stopped.</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task KillServerAsync(ServerRef server, CancellationToken cancellationToken = default)
    {
        try
        {
            var results = await _transport.ExecuteAsync(server, [new TmuxCommand(["kill-server"])], cancellationToken)
                .ConfigureAwait(false);
            Succeeded(results[0]);
        }
        catch (TmuxServerUnavailableException)
        {
            return;
        }
    }

    /// <summary>
    /// Exact matching for the command line: <c>$N</c> matches that session id; anything else matches a name exactly (ordinal).
    /// Never a prefix or pattern, unlike tmux's own <c>-t</c>.
    /// </summary>
    /// <param name="sessions">Sessions, possibly of several servers.</param>
    /// <param name="nameOrId">A session id such as <c>$3</c> or a session name.</param>
    /// <returns>The matches in input order: none, one, or several (the same name or id on several servers).</returns>
    public static IReadOnlyList<SessionInfo> Resolve(IEnumerable<SessionInfo> sessions, string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(nameOrId);
        return TmuxTargets.IsSessionId(nameOrId)
            ? sessions.Where(s => string.Equals(s.SessionId, nameOrId, StringComparison.Ordinal)).ToArray()
            : sessions.Where(s => string.Equals(s.Name, nameOrId, StringComparison.Ordinal)).ToArray();
    }

    private static TmuxCommand ListPanes(string nonce) =>
        new(["list-panes", "-a", "-f", ActivePaneFilter, "-F", PaneRow.Format(nonce).Text]);

    private static TmuxCommand ListClients(string nonce) => new(["list-clients", "-F", ClientRow.Format(nonce).Text]);

    private static TmuxCommand Capture(string paneId, int lines) =>
        new(["capture-pane", "-p", "-e", "-S", "-" + lines.ToString(CultureInfo.InvariantCulture), "-t", TmuxTargets.Pane(paneId)]);

    private static List<string> NewSessionArguments(NewSessionRequest request, string nonce)
    {
        ArgumentNullException.ThrowIfNull(request.Name);
        ArgumentNullException.ThrowIfNull(request.Command);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Height);
        List<string> arguments =
        [
            "new-session", "-d", "-P", "-F", PaneRow.Format(nonce).Text,
            "-s", TmuxEscaping.FormatLiteral(request.Name),
            "-x", request.Width.ToString(CultureInfo.InvariantCulture),
            "-y", request.Height.ToString(CultureInfo.InvariantCulture),
        ];
        if (request.WorkingDirectory is not null)
        {
            arguments.AddRange(["-c", TmuxEscaping.FormatLiteral(request.WorkingDirectory)]);
        }

        foreach (var (name, value) in request.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"not an environment variable name: '{name}'", nameof(request));
            }

            arguments.AddRange(["-e", name + "=" + value]);
        }

        if (request.Command.Count > 0)
        {
            arguments.Add("--");
            arguments.AddRange(request.Command);
        }

        return arguments;
    }

    /// <summary>Sessions from the results of <see cref="ListPanes"/>, <see cref="ListClients"/> and <see cref="ServerPid"/>, the
    /// first three commands of a call.</summary>
    private static IReadOnlyList<SessionInfo> Sessions(ServerRef server, IReadOnlyList<TmuxCommandResult> results, string nonce)
    {
        if (results[0].Status == TmuxCommandStatus.Failed && results[0].Error == NoCurrentTarget)
        {
            return [];
        }

        var paneRows = PaneRow.Parse(Succeeded(results[0]).Output, nonce);
        var clientRows = ClientRow.Parse(Succeeded(results[1]).Output, nonce);
        var pid = Pid(results[2]);
        return [.. TmuxListing.Sessions(server, paneRows, clientRows).Select(s => s with { ServerPid = pid })];
    }

    private static int Pid(TmuxCommandResult result) =>
        int.TryParse(Succeeded(result).Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new FormatException($"tmux printed '{result.Output.Trim()}' for #{{pid}}");

    private static TmuxCommandResult Succeeded(TmuxCommandResult result) => result.Status switch
    {
        TmuxCommandStatus.Ok => result,
        TmuxCommandStatus.Failed => throw new TmuxCommandException(result.Error ?? "tmux command failed"),
        _ => throw new TmuxCommandException("tmux command did not run"),
    };

    /// <summary>capture-pane prints every line followed by <c>\n</c>; the text is the lines joined by <c>\n</c>.</summary>
    private static string CaptureText(string output) => output.EndsWith('\n') ? output[..^1] : output;
}
