using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

[UnsupportedOSPlatform("windows")]
public sealed class FailureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> CorruptContents => ["random", "text"];

    [Theory]
    [MemberData(nameof(CorruptContents))]
    public void Open_reports_a_file_that_is_not_a_database(string content)
    {
        // Given a file that is not a SQLite database
        var path = WriteCorruptFile(content);

        // When it is opened
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(path));

        // Then one line names the file and SQLite's reason
        Assert.Equal($"cannot open history database {path}: file is not a database", e.Message);
    }

    [Theory]
    [MemberData(nameof(CorruptContents))]
    public void Read_only_open_reports_a_file_that_is_not_a_database(string content)
    {
        // Given a file that is not a SQLite database
        var path = WriteCorruptFile(content);

        // When it is opened read-only
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.OpenReadOnly(path));

        // Then one line names the file and SQLite's reason
        Assert.Equal($"cannot open history database {path}: file is not a database", e.Message);
    }

    [Fact]
    public void Open_reports_a_folder_that_cannot_be_created()
    {
        // Given a path below a regular file, where no folder can be made (whoever runs the test)
        var blocker = _temp.File("blocker");
        File.WriteAllText(blocker, "a file, not a folder");
        var folder = Path.Join(blocker, "sessiontui");

        // When the store is opened there
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(Path.Join(folder, "sessiontui.db")));

        // Then one line names the folder
        Assert.StartsWith($"cannot create the history folder {folder}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Open_reports_a_folder_where_the_file_cannot_be_created()
    {
        // Given an existing folder without write permission (root ignores permissions: then /proc, where nobody can create files)
        var folder = _temp.File("read-only");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (PermissionsAreIgnored(folder))
        {
            folder = "/proc";
        }

        var path = Path.Join(folder, $"sessiontui-{Guid.NewGuid():N}.db");

        // When the store is opened there
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(path));

        // Then one line names the file and SQLite's reason
        Assert.Equal($"cannot open history database {path}: unable to open database file", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_reports_a_database_locked_beyond_the_busy_timeout_instead_of_hanging()
    {
        // Given a database another writer holds with BEGIN IMMEDIATE
        var path = _temp.File("history.db");
        SqliteHistoryStore.Open(path).Dispose();
        using var other = new RawDatabase(path);
        other.Execute("BEGIN IMMEDIATE");

        // When the store is opened with a one-second busy timeout
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<HistoryStoreException>(() => SqliteHistoryStore.Open(path, TimeSpan.FromSeconds(1)));
        clock.Stop();

        // Then it gives up after about that long, with one line naming the file
        Assert.Equal($"cannot open history database {path}: it is locked by another writer (gave up after 1000 ms)", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_write_reports_a_database_locked_beyond_the_busy_timeout_and_works_once_the_lock_is_gone()
    {
        // Given an open store with a one-second busy timeout, and another writer that then holds the database
        var path = _temp.File("history.db");
        using var store = SqliteHistoryStore.Open(path, TimeSpan.FromSeconds(1));
        var other = new RawDatabase(path);
        other.Execute("BEGIN IMMEDIATE");

        // When a sighting is recorded
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<HistoryStoreException>(() => store.RecordSeen([Given.Session("$1", "api")], Given.At(1)));
        clock.Stop();

        // Then it fails clearly within the timeout's reach
        Assert.Equal($"cannot write history database {path}: it is locked by another writer (gave up after 1000 ms)", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));

        // And once the other writer is gone, the same store writes again
        other.Dispose();
        store.RecordEnd(Given.End(Given.Session("$1", "api"), EndReason.Vanished, Given.At(2)), "api");
        Assert.Single(store.List(10));
    }

    private static bool PermissionsAreIgnored(string folder)
    {
        var probe = Path.Join(folder, "probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string WriteCorruptFile(string content)
    {
        var path = _temp.File("corrupt.db");
        if (content == "random")
        {
            var bytes = new byte[8192];
            new Random(20250314).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
        }
        else
        {
            File.WriteAllText(path, "not a database\n", Encoding.UTF8);
        }

        return path;
    }
}
