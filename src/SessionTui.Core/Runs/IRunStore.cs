namespace SessionTui.Core.Runs;

/// <summary>
/// The storage seam for runs (SQLite table <c>runs</c> beside <c>sessions</c>, and <c>handoffs</c>). Implementations are
/// safe to use from several processes at once: the CLI that launches, the tmux hook that records the end, the wall.
/// </summary>
public interface IRunStore
{
    /// <summary>Inserts or replaces the run with <see cref="RunRecord.RunId"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void SaveRun(RunRecord run);

    /// <summary>Removes a run (a launch that lost its race for the session name).</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void DeleteRun(string runId);

    /// <summary>The run with this exact id, else the latest run (by start) whose session name is exactly
    /// <paramref name="runIdOrName"/>; null when neither exists.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    RunRecord? FindRun(string runIdOrName);

    /// <summary>Runs newest first (by start), at most <paramref name="limit"/>, only those in <paramref name="state"/> when given.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<RunRecord> ListRuns(int limit, RunState? state = null);

    /// <summary>Runs not ended yet (starting, running, verifying), oldest first.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<RunRecord> ActiveRuns();

    /// <summary>Runs started by <c>resume</c> from <paramref name="runId"/>, oldest first.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<RunRecord> ChildRuns(string runId);

    /// <summary>Records the handoff a run wrote (its <c>handoff.md</c> at the end), replacing an earlier one of that run.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void SaveHandoff(string runId, DateTimeOffset at, string content);

    /// <summary>The recorded handoff of a run, or null.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    string? LoadHandoff(string runId);

    /// <summary>Inserts or replaces an iteration (key: run, stage, number); an iteration of a run not in the database is
    /// skipped.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be written.</exception>
    void SaveIteration(IterationRecord iteration);

    /// <summary>The iterations of a run, by stage then number.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<IterationRecord> ListIterations(string runId);

    /// <summary>Loop runs (those with a <see cref="RunRecord.Loop"/>) newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    IReadOnlyList<RunRecord> ListLoops(int limit);
}
