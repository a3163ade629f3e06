using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

public sealed class SchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static int MigrationCount => typeof(SqliteHistoryStore).Assembly.GetManifestResourceNames()
        .Count(n => n.StartsWith("SessionTui.Storage.Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_creates_the_folder_and_the_file_and_applies_every_migration()
    {
        // Given a path whose folders do not exist yet
        var path = _temp.File("state", "sessiontui", "sessiontui.db");

        // When the store is opened
        using (var store = SqliteHistoryStore.Open(path))
        {
            Assert.Equal(path, store.Path);
            Assert.False(store.IsReadOnly);
        }

        // Then the file exists and its schema version is the number of migrations
        Assert.True(File.Exists(path));
        Assert.True(MigrationCount >= 1);
        using var db = new RawDatabase(path);
        Assert.Equal(MigrationCount, db.Number("PRAGMA user_version"));
        Assert.Equal(1, db.Number("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sessions'"));
    }

    [Fact]
    public void Reopening_applies_no_migration_again()
    {
        // Given a database that holds a session
        var path = _temp.File("history.db");
        using (var store = SqliteHistoryStore.Open(path))
        {
            store.RecordSeen([Given.Session("$1", "api")], Given.At(1));
        }

        long schemaVersion;
        using (var db = new RawDatabase(path))
        {
            schemaVersion = db.Number("PRAGMA schema_version");
        }

        // When it is opened again
        using (var store = SqliteHistoryStore.Open(path))
        {
            // Then the session is still there
            Assert.Equal("api", Assert.Single(store.List(10)).Name);
        }

        // And the schema was not touched
        using var after = new RawDatabase(path);
        Assert.Equal(schemaVersion, after.Number("PRAGMA schema_version"));
        Assert.Equal(MigrationCount, after.Number("PRAGMA user_version"));
    }

    [Fact]
    public void The_database_uses_the_write_ahead_log()
    {
        // Given a database created by the store
        var path = _temp.File("history.db");
        SqliteHistoryStore.Open(path).Dispose();

        // When another connection asks for its journal mode
        using var db = new RawDatabase(path);

        // Then it is WAL
        Assert.Equal("wal", db.Text("PRAGMA journal_mode"));
    }

    [Fact]
    public void Open_refuses_a_database_from_a_newer_build()
    {
        // Given a database whose schema version is beyond this build's migrations
        var path = _temp.File("history.db");
        SqliteHistoryStore.Open(path).Dispose();
        using (var db = new RawDatabase(path))
        {
            db.Execute($"PRAGMA user_version = {MigrationCount + 1}");
        }

        // When it is opened for writing
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(path));

        // Then the one-line error names the file and the versions
        Assert.Equal(
            $"cannot open history database {path}: its schema version {MigrationCount + 1} is newer than this build knows ({MigrationCount}); use a newer sessiontui",
            e.Message);
    }
}
