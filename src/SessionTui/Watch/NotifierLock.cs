using System.Globalization;

namespace SessionTui.Watch;

/// <summary>
/// The one-notifier-per-database lock: a file beside the history database (<c>sessiontui.db.notify.lock</c>) held open with
/// <see cref="FileShare.None"/>, which .NET takes on Unix as an advisory <c>flock(LOCK_EX | LOCK_NB)</c>; the kernel
/// drops it when the process ends, however it ends, so a lock is never stale. The holder's process id and command
/// (<c>watch</c> or <c>wall</c>) are written to a second file (<c>…notify.lock.holder</c>) for the message of the one
/// that is refused (the locked file itself cannot be read while locked: every open takes a shared flock).
/// </summary>
internal sealed class NotifierLock : IDisposable
{
    private readonly FileStream _file;

    private NotifierLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of a database.</summary>
    public static string PathFor(string dbPath) => dbPath + ".notify.lock";

    /// <summary>Takes the lock of <paramref name="dbPath"/>, or says who holds it.</summary>
    /// <param name="dbPath">The history database's path.</param>
    /// <param name="holder">Who takes it: <c>watch</c> or <c>wall</c>.</param>
    /// <param name="heldBy">When refused: the holder's line (<c>watch, pid 4242</c>), or empty when unknown.</param>
    /// <returns>The lock, or null when another process holds it.</returns>
    /// <exception cref="IOException">The folder cannot be written (other than the lock being held).</exception>
    public static NotifierLock? TryTake(string dbPath, string holder, out string heldBy)
    {
        var path = PathFor(dbPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(path + ".holder", holder + ", pid " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            heldBy = "";
            return new NotifierLock(file, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            try
            {
                heldBy = File.ReadAllText(path + ".holder").Trim();
            }
            catch (IOException)
            {
                heldBy = "";
            }

            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
