using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

public sealed class ReadOnlyTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _path;

    public ReadOnlyTests()
    {
        // Every test starts from a good database holding one live and one ended session with a screen
        _path = _temp.File("history.db");
        using var store = SqliteHistoryStore.Open(_path);
        store.RecordSeen([Given.Session("$1", "alive"), Given.Session("$2", "ended")], Given.At(1));
        store.RecordEnd(Given.End(Given.Session("$2", "ended"), EndReason.Exited, Given.At(2), "bye", exitStatus: 0), "ended");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_read_only_store_lists_rows_and_loads_screens()
    {
        // When the good database is opened read-only
        using var store = SqliteHistoryStore.OpenReadOnly(_path);

        // Then it lists both sessions and loads the screen
        Assert.True(store.IsReadOnly);
        Assert.Equal(_path, store.Path);
        var entries = store.List(10);
        Assert.Equal(2, entries.Count);
        Assert.Equal("bye", store.LoadScreen(entries.Single(e => e.HasScreen).Id));
    }

    [Fact]
    public void A_read_only_store_refuses_writes_and_leaves_the_file_alone()
    {
        // Given the good database opened read-only
        using var store = SqliteHistoryStore.OpenReadOnly(_path);

        // When sightings and ends are recorded
        var seen = Assert.Throws<HistoryStoreException>(() => store.RecordSeen([Given.Session("$3", "new")], Given.At(3)));
        var end = Assert.Throws<HistoryStoreException>(() =>
            store.RecordEnd(Given.End(Given.Session("$1", "alive"), EndReason.Vanished, Given.At(3)), "alive"));
        var nothing = Assert.Throws<HistoryStoreException>(() => store.RecordSeen([], Given.At(3)));

        // Then each says history is read-only, and nothing changed
        Assert.All([seen, end, nothing], e => Assert.Equal($"history is read-only: {_path}", e.Message));
        Assert.Equal(2, store.List(10).Count);
        Assert.Null(store.List(10).Single(e => e.SessionId == "$1").EndReason);
    }

    [Fact]
    public void A_read_only_store_shows_a_database_from_a_newer_build()
    {
        // Given the database marked with a schema version this build does not know
        using (var db = new RawDatabase(_path))
        {
            db.Execute("PRAGMA user_version = 999");
        }

        Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(_path));

        // When it is opened read-only
        using var store = SqliteHistoryStore.OpenReadOnly(_path);

        // Then its history is still listed
        Assert.Equal(2, store.List(10).Count);
    }

    [Fact]
    public void A_read_only_store_lists_while_another_writer_holds_the_lock()
    {
        // Given another writer holding the database
        using var other = new RawDatabase(_path);
        other.Execute("BEGIN IMMEDIATE");
        Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(_path, TimeSpan.FromSeconds(1)));

        // When it is opened read-only
        using var store = SqliteHistoryStore.OpenReadOnly(_path, TimeSpan.FromSeconds(1));

        // Then it lists without waiting for the writer
        Assert.Equal(2, store.List(10).Count);
    }

    [Fact]
    public void Read_only_open_of_a_missing_file_fails_clearly_and_creates_nothing()
    {
        // Given a path with no file
        var missing = _temp.File("missing", "history.db");

        // When it is opened read-only
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.OpenReadOnly(missing));

        // Then one line names the file, and no folder or file appeared
        Assert.Equal($"cannot open history database {missing} read-only: no such file", e.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void Read_only_open_of_an_empty_database_fails_clearly()
    {
        // Given a SQLite file that never held history
        var empty = _temp.File("empty.db");
        using (var db = new RawDatabase(empty))
        {
            db.Execute("CREATE TABLE unrelated (x)");
        }

        // When it is opened read-only
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.OpenReadOnly(empty));

        // Then one line says it holds no history
        Assert.Equal($"cannot open history database {empty} read-only: it holds no history (schema version 0)", e.Message);
    }
}
