using System.Text.Json;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Workcells.Loops;

namespace SessionTui.Workcells.Cleanup;

/// <summary>
/// The files cleanup reads and removes in the state folder: loop locks (<c>loops/*.lock</c>) and run folders
/// (<c>runs/RUN/</c>). Reading gathers the facts <see cref="CleanupPlan"/> decides on; removing re-checks that the thing
/// is still what the plan saw before it goes.
/// </summary>
public static class CleanupFiles
{
    /// <summary>How old an unreadable lock file must be before it counts as stale: a loop writes its lock right after
    /// creating it, so a younger one may be a lock being taken this instant.</summary>
    public static readonly TimeSpan UnreadableLockGrace = TimeSpan.FromMinutes(1);

    /// <summary>Every loop lock with whether it is stale (<see cref="LoopLauncher.StaleReasonAsync"/>, the check a new loop
    /// makes before it replaces a lock). A lock's run is read from its run folder's <c>status.json</c>, else from the
    /// database.</summary>
    /// <param name="loops">The loop launcher (its locks and its stale check, which asks tmux whether a run's session lives).</param>
    /// <param name="runsDir">The run folders' folder.</param>
    /// <param name="store">The database, or null.</param>
    /// <param name="now">Now, UTC.</param>
    /// <param name="cancellationToken">Cancels the tmux calls.</param>
    /// <exception cref="IOException">The locks' folder cannot be listed.</exception>
    public static async Task<IReadOnlyList<LockFacts>> LocksAsync(LoopLauncher loops, string runsDir, IRunStore? store, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loops);
        var facts = new List<LockFacts>();
        foreach (var (path, held) in loops.Locks.ReadAll())
        {
            string? stale;
            if (held.OwnerPid == 0 && held.RunId is null && now - held.Created < UnreadableLockGrace)
            {
                stale = null;
            }
            else
            {
                var run = held.RunId is null ? null : ReadRun(Path.Join(runsDir, held.RunId)) ?? StoredRun(store, held.RunId);
                stale = await loops.StaleReasonAsync(held, run, cancellationToken).ConfigureAwait(false);
            }

            facts.Add(new LockFacts(path, held, stale));
        }

        return facts;
    }

    /// <summary>Every folder under <paramref name="runsDir"/> with its run record and whether an active run resumes it
    /// (active by its <c>status.json</c> or by the database). A folder is a run folder only when it is a real folder (not a
    /// symbolic link) whose <c>status.json</c> is a run record naming the folder's own run id.</summary>
    /// <param name="runsDir">The run folders' folder.</param>
    /// <param name="store">The database, or null.</param>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    public static IReadOnlyList<RunFolderFacts> RunFolders(string runsDir, IRunStore? store)
    {
        if (!Directory.Exists(runsDir))
        {
            return [];
        }

        var seen = new List<(DirectoryInfo Dir, RunRecord? Run, string? Problem)>();
        foreach (var dir in new DirectoryInfo(runsDir).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            seen.Add(Inspect(dir));
        }

        var active = seen.Where(s => s.Run is { IsEnded: false }).Select(s => s.Run!).ToList();
        try
        {
            active.AddRange(store?.ActiveRuns() ?? []);
        }
        catch (HistoryStoreException)
        {
            // Without the database, the folders' own records still name the active runs.
        }

        return [.. seen.Select(s => new RunFolderFacts(
            s.Dir.FullName,
            s.Dir.Name,
            s.Run,
            s.Problem,
            s.Run is null ? null : active.FirstOrDefault(a => a.ParentRunId == s.Run.RunId)?.RunId))];
    }

    /// <summary>Deletes a stale lock unless another loop took it since it was read.</summary>
    /// <returns>Null when it is gone; else why it stays.</returns>
    /// <exception cref="IOException">It cannot be deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be deleted.</exception>
    public static string? RemoveLock(LoopLock locks, LockFacts facts)
    {
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(facts);
        return locks.RemoveIfUnchanged(facts.Path, facts.Held) ? null : "another loop holds it now";
    }

    /// <summary>Deletes a run folder whose run still reads as ended at the same time as when it was planned, then records
    /// in the database that its folder is gone (<see cref="RunRecord.FolderRemoved"/>; the row is written from the folder's
    /// record when the database lacked it, so <c>runs show</c> still knows the run).</summary>
    /// <param name="facts">The folder as planned.</param>
    /// <param name="ledger">Writes the database row.</param>
    /// <param name="now">Now, UTC.</param>
    /// <returns>Null when it is gone; else why it stays.</returns>
    /// <exception cref="IOException">It cannot be deleted (some of it may be gone).</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be deleted (some of it may be gone).</exception>
    public static string? RemoveRunFolder(RunFolderFacts facts, RunLedger ledger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(ledger);
        var dir = new DirectoryInfo(facts.Path);
        if (!dir.Exists)
        {
            return null;
        }

        var (_, current, problem) = Inspect(dir);
        if (problem is not null || current is null || facts.Run is null || !current.IsEnded || current.Ended != facts.Run.Ended)
        {
            return "it changed since it was planned";
        }

        dir.Delete(recursive: true);
        ledger.Save(current with { FolderRemoved = now });
        return null;
    }

    private static (DirectoryInfo Dir, RunRecord? Run, string? Problem) Inspect(DirectoryInfo dir)
    {
        if (dir.LinkTarget is not null)
        {
            return (dir, null, "a symbolic link, not a run folder");
        }

        var status = Path.Join(dir.FullName, "status.json");
        if (!File.Exists(status))
        {
            return (dir, null, "no status.json: not a run folder");
        }

        RunRecord? run;
        try
        {
            run = new RunFolder(dir.FullName).ReadStatus();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (dir, null, "unreadable status.json: not a run folder (" + OneLine.Of(e) + ")");
        }

        return run switch
        {
            null => (dir, null, "empty status.json: a launch under way, or one that failed"),
            _ when !string.Equals(run.RunId, dir.Name, StringComparison.Ordinal) => (dir, null, $"its status.json is run {run.RunId}'s: not this folder's"),
            _ => (dir, run, null),
        };
    }

    private static RunRecord? ReadRun(string folder)
    {
        try
        {
            return File.Exists(Path.Join(folder, "status.json")) ? new RunFolder(folder).ReadStatus() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static RunRecord? StoredRun(IRunStore? store, string runId)
    {
        try
        {
            return store?.FindRun(runId) is { } run && run.RunId == runId ? run : null;
        }
        catch (HistoryStoreException)
        {
            return null;
        }
    }
}
