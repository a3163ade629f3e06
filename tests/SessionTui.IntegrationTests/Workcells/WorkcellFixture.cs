using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Workcells;

/// <summary>
/// A private home for workcell tests: XDG_STATE_HOME and XDG_CONFIG_HOME in a temp folder (so the stable socket
/// <c>state/sessiontui/tmux.sock</c> is private), a history database, fake agents written as shell scripts, a git
/// repository with its own identity, and the built <c>sessiontui</c> run as a person would run it. Dispose kills the
/// workcell server and deletes everything.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class WorkcellFixture : IDisposable
{
    private static readonly string DotnetHost =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "dotnet";

    /// <summary>Creates the folders.</summary>
    public WorkcellFixture()
    {
        Home = Directory.CreateTempSubdirectory("stui-wc-").FullName;
        Directory.CreateDirectory(Path.Join(Home, "config", "sessiontui"));
        Directory.CreateDirectory(Agents);
    }

    /// <summary>The temp home.</summary>
    public string Home { get; }

    /// <summary>The database.</summary>
    public string Db => Path.Join(Home, "history.db");

    /// <summary>Where fake agents are written.</summary>
    public string Agents => Path.Join(Home, "agents");

    /// <summary>The stable workcell socket.</summary>
    public string Socket => Path.Join(Home, "state", "sessiontui", "tmux.sock");

    /// <summary>The run folders.</summary>
    public string RunsDir => Path.Join(Home, "state", "sessiontui", "runs");

    /// <summary>The process runner.</summary>
    public ProcessRunner Runner { get; } = new();

    /// <summary>Writes an executable fake agent (a <c>/bin/sh</c> script) and returns its path.</summary>
    public string Agent(string name, string body)
    {
        var path = Path.Join(Agents, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A new git repository with one commit, in a folder whose name has a space and a quote.</summary>
    public string Repo(string name = "repo it's")
    {
        var dir = Path.Join(Home, name);
        Directory.CreateDirectory(dir);
        Git(dir, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Join(dir, "README.md"), "hello\n");
        Git(dir, "add", "README.md");
        Git(dir, "commit", "-q", "-m", "initial");
        return dir;
    }

    /// <summary>Runs git with a fixed identity (CI has no global git configuration).</summary>
    public string Git(string dir, params string[] args)
    {
        var result = Runner.RunAsync(new ProcessSpec("git", ["-C", dir, "-c", "user.name=SessionTui Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args])).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.StandardError}");
    }

    /// <summary>The environment git needs inside a fake agent to commit (CI has no identity).</summary>
    public IReadOnlyList<string> GitIdentityEnv =>
        ["GIT_AUTHOR_NAME=Agent", "GIT_AUTHOR_EMAIL=agent@example.com", "GIT_COMMITTER_NAME=Agent", "GIT_COMMITTER_EMAIL=agent@example.com"];

    /// <summary><see cref="GitIdentityEnv"/> as <c>--env K=V</c> options of <c>launch</c>.</summary>
    public IReadOnlyList<string> GitIdentityOptions => [.. GitIdentityEnv.SelectMany(e => new[] { "--env", e })];

    /// <summary>Runs <c>sessiontui ARGS</c> with <c>--db</c> and the private environment.</summary>
    public Task<ProcessResult> Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs <c>sessiontui ARGS</c> as <see cref="Run"/> does, with <paramref name="input"/> on its stdin (null: closed).</summary>
    public async Task<ProcessResult> RunWithInput(byte[]? input, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["TMUX_TMPDIR"] = Home,
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["XDG_STATE_HOME"] = Path.Join(Home, "state"),
            ["XDG_CONFIG_HOME"] = Path.Join(Home, "config"),
        };
        return await Runner.RunAsync(new ProcessSpec(DotnetHost, [Path.Join(AppContext.BaseDirectory, "sessiontui.dll"), "--db", Db, .. args])
        {
            Environment = env,
            Timeout = TimeSpan.FromSeconds(60),
            StandardInput = input is null ? null : new ReadOnlyMemory<byte>(input),
        });
    }

    /// <summary>Starts <c>sessiontui ARGS</c> (with <c>--db</c> and the private environment) in the background with its
    /// output redirected, for long-running commands such as <c>watch</c>; the caller ends it.</summary>
    public System.Diagnostics.Process Start(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Path.Join(AppContext.BaseDirectory, "sessiontui.dll"), "--db", Db, .. args])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TMUX_TMPDIR"] = Home;
        info.Environment.Remove("TMUX");
        info.Environment.Remove("TMUX_PANE");
        info.Environment["XDG_STATE_HOME"] = Path.Join(Home, "state");
        info.Environment["XDG_CONFIG_HOME"] = Path.Join(Home, "config");
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("sessiontui did not start");
    }

    /// <summary>tmux on the workcell socket.</summary>
    public string Tmux(params string[] args)
    {
        var result = Runner.RunAsync(new ProcessSpec("tmux", ["-S", Socket, .. args])).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {result.StandardError}");
    }

    /// <summary>The run's status.json.</summary>
    public RunRecord Status(string runId) => RunJson.Deserialize(File.ReadAllText(Path.Join(RunsDir, runId, "status.json")));

    /// <summary>Waits until the run has ended (status.json) and returns it; the SQLite row must say the same.</summary>
    public RunRecord WaitEnded(string runId, TimeSpan? timeout = null)
    {
        RunRecord? last = null;
        TmuxTestServer.WaitUntil(() => (last = TryStatus(runId)) is { IsEnded: true, Verification: not null } || last is { State: RunState.Killed or RunState.Vanished }, timeout ?? TimeSpan.FromSeconds(30), () => $"run {runId} to end; last status: {(last is null ? "none" : RunStates.Text(last.State))}");
        using var store = SqliteHistoryStore.OpenReadOnly(Db);
        TmuxTestServer.WaitUntil(() => store.FindRun(runId)?.State == last!.State, TimeSpan.FromSeconds(10), "the database to agree");
        return last!;
    }

    /// <summary>Parses <c>launch --json</c>.</summary>
    public static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        using var doc = JsonDocument.Parse(result.StandardOutput);
        return doc.RootElement.Clone();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SESSIONTUI_KEEP_TEST_HOME") == "1")
        {
            return;
        }

        Runner.RunAsync(new ProcessSpec("tmux", ["-S", Socket, "kill-server"])).GetAwaiter().GetResult();

        for (var i = 0; ; i++)
        {
            try
            {
                Directory.Delete(Home, recursive: true);
                return;
            }
            catch (IOException) when (i < 20)
            {
                // A hook's sessiontui may still be writing into a run folder.
                Thread.Sleep(100);
            }
        }
    }

    private RunRecord? TryStatus(string runId)
    {
        try
        {
            var text = File.ReadAllText(Path.Join(RunsDir, runId, "status.json"));
            return text.Length == 0 ? null : RunJson.Deserialize(text);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
