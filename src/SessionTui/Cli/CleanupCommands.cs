using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.Core.Runs;
using SessionTui.History;
using SessionTui.Tmux;
using SessionTui.Workcells;
using SessionTui.Workcells.Cleanup;
using SessionTui.Workcells.States;

namespace SessionTui.Cli;

/// <summary>
/// <c>sessiontui cleanup [--dry-run] [--exited] [--older-than D] [--all] [--force] [--json]</c>: removes exited and dead
/// sessions (their last screen kept in history first), stale loop locks and the folders of runs that ended longer ago than
/// <c>run_retention_days</c>. What goes is decided by <see cref="CleanupPlan"/>; a dry run prints the plan and changes
/// nothing, a real run makes the same plan and carries it out.
/// </summary>
internal static class CleanupCommands
{
    /// <summary>The command-line shape.</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be removed and what is kept, and why; change nothing" };
        var exited = new Option<bool>("--exited") { Description = "only exited and dead sessions (no locks, no run folders)" };
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "only sessions whose last output (and end, for exited ones) is older than this; for run folders it replaces run_retention_days: 30s, 30m, 2h, 1d",
            HelpName = "DURATION",
        };
        olderThan.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !Durations.TryParse(text, out _))
            {
                try
                {
                    Durations.Parse(text);
                }
                catch (FormatException e)
                {
                    r.AddError("--older-than: " + e.Message);
                }
            }
        });
        var all = new Option<bool>("--all") { Description = "every session, not only exited and dead ones (idle, stuck, rate-limited, ...)" };
        var force = new Option<bool>("--force") { Description = "also remove sessions with a client attached, and working or waiting ones" };
        var cleanup = new Command("cleanup", "remove exited and dead sessions (last screen kept in history), stale loop locks and old run folders") { dryRun, exited, olderThan, all, force, json };
        cleanup.Validators.Add(r =>
        {
            if (r.GetValue(all) && r.GetValue(exited))
            {
                r.AddError("--all and --exited cannot be combined: --exited takes only exited and dead sessions, --all every session");
            }
        });
        cleanup.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            var settings = g.Settings(pr);
            WorkcellServices? workcells;
            try
            {
                workcells = c.Workcells;
            }
            catch (InvalidOperationException)
            {
                workcells = null;
            }

            var request = new CleanupRequest(
                pr.GetValue(exited),
                pr.GetValue(olderThan) is { } text ? Durations.Parse(text) : null,
                pr.GetValue(all),
                pr.GetValue(force),
                TimeSpan.FromDays(workcells?.Config.RunRetentionDays ?? 30));
            var quiet = g.ImplicitServers(pr, c.Servers).Concat(g.FallbackServers(pr, c.Servers)).ToList();
            return await RunAsync(c.Tmux, c.Servers, quiet, c.History, workcells, (StateClassifier)settings.Classifier, request, pr.GetValue(dryRun), pr.GetValue(json), c.Clock, ct).ConfigureAwait(false);
        }));
        yield return cleanup;
    }

    /// <summary>Plans the cleanup and, unless <paramref name="dryRun"/>, carries the plan out; prints the items either way.</summary>
    /// <param name="tmux">tmux client.</param>
    /// <param name="servers">The watched servers.</param>
    /// <param name="quietServers">Servers not named by the user: one with no server running is left out silently.</param>
    /// <param name="history">Where the last screens of removed sessions go.</param>
    /// <param name="workcells">Locks, run folders and run completion; null when SessionTui's folders cannot be located
    /// (then only sessions are considered).</param>
    /// <param name="classifier">The agent-state classifier (<c>sessiontui explain</c>'s).</param>
    /// <param name="request">The options.</param>
    /// <param name="dryRun">Print the plan only.</param>
    /// <param name="json">Print JSON.</param>
    /// <param name="clock">UTC clock.</param>
    /// <param name="ct">Cancels the work.</param>
    /// <returns>0 when everything planned went (or nothing had to), 1 when a removal failed (named on stderr).</returns>
    public static async Task<int> RunAsync(
        TmuxClient tmux,
        IReadOnlyList<ServerRef> servers,
        IReadOnlyList<ServerRef> quietServers,
        HistoryAccess history,
        WorkcellServices? workcells,
        StateClassifier classifier,
        CleanupRequest request,
        bool dryRun,
        bool json,
        TimeProvider clock,
        CancellationToken ct)
    {
        var sessions = await SessionsAsync(tmux, servers, quietServers, classifier, request, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        IReadOnlyList<LockFacts> locks = [];
        IReadOnlyList<RunFolderFacts> folders = [];
        if (!request.ExitedOnly && workcells is not null)
        {
            locks = await CleanupFiles.LocksAsync(workcells.Loops, workcells.Paths.RunsDir, workcells.Store, now, ct).ConfigureAwait(false);
            folders = CleanupFiles.RunFolders(workcells.Paths.RunsDir, workcells.Store);
        }

        var plan = CleanupPlan.Make(request, [.. sessions.Select(s => s.Facts)], locks, folders, now);
        var errors = new Dictionary<CleanupItem, string>();
        if (!dryRun)
        {
            await CarryOutAsync(plan, tmux, history, workcells, sessions, locks, folders, clock, errors, ct).ConfigureAwait(false);
        }

        if (json)
        {
            Console.WriteLine(Json(plan, dryRun, errors));
        }
        else if (plan.Count == 0)
        {
            Console.WriteLine("nothing to clean up");
        }
        else
        {
            Table.Print(["ACTION", "KIND", "WHAT", "WHY"], [.. plan.Select(i => (IReadOnlyList<string>)[ActionText(i, dryRun, errors), CleanupPlan.Text(i.Kind), What(i), i.Reason])]);
        }

        foreach (var (item, error) in errors)
        {
            await Console.Error.WriteLineAsync($"sessiontui: could not remove {CleanupPlan.Text(item.Kind)} {RunText.Printable(What(item))}: {error}").ConfigureAwait(false);
        }

        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>A listed session with its classified pane.</summary>
    private sealed record Found(SessionInfo Session, PaneInfo Pane, SessionFacts Facts);

    private static async Task<List<Found>> SessionsAsync(
        TmuxClient tmux, IReadOnlyList<ServerRef> servers, IReadOnlyList<ServerRef> quietServers, StateClassifier classifier, CleanupRequest request, CancellationToken ct)
    {
        var own = OwnSession(Environment.GetEnvironmentVariable("TMUX"));
        var found = new List<Found>();
        foreach (var server in servers)
        {
            IReadOnlyList<SessionInfo> listed;
            try
            {
                listed = await tmux.ListSessionsAsync(server, ct).ConfigureAwait(false);
            }
            catch (TmuxServerUnavailableException e)
            {
                if (!(e.NoServer && quietServers.Contains(server)))
                {
                    await Console.Error.WriteLineAsync("sessiontui: " + e.Message).ConfigureAwait(false);
                }

                continue;
            }

            foreach (var session in listed)
            {
                try
                {
                    var (pane, verdict) = await SessionStates.ClassifyAsync(tmux, classifier, session, ct).ConfigureAwait(false);
                    DateTimeOffset? ended = pane.Dead && request.OlderThan is not null
                        ? await tmux.PaneDeadTimeAsync(server, pane.PaneId, ct).ConfigureAwait(false)
                        : null;
                    var isOwn = own is { } o && o.Socket == server.SocketPath && o.SessionId == session.SessionId && (o.ServerPid == 0 || session.ServerPid == 0 || o.ServerPid == session.ServerPid);
                    found.Add(new Found(session, pane, new SessionFacts(
                        session.Key, server.Label, session.SessionId, session.Name, verdict.State, verdict.ExitStatus ?? pane.DeadStatus, pane.DeadSignal,
                        session.AttachedClients, pane.WindowActivity, ended, isOwn)));
                }
                catch (TmuxCommandException)
                {
                    // The session ended between the listing and its capture: there is nothing left to clean.
                }
            }
        }

        return found;
    }

    /// <summary>Carries out the plan's removals in order (sessions, locks, folders); each failure is kept in
    /// <paramref name="errors"/> and the rest goes on.</summary>
    private static async Task CarryOutAsync(
        IReadOnlyList<CleanupItem> plan,
        TmuxClient tmux,
        HistoryAccess history,
        WorkcellServices? workcells,
        List<Found> sessions,
        IReadOnlyList<LockFacts> locks,
        IReadOnlyList<RunFolderFacts> folders,
        TimeProvider clock,
        Dictionary<CleanupItem, string> errors,
        CancellationToken ct)
    {
        var bySession = sessions.ToDictionary(s => s.Facts.Key, StringComparer.Ordinal);
        var doomed = plan.Where(i => i is { Kind: CleanupKind.Session, Action: CleanupAction.Remove }).Select(i => bySession[i.Key].Session).ToImmutableArray();
        if (doomed.Length > 0)
        {
            if (history.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync("sessiontui: last screens not kept in history: " + problem).ConfigureAwait(false);
            }

            // As `list` does: the history rows get the sessions' command and folder before their ends.
            await Cli.Commands.RecordAsync(tmux, history, new RecordSessionsSeen(doomed, clock.GetUtcNow())).ConfigureAwait(false);
        }

        foreach (var item in plan.Where(i => i.Action == CleanupAction.Remove))
        {
            string? error;
            try
            {
                error = item.Kind switch
                {
                    CleanupKind.Session => await RemoveSessionAsync(tmux, history, workcells, clock, bySession[item.Key], ct).ConfigureAwait(false),
                    CleanupKind.Lock => CleanupFiles.RemoveLock(workcells!.Loops.Locks, locks.First(l => l.Path == item.Key)),
                    _ => CleanupFiles.RemoveRunFolder(folders.First(f => f.Path == item.Key), workcells!.Ledger, clock.GetUtcNow()),
                };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TmuxCommandException or TmuxServerUnavailableException or TimeoutException)
            {
                error = OneLine.Of(e);
            }

            if (error is not null)
            {
                errors[item] = error;
            }
        }
    }

    /// <summary>Kills one session by id, keeping its last screen in history (reason <c>exited</c> with its status for a
    /// dead pane, whose whole screen is read first; <c>killed-from-cli</c> for a live one) and ending its workcell runs the
    /// way their tmux hooks would: a dead pane's run as exited with its status, a live one's as killed.</summary>
    /// <returns>Null when killed; else why not.</returns>
    /// <exception cref="TmuxCommandException">The kill failed.</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    private static async Task<string?> RemoveSessionAsync(TmuxClient tmux, HistoryAccess history, WorkcellServices? workcells, TimeProvider clock, Found found, CancellationToken ct)
    {
        var (s, pane) = (found.Session, found.Pane);
        var runs = RunsOf(workcells, s);
        string? screen = null;
        if (pane.Dead)
        {
            try
            {
                // tmux 3.3a scrolls a dead pane's screen into the scrollback when it prints "Pane is dead": read a screenful
                // above the visible one too.
                screen = await tmux.CapturePaneAsync(s.Server, pane.PaneId, pane.Height, ct).ConfigureAwait(false);
            }
            catch (TmuxCommandException)
            {
                // The kill's own capture below is the fallback.
            }

            var exit = pane.DeadStatus is null && pane.DeadSignal is null ? null : new RunExit(pane.DeadStatus, pane.DeadSignal);
            foreach (var run in runs)
            {
                await EndRunAsync(run, () => workcells!.Completion.ExitedAsync(new RunFolder(run.RunDir), exit, cancellationToken: ct)).ConfigureAwait(false);
            }
        }

        var killScreen = await tmux.KillSessionAsync(s.Server, s.SessionId, pane.PaneId, ct).ConfigureAwait(false);
        screen ??= killScreen;
        var now = clock.GetUtcNow();
        if (!pane.Dead)
        {
            var last = screen is null ? null : Ansi.Strip(screen).TrimEnd();
            foreach (var run in runs)
            {
                // As `run-ended --closed` (the session-closed hook, which fires too; the first end recorded wins) does:
                // every active run of the session ends killed.
                await EndRunAsync(run, () => workcells!.Completion.EndedWithoutExit(new RunFolder(run.RunDir), RunState.Killed, last, run, ct)).ConfigureAwait(false);
            }
        }

        await Cli.Commands.RecordAsync(tmux, history, pane.Dead
            ? new RecordSessionEnd(new SessionEnd(s.Server, s.SessionId, s.Created, EndReason.Exited, pane.DeadStatus, now, screen) { ServerPid = s.ServerPid }, s.Name)
            : RecordSessionEnd.Killed(s.Server, s.ServerPid, s.SessionId, s.Created, s.Name, EndReason.KilledFromCli, now, screen)).ConfigureAwait(false);
        return null;
    }

    /// <summary>The active workcell runs of a session (the selection <c>run-ended --closed</c> makes).</summary>
    private static List<RunRecord> RunsOf(WorkcellServices? workcells, SessionInfo s)
    {
        try
        {
            return workcells?.Store?.ActiveRuns()
                .Where(r => r.Socket == s.Server.SocketPath && r.SessionId == s.SessionId && (r.ServerPid == 0 || r.ServerPid == s.ServerPid))
                .ToList() ?? [];
        }
        catch (HistoryStoreException e)
        {
            Console.Error.WriteLine("sessiontui: runs of " + RunText.Printable(s.Name) + " not ended: " + e.Message);
            return [];
        }
    }

    private static async Task EndRunAsync(RunRecord run, Func<Task<RunRecord?>> end)
    {
        try
        {
            await end().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or HistoryStoreException)
        {
            await Console.Error.WriteLineAsync($"sessiontui: run {run.RunId} not ended: {OneLine.Of(e)}").ConfigureAwait(false);
        }
    }

    /// <summary>The session this process runs in, from <c>$TMUX</c> (<c>socket,server-pid,session-number</c>, set by tmux
    /// in every pane), or null outside tmux.</summary>
    internal static (string Socket, int ServerPid, string SessionId)? OwnSession(string? tmuxVariable)
    {
        var parts = tmuxVariable?.Split(',') ?? [];
        return parts.Length >= 3 && parts[0].Length > 0 && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (string.Join(',', parts[..^2]), int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0, "$" + number.ToString(CultureInfo.InvariantCulture))
            : null;
    }

    private static string What(CleanupItem item) =>
        item.Kind == CleanupKind.Session ? $"{item.Target} ({item.Id} on {item.Server})" : item.Target;

    private static string ActionText(CleanupItem item, bool dryRun, Dictionary<CleanupItem, string> errors) => item.Action switch
    {
        CleanupAction.Keep => dryRun ? "keep" : "kept",
        _ when dryRun => "remove",
        _ => errors.ContainsKey(item) ? "FAILED" : "removed",
    };

    /// <summary><c>{dryRun, items: [{kind, target, id, server, action, reason, forced, error}]}</c>, indented.</summary>
    private static string Json(IReadOnlyList<CleanupItem> plan, bool dryRun, Dictionary<CleanupItem, string> errors)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("dryRun", dryRun);
            w.WriteStartArray("items");
            foreach (var item in plan)
            {
                w.WriteStartObject();
                w.WriteString("kind", CleanupPlan.Text(item.Kind));
                w.WriteString("target", item.Target);
                w.WriteString("id", item.Id);
                w.WriteString("server", item.Server);
                w.WriteString("action", CleanupPlan.Text(item.Action));
                w.WriteString("reason", item.Reason);
                w.WriteBoolean("forced", item.Forced);
                w.WriteString("error", errors.GetValueOrDefault(item));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
