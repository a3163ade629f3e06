using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionTui.Workcells.Loops;

/// <summary>What a loop lock file holds (<c>loops/NAME.lock</c> in the state folder, JSON, snake_case).</summary>
/// <param name="Name">The loop's session name, verbatim.</param>
/// <param name="OwnerPid">The process that took the lock (<c>sessiontui loop</c>) until the run exists.</param>
/// <param name="Created">When the lock was taken, UTC.</param>
/// <param name="RunId">The loop's run once launched, else null.</param>
public sealed record LoopLockInfo(string Name, int OwnerPid, DateTimeOffset Created, string? RunId);

/// <summary>
/// One loop per session name (the sessions skill's lock): a file created exclusively (<c>O_EXCL</c>) under
/// <c>$XDG_STATE_HOME/sessiontui/loops/</c>, named by the name's slug and a hash so that any name (spaces, quotes,
/// <c>$()</c>, unicode) maps to one safe file. Whether a lock is stale is decided by the caller, who can see tmux and the
/// run folder (<see cref="LoopLauncher"/>).
/// </summary>
/// <param name="dir">The folder of lock files.</param>
public sealed class LoopLock(string dir)
{
    /// <summary>The folder of lock files.</summary>
    public string Dir { get; } = dir;

    /// <summary>The lock file of <paramref name="name"/>: <c>loops/SLUG-HASH8.lock</c>.</summary>
    public string PathOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return Path.Join(Dir, RunIds.Slug(name) + "-" + hash.ToString("x8", CultureInfo.InvariantCulture) + ".lock");
    }

    /// <summary>Takes the lock of <paramref name="info"/>'s name; false when a lock file exists (see <see cref="Read"/>).</summary>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    public bool TryTake(LoopLockInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var stream = new FileStream(PathOf(info.Name), new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(info, LoopLockJson.Default.LoopLockInfo));
            return true;
        }
        catch (IOException) when (File.Exists(PathOf(info.Name)))
        {
            return false;
        }
    }

    /// <summary>Records the run in a lock this process holds (atomic replace).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Update(LoopLockInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var path = PathOf(info.Name);
        var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(info, LoopLockJson.Default.LoopLockInfo));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The lock of <paramref name="name"/>, or null when there is none; an unreadable file (a crash while it was
    /// written) reads as a lock with no owner.</summary>
    public LoopLockInfo? Read(string name)
    {
        var path = PathOf(name);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopLockJson.Default.LoopLockInfo);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return File.Exists(path) ? new LoopLockInfo(name, 0, File.GetLastWriteTimeUtc(path), null) : null;
        }
    }

    /// <summary>Every lock file of the folder (<c>*.lock</c>) with what it holds, by path; an unreadable file (a crash, or a
    /// lock being written this instant) reads as a lock with no owner and no run, named by its file name, created at its
    /// last write. Empty when the folder does not exist.</summary>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    public IReadOnlyList<(string Path, LoopLockInfo Info)> ReadAll()
    {
        if (!Directory.Exists(Dir))
        {
            return [];
        }

        var locks = new List<(string, LoopLockInfo)>();
        foreach (var path in Directory.EnumerateFiles(Dir, "*.lock").Order(StringComparer.Ordinal))
        {
            try
            {
                locks.Add((path, JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopLockJson.Default.LoopLockInfo)
                    ?? new LoopLockInfo(Path.GetFileName(path), 0, File.GetLastWriteTimeUtc(path), null)));
            }
            catch (FileNotFoundException)
            {
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                locks.Add((path, new LoopLockInfo(Path.GetFileName(path), 0, File.GetLastWriteTimeUtc(path), null)));
            }
        }

        return locks;
    }

    /// <summary>Deletes the lock file at <paramref name="path"/> if it still holds <paramref name="expected"/> (read as
    /// <see cref="ReadAll"/> reads it): a lock another loop took meanwhile stays.</summary>
    /// <returns>True when the file is gone (deleted now or before), false when it holds another lock now.</returns>
    /// <exception cref="IOException">It cannot be deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be deleted.</exception>
    public bool RemoveIfUnchanged(string path, LoopLockInfo expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!File.Exists(path))
        {
            return true;
        }

        LoopLockInfo now;
        try
        {
            now = JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopLockJson.Default.LoopLockInfo)
                ?? new LoopLockInfo(Path.GetFileName(path), 0, File.GetLastWriteTimeUtc(path), null);
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (JsonException)
        {
            now = new LoopLockInfo(Path.GetFileName(path), 0, File.GetLastWriteTimeUtc(path), null);
        }

        if (now != expected)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Removes the lock of <paramref name="name"/> when it is held for <paramref name="runId"/> (or by nobody's run
    /// when null); a lock another loop took meanwhile stays.</summary>
    public void Release(string name, string? runId)
    {
        var held = Read(name);
        if (held is not null && string.Equals(held.RunId, runId, StringComparison.Ordinal))
        {
            Remove(name);
        }
    }

    /// <summary>Removes the lock of <paramref name="name"/> whoever holds it (a stale one).</summary>
    public void Remove(string name)
    {
        try
        {
            File.Delete(PathOf(name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Source-generated JSON of <see cref="LoopLockInfo"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LoopLockInfo))]
internal sealed partial class LoopLockJson : JsonSerializerContext;
