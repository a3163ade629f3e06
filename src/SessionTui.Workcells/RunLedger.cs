using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells;

/// <summary>
/// Keeps a run's two records together: <c>status.json</c> in its folder first (the record that survives a locked or broken
/// database), then its <c>runs</c> row. A database that cannot be written is reported through <paramref name="warn"/> and
/// never loses the status file's change.
/// </summary>
/// <param name="store">The database, or null when there is none.</param>
/// <param name="warn">Receives one line per database write that failed.</param>
public sealed class RunLedger(IRunStore? store, Action<string> warn)
{
    /// <summary>The database, or null.</summary>
    public IRunStore? Store => store;

    /// <summary>Changes the run's status under its folder's lock (see <see cref="RunFolder.Update"/>), then saves the
    /// result to the database when it changed.</summary>
    /// <returns>The record now stored, and whether it changed.</returns>
    /// <exception cref="IOException">The status file cannot be read or written.</exception>
    public (RunRecord? Record, bool Changed) Update(RunFolder folder, Func<RunRecord?, RunRecord?> change)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var result = folder.Update(change);
        if (result.Changed && result.Record is { } record)
        {
            Save(record);
        }

        return result;
    }

    /// <summary>Saves a record to the database only (e.g. a status file's content the database missed).</summary>
    public void Save(RunRecord record)
    {
        try
        {
            store?.SaveRun(record);
        }
        catch (HistoryStoreException e)
        {
            warn("run " + record.RunId + " not saved to the database: " + e.Message);
        }
    }

    /// <summary>Saves an iteration to the database (its <c>status.json</c> is written first by the caller); a failure is
    /// reported through the warning.</summary>
    public void SaveIteration(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        try
        {
            store?.SaveIteration(iteration);
        }
        catch (HistoryStoreException e)
        {
            warn("iteration " + iteration.Number + " of run " + iteration.RunId + " not saved to the database: " + e.Message);
        }
    }
}
