using System.Text;
using System.Text.Json;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells;

/// <summary>
/// One run's folder, <c>runs/&lt;run-id&gt;/</c> (mode 0700): <c>brief.md</c>, <c>handoff.md</c>, <c>status.json</c>,
/// <c>agent.log</c> (and <c>agent.log.1</c>), <c>verify.sh</c> and <c>verify.log</c>, <c>on-exit.log</c>, and <c>.lock</c>.
/// <c>status.json</c> is replaced atomically (write a temporary file, then rename) and changed only under an exclusive
/// lock on <c>.lock</c>, so the launcher and the completion hook never lose each other's writes.
/// </summary>
public sealed class RunFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Opens an existing run folder.</summary>
    /// <param name="path">The folder.</param>
    public RunFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>The run id: the folder's name.</summary>
    public string RunId => System.IO.Path.GetFileName(Path);

    /// <summary><c>brief.md</c>: what the agent is asked to do.</summary>
    public string Brief => Join("brief.md");

    /// <summary><c>handoff.md</c>: what the agent hands on (a template until it fills it).</summary>
    public string Handoff => Join("handoff.md");

    /// <summary><c>status.json</c>: the run's record (<see cref="RunJson"/>).</summary>
    public string Status => Join("status.json");

    /// <summary><c>agent.log</c>: everything the pane printed (rotated to <c>agent.log.1</c>).</summary>
    public string AgentLog => Join("agent.log");

    /// <summary><c>verify.sh</c>: the verify command, when one was given.</summary>
    public string VerifyScript => Join("verify.sh");

    /// <summary><c>verify.log</c>: the verify command's whole output.</summary>
    public string VerifyLog => Join("verify.log");

    /// <summary><c>on-exit.log</c>: the on-exit command's output.</summary>
    public string OnExitLog => Join("on-exit.log");

    private string LockFile => Join(".lock");

    /// <summary>
    /// Creates the folder of a new run under <paramref name="runsDir"/> with the first free id of <paramref name="baseId"/>,
    /// <c>baseId-2</c>, <c>baseId-3</c>...: a folder counts as taken once its <c>status.json</c> exists, which this creates
    /// exclusively (empty) so that two launches in the same second never share a folder.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static RunFolder Create(string runsDir, string baseId)
    {
        Directory.CreateDirectory(runsDir, Private);
        for (var n = 1; ; n++)
        {
            var id = n == 1 ? baseId : baseId + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var folder = new RunFolder(System.IO.Path.Join(runsDir, id));
            Directory.CreateDirectory(folder.Path, Private);
            try
            {
                using (new FileStream(folder.Status, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }

                return folder;
            }
            catch (IOException) when (File.Exists(folder.Status) && n < 1000)
            {
            }
        }
    }

    /// <summary>Writes a file of the folder (UTF-8, no BOM), replacing it atomically; mode 0600, or 0700 when executable.</summary>
    public void WriteFile(string path, string content, bool executable = false)
    {
        var temp = path + ".tmp";
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (executable ? UnixFileMode.UserExecute : 0);
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            stream.Write(Utf8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads <c>status.json</c>; null while it is still the empty placeholder of <see cref="Create"/>.</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="JsonException">It is not a run record.</exception>
    public RunRecord? ReadStatus()
    {
        var text = File.ReadAllText(Status);
        return text.Length == 0 ? null : RunJson.Deserialize(text);
    }

    /// <summary>
    /// Changes <c>status.json</c> under the folder's exclusive lock: reads it, applies <paramref name="change"/> (null from it
    /// means no change), writes the result atomically. Waits up to 10 s for another holder of the lock.
    /// </summary>
    /// <returns>The record now stored, and whether <paramref name="change"/> changed it.</returns>
    /// <exception cref="IOException">The file cannot be read or written, or the lock stayed held.</exception>
    /// <exception cref="JsonException">It is not a run record.</exception>
    public (RunRecord? Record, bool Changed) Update(Func<RunRecord?, RunRecord?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var held = Lock();
        var current = ReadStatus();
        var next = change(current);
        if (next is null || ReferenceEquals(next, current))
        {
            return (current, false);
        }

        WriteFile(Status, RunJson.Serialize(next) + "\n");
        return (next, true);
    }

    private FileStream Lock()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock(2) on Unix.
                return new FileStream(LockFile, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private string Join(string name) => System.IO.Path.Join(Path, name);
}
