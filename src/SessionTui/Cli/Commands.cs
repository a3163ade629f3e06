using System.Globalization;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.History;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.Cli;

/// <summary>The scriptable commands: list, kill, attach, history.</summary>
public static class Commands
{
    private const int ListCaptureLines = 10;

    /// <summary><c>sessiontui list [--json]</c>: one tmux call to list and one to capture per server; records what it saw.
    /// A server that is not running is said so in one line on stderr (in <c>--json</c>, in its <c>error</c>), except an
    /// implicit one (the default socket when others were named, the workcell socket), which is left out of the lines, and a
    /// fallback one (the default socket beside the workcell socket) while another server runs.</summary>
    public static async Task<int> ListAsync(
        TmuxClient tmux,
        IReadOnlyList<ServerRef> watched,
        IReadOnlyList<ServerRef> implicitServers,
        IReadOnlyList<ServerRef> fallbackServers,
        HistoryAccess history,
        bool json,
        WallSettings settings,
        CancellationToken ct)
    {
        var servers = new List<JsonModel.ServerJson>();
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        var sessions = new List<(Card Card, SessionInfo Session)>();
        foreach (var server in watched)
        {
            try
            {
                var listed = await tmux.ListSessionsAsync(server, ct).ConfigureAwait(false);
                var snap = await tmux.SnapshotAsync(server, listed.Select(s => s.ActivePane.PaneId).ToList(), ListCaptureLines, ct).ConfigureAwait(false);
                servers.Add(new(server.Label, server.SocketPath, true, null));
                sessions.AddRange(snap.Sessions.Select(s => (Cards.Build(s, snap.Captures.GetValueOrDefault(s.ActivePane.PaneId), snap.TakenAt, settings, previous: null), s)));
                await RecordAsync(tmux, history, new RecordSessionsSeen(snap.Sessions, snap.TakenAt)).ConfigureAwait(false);
            }
            catch (TmuxServerUnavailableException e)
            {
                servers.Add(new(server.Label, server.SocketPath, false, e.Message));
                if (e.NoServer && (implicitServers.Contains(server) || fallbackServers.Contains(server)))
                {
                    quiet.Add(server.SocketPath);
                }
            }
        }

        if (!servers.Any(s => s.Running))
        {
            // With nothing running anywhere, a fallback server (the default socket) still says that no server runs there.
            quiet.ExceptWith(fallbackServers.Select(f => f.SocketPath));
        }

        var ordered = sessions.OrderBy(x => x.Card.Server.Label, StringComparer.Ordinal).ThenBy(x => x.Card.Name, StringComparer.Ordinal).ToList();
        if (json)
        {
            Console.WriteLine(JsonModel.Serialize(new JsonModel.ListOutput(servers, ordered.Select(x => JsonModel.Of(x.Card, x.Session, PaneHealth.Of(x.Session.ActivePane))).ToList(), Missing(history, servers, sessions.Select(x => x.Session).ToList()))));
            return ExitCodes.Ok;
        }

        foreach (var down in servers.Where(s => !s.Running && !quiet.Contains(s.Socket)))
        {
            await Console.Error.WriteLineAsync($"sessiontui: {down.Error}").ConfigureAwait(false);
        }

        var multi = servers.Count(s => s.Running) > 1;
        var rows = ordered.Select(x => (IReadOnlyList<string>)[
            .. multi ? [x.Card.Server.Label] : Array.Empty<string>(),
            x.Card.SessionId, x.Card.Name, x.Card.Badge + (x.Card.AttachedClients > 0 ? ", attached" : ""), x.Card.Command, x.Card.Age, x.Card.Path]).ToList();
        IReadOnlyList<string> header = [.. multi ? ["SERVER"] : Array.Empty<string>(), "ID", "NAME", "STATE", "COMMAND", "AGE", "PATH"];
        Table.Print(header, rows);
        return ExitCodes.Ok;
    }

    /// <summary>The runs recorded as running on a server that answered whose session is not among <paramref name="listed"/>;
    /// none when the runs cannot be read.</summary>
    private static List<JsonModel.MissingJson> Missing(HistoryAccess history, List<JsonModel.ServerJson> servers, List<SessionInfo> listed)
    {
        IReadOnlyList<Core.Runs.RunRecord> active;
        try
        {
            active = history.Runs?.ActiveRuns() ?? [];
        }
        catch (HistoryStoreException)
        {
            return [];
        }

        var answered = servers.Where(s => s.Running).Select(s => s.Socket).ToHashSet(StringComparer.Ordinal);
        return [.. active
            .Where(r => answered.Contains(r.Socket) && !listed.Any(s => s.Server.SocketPath == r.Socket && s.SessionId == r.SessionId && (r.ServerPid == 0 || s.ServerPid == 0 || s.ServerPid == r.ServerPid)))
            .Select(r => new JsonModel.MissingJson(r.RunId, r.Name, r.Server, r.Socket, r.SessionId))];
    }

    /// <summary><c>sessiontui kill NAME|$ID [--yes]</c>: resolves exactly one session, asks unless <c>--yes</c>, captures its
    /// last screen, kills it by id and records the kill.</summary>
    /// <exception cref="SessionNotFoundException">No session or several match.</exception>
    public static async Task<int> KillAsync(
        TmuxClient tmux,
        IReadOnlyList<ServerRef> servers,
        HistoryAccess history,
        TimeProvider clock,
        string target,
        bool yes,
        CancellationToken ct)
    {
        var s = await ResolveAsync(tmux, servers, target, ct).ConfigureAwait(false);
        var what = $"{s.Name} ({s.SessionId} on {s.Server.Label}): pane {s.ActivePane.PaneId} {s.ActivePane.CurrentCommand}, pid {s.ActivePane.Pid.ToString(CultureInfo.InvariantCulture)}";
        if (!yes)
        {
            if (Console.IsInputRedirected)
            {
                await Console.Error.WriteLineAsync($"sessiontui: not killing {what} without --yes (stdin is not a terminal)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            Console.Write($"Kill session {what}? [y/N] ");
            var answer = Console.ReadLine()?.Trim();
            if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine("not killed");
                return ExitCodes.Failure;
            }
        }

        var screen = await tmux.KillSessionAsync(s.Server, s.SessionId, s.ActivePane.PaneId, ct).ConfigureAwait(false);
        await RecordAsync(tmux, history, RecordSessionEnd.Killed(s.Server, s.ServerPid, s.SessionId, s.Created, s.Name, EndReason.KilledFromCli, clock.GetUtcNow(), screen)).ConfigureAwait(false);
        Console.WriteLine("killed " + what);
        return ExitCodes.Ok;
    }

    /// <summary><c>sessiontui attach NAME|$ID [--read-only]</c>: <c>switch-client</c> when already inside that server, else
    /// (and always for read-only) <c>attach-session</c> on this terminal.</summary>
    /// <exception cref="SessionNotFoundException">No session or several match.</exception>
    public static async Task<int> AttachAsync(
        TmuxClient tmux,
        IReadOnlyList<ServerRef> servers,
        AttachService attach,
        string target,
        bool readOnly,
        CancellationToken ct)
    {
        var s = await ResolveAsync(tmux, servers, target, ct).ConfigureAwait(false);
        if (AttachService.SwitchesClient(s.Server, readOnly, Environment.GetEnvironmentVariable("TMUX")))
        {
            if (await attach.SwitchAsync(s.Server, s.SessionId, ct).ConfigureAwait(false) is { } error)
            {
                await Console.Error.WriteLineAsync("sessiontui: " + error).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        }

        var code = await attach.AttachHereAsync(s.Server, s.SessionId, readOnly, ct).ConfigureAwait(false);
        return code == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary><c>sessiontui history [--json] [--limit N]</c>: rows newest first.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    public static Task<int> HistoryAsync(string dbPath, bool json, int limit)
    {
        IReadOnlyList<HistoryEntry> rows;
        using (var store = File.Exists(dbPath) ? SqliteHistoryStore.OpenReadOnly(dbPath) : null)
        {
            rows = store?.List(limit) ?? [];
        }

        if (json)
        {
            Console.WriteLine(JsonModel.Serialize(rows.Select(JsonModel.Of).ToList()));
            return Task.FromResult(ExitCodes.Ok);
        }

        Table.Print(
            ["ID", "SERVER", "SESSION", "NAME", "CREATED", "LAST SEEN", "END", "COMMAND"],
            rows.Select(e => (IReadOnlyList<string>)[
                e.Id.ToString(CultureInfo.InvariantCulture), e.Server, e.SessionId, e.Name, Utc(e.Created), Utc(e.LastSeen), e.EndText, e.Command ?? ""]).ToList());
        return Task.FromResult(ExitCodes.Ok);
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes one history command now, through the same writer the wall uses; a store that cannot be written is
    /// one line on stderr, never a failed command. Completes when the write is done.</summary>
    internal static async Task RecordAsync(TmuxClient tmux, HistoryAccess history, HistoryCmd cmd)
    {
        if (!history.Writable)
        {
            return;
        }

        var writer = new HistoryWriter(history.Store!, tmux, msg =>
        {
            switch (msg)
            {
                case StoreUnavailable u:
                    Console.Error.WriteLine("sessiontui: history not written: " + u.Problem);
                    break;
                case HistoryWriteFailed f:
                    Console.Error.WriteLine("sessiontui: history not written: " + OneLine.Of(f.Error));
                    break;
            }
        });
        await using (writer.ConfigureAwait(false))
        {
            writer.Enqueue(cmd);
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    internal static async Task<SessionInfo> ResolveAsync(TmuxClient tmux, IReadOnlyList<ServerRef> servers, string target, CancellationToken ct)
    {
        var found = new List<SessionInfo>();
        var down = new List<string>();
        foreach (var server in servers)
        {
            try
            {
                found.AddRange(TmuxClient.Resolve(await tmux.ListSessionsAsync(server, ct).ConfigureAwait(false), target));
            }
            catch (TmuxServerUnavailableException)
            {
                down.Add(server.Label);
            }
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new SessionNotFoundException(
                $"no session named or with id '{target}' on {string.Join(", ", servers.Select(s => s.Label))}"
                + (down.Count > 0 ? $" (no server running on {string.Join(", ", down)})" : "")),
            _ => throw new SessionNotFoundException(
                $"'{target}' matches {found.Count} sessions: {string.Join(", ", found.Select(s => $"{s.Name} ({s.SessionId} on {s.Server.Label})"))}; name one server with -L/-S"),
        };
    }
}
