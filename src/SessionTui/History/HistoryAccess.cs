using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.History;

/// <summary>
/// The history database as a command opened it: writable, read-only (with the reason it could not be written), or absent
/// (with the reason it could not be opened). A corrupt, locked or newer database never stops the wall or a command.
/// </summary>
public sealed class HistoryAccess : IDisposable
{
    private readonly SqliteHistoryStore? _store;

    private HistoryAccess(SqliteHistoryStore? store, string? problem)
    {
        _store = store;
        Problem = problem;
    }

    /// <summary>No database at all (commands that do not touch history).</summary>
    public static HistoryAccess None { get; } = new(null, null);

    /// <summary>The store, or null when it could not be opened.</summary>
    public IHistoryStore? Store => _store;

    /// <summary>The runs of the same database, or null when it could not be opened (read-only: writes throw).</summary>
    public Core.Runs.IRunStore? Runs => _store;

    /// <summary>Why history is not written (read-only or unavailable), or null when it is.</summary>
    public string? Problem { get; }

    /// <summary>Whether history can be written.</summary>
    public bool Writable => _store is not null && Problem is null;

    /// <summary>Opens <paramref name="dbPath"/> for writing, else read-only, else not at all; never throws for a bad
    /// database (the problem is one line in <see cref="Problem"/>).</summary>
    public static HistoryAccess Open(string dbPath)
    {
        try
        {
            return new HistoryAccess(SqliteHistoryStore.Open(dbPath), null);
        }
        catch (HistoryStoreException e)
        {
            try
            {
                return new HistoryAccess(SqliteHistoryStore.OpenReadOnly(dbPath), "history is read-only: " + e.Message);
            }
            catch (HistoryStoreException)
            {
                return new HistoryAccess(null, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _store?.Dispose();
}
