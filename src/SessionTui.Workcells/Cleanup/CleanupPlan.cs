using System.Globalization;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells.Cleanup;

/// <summary>What <c>sessiontui cleanup</c> can remove. Kebab-case in the CLI and JSON (<c>run-folder</c>).</summary>
public enum CleanupKind
{
    /// <summary>A tmux session (killed by id, its last screen kept in history first).</summary>
    Session,

    /// <summary>A loop lock file (<c>loops/NAME-HASH.lock</c> in the state folder).</summary>
    Lock,

    /// <summary>A run folder (<c>runs/RUN/</c> in the state folder).</summary>
    RunFolder,
}

/// <summary>What cleanup does with an item.</summary>
public enum CleanupAction
{
    /// <summary>It goes.</summary>
    Remove,

    /// <summary>It stays (the item's reason says why).</summary>
    Keep,
}

/// <summary>What <c>sessiontui cleanup</c> was asked.</summary>
/// <param name="ExitedOnly"><c>--exited</c>: only exited and dead sessions; no locks, no run folders.</param>
/// <param name="OlderThan"><c>--older-than D</c>: only sessions whose last output (and, for exited or dead ones, end) is at
/// least D ago; for run folders it replaces <paramref name="Retention"/>. Null when not given.</param>
/// <param name="All"><c>--all</c>: every session, not only exited and dead ones.</param>
/// <param name="Force"><c>--force</c>: also sessions with a client attached and working or waiting ones.</param>
/// <param name="Retention">How long after its end a run's folder is kept (<c>run_retention_days</c>).</param>
public sealed record CleanupRequest(bool ExitedOnly, TimeSpan? OlderThan, bool All, bool Force, TimeSpan Retention);

/// <summary>What cleanup knows of one session: its active pane's agent state (as <c>sessiontui explain</c> tells it) and
/// tmux's facts.</summary>
/// <param name="Key">The session's cross-server key (<see cref="SessionKey"/>): how the executor finds it again.</param>
/// <param name="Server">The server's label.</param>
/// <param name="SessionId">tmux session id, <c>$N</c>.</param>
/// <param name="Name">Session name, verbatim.</param>
/// <param name="State">The active pane's agent state.</param>
/// <param name="ExitStatus">Exit status of an exited pane, else null.</param>
/// <param name="ExitSignal">Signal that killed a dead pane, else null.</param>
/// <param name="AttachedClients">Terminal clients attached (control-mode clients excluded).</param>
/// <param name="LastOutput">The window's last output, UTC (<c>#{window_activity}</c>).</param>
/// <param name="Ended">When an exited or dead pane's process ended, UTC (<c>#{pane_dead_time}</c>), when known.</param>
/// <param name="IsOwn">Whether the cleanup command itself runs inside this session (never removed).</param>
public sealed record SessionFacts(
    string Key,
    string Server,
    string SessionId,
    string Name,
    AgentState State,
    int? ExitStatus,
    int? ExitSignal,
    int AttachedClients,
    DateTimeOffset LastOutput,
    DateTimeOffset? Ended,
    bool IsOwn);

/// <summary>What cleanup knows of one loop lock file.</summary>
/// <param name="Path">The lock file.</param>
/// <param name="Held">What it holds (<see cref="Loops.LoopLock.ReadAll"/>: an unreadable file has no owner and no run).</param>
/// <param name="StaleReason">Why its loop is gone (<see cref="Loops.LoopLauncher.StaleReasonAsync"/>), or null while it
/// lives.</param>
public sealed record LockFacts(string Path, Loops.LoopLockInfo Held, string? StaleReason);

/// <summary>What cleanup knows of one folder under <c>runs/</c>.</summary>
/// <param name="Path">The folder, absolute.</param>
/// <param name="FolderName">Its name (a run id when it is a run folder).</param>
/// <param name="Run">Its <c>status.json</c>, or null when there is none that names this folder's run.</param>
/// <param name="Problem">Why it is not judged as a run's folder (a symbolic link, no readable <c>status.json</c>, one
/// naming another run, an empty one of a launch under way), or null.</param>
/// <param name="ActiveChild">An active run that resumes this one (it reads this folder), or null.</param>
public sealed record RunFolderFacts(string Path, string FolderName, RunRecord? Run, string? Problem, string? ActiveChild);

/// <summary>One line of the plan: what, whether it goes, and why.</summary>
/// <param name="Kind">Session, lock or run folder.</param>
/// <param name="Key">How the executor finds the thing again: the session key (<c>socket|$id</c>), the lock file, the
/// folder.</param>
/// <param name="Target">The session name (verbatim), the lock file's path, the run folder's path.</param>
/// <param name="Id">The session id (<c>$N</c>), the lock's run id (null when none), the folder's run id.</param>
/// <param name="Server">The session's server label; null for locks and folders.</param>
/// <param name="Action">Remove or keep.</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="Forced">Whether it goes only because of <c>--force</c> (its reason says past what).</param>
public sealed record CleanupItem(CleanupKind Kind, string Key, string Target, string? Id, string? Server, CleanupAction Action, string Reason, bool Forced);

/// <summary>
/// Decides what <c>sessiontui cleanup</c> removes (pure: the facts are gathered by the caller).
/// <list type="bullet">
/// <item>Sessions: exited and dead ones (every one with <c>--all</c>), past <c>--older-than</c> when given (last output,
/// and the end of an exited one); never one with a client attached, nor a <c>working</c> or <c>waiting</c> one, without
/// <c>--force</c>; never the one cleanup runs in.</item>
/// <item>Loop locks: stale ones only (their run ended, their runner or session gone).</item>
/// <item>Run folders: of runs that ended longer ago than the retention (or <c>--older-than</c>); never an active run's, one
/// an active run resumes from, or a folder that is not a run's.</item>
/// </list>
/// Every session, lock and folder considered is an item, kept ones with their reason; with <c>--exited</c>, locks and
/// folders are not considered. Items come sessions first (by server, then name), then locks, then folders (by path).
/// </summary>
public static class CleanupPlan
{
    /// <summary>Makes the plan.</summary>
    /// <param name="request">The options.</param>
    /// <param name="sessions">Every session of the watched servers.</param>
    /// <param name="locks">Every loop lock file.</param>
    /// <param name="folders">Every folder under <c>runs/</c>.</param>
    /// <param name="now">Now, UTC.</param>
    /// <returns>One item per session, lock and folder considered.</returns>
    public static IReadOnlyList<CleanupItem> Make(
        CleanupRequest request,
        IReadOnlyList<SessionFacts> sessions,
        IReadOnlyList<LockFacts> locks,
        IReadOnlyList<RunFolderFacts> folders,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(folders);
        var items = sessions
            .OrderBy(s => s.Server, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.SessionId, StringComparer.Ordinal)
            .Select(s => Session(request, s, now))
            .ToList();
        if (request.ExitedOnly)
        {
            return items;
        }

        items.AddRange(locks.OrderBy(l => l.Path, StringComparer.Ordinal).Select(Lock));
        items.AddRange(folders.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => Folder(request, f, now)));
        return items;
    }

    /// <summary>The word of a kind: <c>session</c>, <c>lock</c>, <c>run-folder</c>.</summary>
    public static string Text(CleanupKind kind) => kind switch
    {
        CleanupKind.Session => "session",
        CleanupKind.Lock => "lock",
        CleanupKind.RunFolder => "run-folder",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The word of an action: <c>remove</c>, <c>keep</c>.</summary>
    public static string Text(CleanupAction action) => action == CleanupAction.Remove ? "remove" : "keep";

    /// <summary>A session's state in words: <c>exited 3</c>, <c>dead: signal 9 (SIGKILL)</c>, <c>idle</c>.</summary>
    public static string StateText(SessionFacts session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.State switch
        {
            AgentState.Exited => "exited" + (session.ExitStatus is { } status ? " " + status.ToString(CultureInfo.InvariantCulture) : ""),
            AgentState.Dead => "dead" + (session.ExitSignal is { } signal ? ": " + new RunExit(null, signal) : ""),
            _ => AgentStates.Text(session.State),
        };
    }

    private static bool Ends(AgentState state) => state is AgentState.Exited or AgentState.Dead;

    private static CleanupItem Session(CleanupRequest request, SessionFacts s, DateTimeOffset now)
    {
        var state = StateText(s);
        CleanupItem Item(CleanupAction action, string reason, bool forced = false) =>
            new(CleanupKind.Session, s.Key, s.Name, s.SessionId, s.Server, action, reason, forced);

        if (!request.All && !Ends(s.State))
        {
            return Item(CleanupAction.Keep, state + ": neither exited nor dead (--all takes it)");
        }

        var age = "";
        if (request.OlderThan is { } limit)
        {
            var quiet = now - s.LastOutput;
            if (quiet < limit)
            {
                return Item(CleanupAction.Keep, $"{state}: last output {Cards.Duration(quiet)} ago, within --older-than {Durations.Text(limit)}");
            }

            if (Ends(s.State) && s.Ended is { } ended && now - ended < limit)
            {
                return Item(CleanupAction.Keep, $"{state}: ended {Cards.Duration(now - ended)} ago, within --older-than {Durations.Text(limit)}");
            }

            age = ", last output " + Cards.Duration(quiet) + " ago";
        }

        if (s.IsOwn)
        {
            return Item(CleanupAction.Keep, state + ": this cleanup runs in it");
        }

        var refusals = new List<string>();
        if (s.AttachedClients > 0)
        {
            refusals.Add(s.AttachedClients == 1 ? "a client is attached" : s.AttachedClients.ToString(CultureInfo.InvariantCulture) + " clients are attached");
        }

        if (s.State == AgentState.Working)
        {
            refusals.Add("it is working");
        }
        else if (s.State == AgentState.Waiting)
        {
            refusals.Add("it is waiting for input");
        }

        if (refusals.Count == 0)
        {
            return Item(CleanupAction.Remove, state + age);
        }

        return request.Force
            ? Item(CleanupAction.Remove, $"{state}{age}; forced: {string.Join(", ", refusals)}", forced: true)
            : Item(CleanupAction.Keep, $"{state}{age}; refused: {string.Join(", ", refusals)} (--force overrides)");
    }

    private static CleanupItem Lock(LockFacts l)
    {
        var loop = "loop '" + l.Held.Name + "'";
        return l.StaleReason is { } stale
            ? new(CleanupKind.Lock, l.Path, l.Path, l.Held.RunId, null, CleanupAction.Remove, $"stale: {loop}: {stale}", false)
            : new(CleanupKind.Lock, l.Path, l.Path, l.Held.RunId, null, CleanupAction.Keep,
                l.Held.RunId is { } run ? $"live: {loop} runs (run {run})" : $"live: {loop} is starting (pid {l.Held.OwnerPid.ToString(CultureInfo.InvariantCulture)})", false);
    }

    private static CleanupItem Folder(CleanupRequest request, RunFolderFacts f, DateTimeOffset now)
    {
        CleanupItem Item(CleanupAction action, string reason) =>
            new(CleanupKind.RunFolder, f.Path, f.Path, f.Run?.RunId ?? f.FolderName, null, action, reason, false);

        if (f.Problem is { } problem || f.Run is null)
        {
            return Item(CleanupAction.Keep, f.Problem ?? "no run record");
        }

        var run = f.Run;
        if (!run.IsEnded)
        {
            return Item(CleanupAction.Keep, "active: " + RunStates.Text(run.State));
        }

        var outcome = RunStates.Text(run.State);
        if (f.ActiveChild is { } child)
        {
            return Item(CleanupAction.Keep, $"{outcome}: the active run {child} resumes it");
        }

        if (run.Ended is not { } ended)
        {
            return Item(CleanupAction.Keep, outcome + ": its end time is unknown");
        }

        var keep = request.OlderThan ?? request.Retention;
        var limit = request.OlderThan is { } d ? "--older-than " + Durations.Text(d) : "retention " + Durations.Text(request.Retention);
        var age = now - ended;
        return age > keep
            ? Item(CleanupAction.Remove, $"{outcome}, ended {Cards.Duration(age)} ago ({limit})")
            : Item(CleanupAction.Keep, $"{outcome}, ended {Cards.Duration(age)} ago, within {limit}");
    }
}
