using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells;

/// <summary>What to launch.</summary>
/// <param name="Name">tmux session name, kept verbatim.</param>
/// <param name="Cwd">The agent's working directory (absolute, or relative to the current directory).</param>
/// <param name="Command">argv template with <c>{task}</c>, <c>{brief}</c>, <c>{run_dir}</c>; empty uses the agent preset.</param>
/// <param name="Agent">An agent preset's name (<c>claude</c>, <c>codex</c>...), or null for the configured default; with a
/// <paramref name="Command"/>, only the run's label (the command's file name when null).</param>
/// <param name="Task">The task text; or null with <paramref name="BriefFile"/>.</param>
/// <param name="BriefFile">A markdown file whose content is the task; or null with <paramref name="Task"/>.</param>
public sealed record LaunchRequest(string Name, string Cwd, IReadOnlyList<string> Command, string? Agent, string? Task, string? BriefFile)
{
    /// <summary>A shell command line run in the cwd after the agent exits (<c>verify.sh</c>); null uses the repository's
    /// configured one, if any.</summary>
    public string? Verify { get; init; }

    /// <summary>A shell command line run after verification with the run's facts in <c>SESSIONTUI_*</c> variables.</summary>
    public string? OnExit { get; init; }

    /// <summary>Extra environment for the agent, <c>K=V</c> each.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>The run this one resumes.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>Markdown added to the brief after the task (what a resumed run is told about its parent).</summary>
    public string? ResumeContext { get; init; }

    /// <summary>For a loop (the command then starts the loop runner): the loop's parameters, kept in the run's record.</summary>
    public LoopStatus? Loop { get; init; }

    /// <summary>For a pipeline (the command then starts the pipeline runner): its file and steps.</summary>
    public PipelineStatus? Pipeline { get; init; }
}

/// <summary>A launched run and its session as tmux reported it.</summary>
/// <param name="Run">The run's record (state <c>running</c>, or later when it already ended).</param>
/// <param name="Session">The new session.</param>
public sealed record LaunchResult(RunRecord Run, SessionInfo Session);

/// <summary>Why a launch was refused.</summary>
public enum LaunchFailure
{
    /// <summary>Bad input: a name tmux would change, a missing cwd, a command not on PATH, an empty task (exit 2).</summary>
    Invalid,

    /// <summary>A session of that name exists on the server (exit 4).</summary>
    NameTaken,

    /// <summary>Something else failed: tmux, the run folder (exit 1).</summary>
    Failed,
}

/// <summary>A launch that did not happen; the message is one line for the user.</summary>
public sealed class LaunchException(LaunchFailure kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Why.</summary>
    public LaunchFailure Kind { get; } = kind;
}

/// <summary>
/// Launches agents into workcells: a run folder (brief, handoff template, verify script, status), a <c>runs</c> row, and a
/// detached tmux session whose pane runs the agent directly (argv, no shell) with <c>remain-on-exit</c>, a
/// <c>pane-died</c> hook that records the exact exit status or signal by running <c>sessiontui run-ended</c> (so the end is
/// recorded by the tmux server itself, whatever SessionTui process is alive), a <c>session-closed</c> hook that records a
/// kill, and <c>pipe-pane</c> into <c>agent.log</c> — all in one tmux call, before the server handles the agent's first
/// output or exit.
/// </summary>
public sealed class WorkcellLauncher
{
    private readonly TmuxClient _tmux;
    private readonly IProcessRunner _runner;
    private readonly RunLedger _ledger;
    private readonly string? _dbPath;
    private readonly WorkcellPaths _paths;
    private readonly WorkcellConfig _config;
    private readonly SelfCommand _self;
    private readonly TimeProvider _clock;
    private readonly Func<string, string?> _getEnv;

    /// <summary>Creates the launcher.</summary>
    /// <param name="tmux">tmux client.</param>
    /// <param name="runner">Runs git.</param>
    /// <param name="ledger">Writes status files and the database.</param>
    /// <param name="dbPath">The database the hooks record into (the launch's own, even when it could not be written now: the
    /// hook then reports that in hook.log and the status file still records the end); null when there is none.</param>
    /// <param name="paths">Where run folders live.</param>
    /// <param name="config">Agent presets and per-repository settings.</param>
    /// <param name="self">How tmux's hooks start <c>sessiontui</c>.</param>
    /// <param name="clock">UTC clock.</param>
    /// <param name="getEnv">Reads the launching environment (<c>PATH</c>).</param>
    public WorkcellLauncher(TmuxClient tmux, IProcessRunner runner, RunLedger ledger, string? dbPath, WorkcellPaths paths, WorkcellConfig config, SelfCommand self, TimeProvider clock, Func<string, string?> getEnv)
    {
        _tmux = tmux;
        _runner = runner;
        _ledger = ledger;
        _dbPath = dbPath;
        _paths = paths;
        _config = config;
        _self = self;
        _clock = clock;
        _getEnv = getEnv;
    }

    /// <summary>The configuration in use.</summary>
    public WorkcellConfig Config => _config;

    /// <summary>Runs git.</summary>
    internal IProcessRunner Runner => _runner;

    /// <summary>Why <paramref name="name"/> cannot be a workcell's session name, or null when it can: it must not be blank,
    /// hold control characters, or hold <c>:</c> or <c>.</c> (tmux would rewrite them to <c>_</c>).</summary>
    public static string? ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            return "the name is empty";
        }

        if (name.Any(char.IsControl))
        {
            return "the name holds a control character";
        }

        return name.IndexOfAny([':', '.']) >= 0 ? $"tmux does not keep ':' or '.' in a session name: '{name}'" : null;
    }

    /// <summary>
    /// Launches a run and returns once its agent runs in tmux (the agent does not run under the caller).
    /// </summary>
    /// <exception cref="LaunchException">The launch was refused or failed; nothing is left behind.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    public async Task<LaunchResult> LaunchAsync(LaunchRequest request, ServerRef server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        if (ValidateName(request.Name) is { } bad)
        {
            throw new LaunchException(LaunchFailure.Invalid, bad);
        }

        var cwd = Path.GetFullPath(request.Cwd);
        if (!Directory.Exists(cwd))
        {
            throw new LaunchException(LaunchFailure.Invalid, $"no such directory: {cwd}");
        }

        var task = ReadTask(request);
        var (template, resolved, agent) = ResolveAgent(request.Command, request.Agent);
        var executable = resolved[0];
        foreach (var kv in request.Env)
        {
            if (kv.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                throw new LaunchException(LaunchFailure.Invalid, $"--env wants NAME=VALUE, not '{kv}'");
            }
        }

        var (repoRoot, baseCommit) = await GitFactsAsync(cwd, cancellationToken).ConfigureAwait(false);
        var verify = request.Verify ?? _config.RepoAt(repoRoot).Verify;
        var started = _clock.GetUtcNow();
        _paths.EnsureStateDir();
        var folder = RunFolder.Create(_paths.RunsDir, RunIds.New(request.Name, started));
        try
        {
            return await StartAsync(request, server, folder, cwd, task, template, agent, executable, repoRoot, baseCommit, verify, started, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Discard(folder);
            throw;
        }
    }

    /// <summary>
    /// Starts a new run from an ended one, linked to it: same name, cwd, agent, command template, verify and on-exit commands
    /// and environment unless overridden; its brief holds the original task, the parent's handoff, its verification, its
    /// diagnosis and what changed. The parent's session, kept after its exit, is killed first to free the name.
    /// </summary>
    /// <param name="parent">The run to resume.</param>
    /// <param name="task">A new task, or null for the parent's.</param>
    /// <param name="command">A new command template, or null/empty for the parent's.</param>
    /// <param name="cancellationToken">Cancels the launch.</param>
    /// <exception cref="LaunchException">The parent still runs (<see cref="LaunchFailure.NameTaken"/>), or the launch failed.</exception>
    public async Task<LaunchResult> ResumeAsync(RunRecord parent, string? task, IReadOnlyList<string>? command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (!parent.IsEnded)
        {
            throw new LaunchException(LaunchFailure.NameTaken, $"run {parent.RunId} is still {RunStates.Text(parent.State)}; resume it once it has ended");
        }

        var server = await FreeNameAsync(parent, cancellationToken).ConfigureAwait(false);

        var handoffPath = Path.Join(parent.RunDir, "handoff.md");
        var handoff = File.Exists(handoffPath) ? await File.ReadAllTextAsync(handoffPath, cancellationToken).ConfigureAwait(false) : null;
        if (handoff is not null && !Briefs.IsFilled(handoff, parent.Name, parent.RunId))
        {
            handoff = null;
        }

        var template = command is { Count: > 0 } ? command : parent.Template.Count > 0 ? parent.Template : parent.Command;
        return await LaunchAsync(
            new LaunchRequest(parent.Name, parent.Cwd, template, command is { Count: > 0 } ? null : parent.Agent, task ?? parent.Task, null)
            {
                Verify = parent.Verify,
                OnExit = parent.OnExit,
                Env = parent.Env,
                ParentRunId = parent.RunId,
                ResumeContext = Briefs.ResumeContext(parent, handoff),
            },
            server,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills an ended run's session, kept after its exit, so its name can be used again; returns its server.</summary>
    internal async Task<ServerRef> FreeNameAsync(RunRecord parent, CancellationToken cancellationToken)
    {
        var server = new ServerRef(parent.Server, ["-S", parent.Socket], parent.Socket);
        if (parent.SessionId is { } sid)
        {
            try
            {
                var live = (await _tmux.ListSessionsAsync(server, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(s => s.SessionId == sid && s.ServerPid == parent.ServerPid);
                if (live is not null)
                {
                    await _tmux.KillSessionAsync(server, live.SessionId, live.ActivePane.PaneId, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (TmuxServerUnavailableException)
            {
            }
        }

        return server;
    }

    private async Task<LaunchResult> StartAsync(
        LaunchRequest request, ServerRef server, RunFolder folder, string cwd, string task, IReadOnlyList<string> template, string agent,
        string executable, string? repoRoot, string? baseCommit, string? verify, DateTimeOffset started, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = task,
            ["brief"] = folder.Brief,
            ["run_dir"] = folder.Path,
        };
        var command = Placeholders.Expand(template, values).ToList();
        command[0] = executable;
        folder.WriteFile(folder.Brief, Briefs.Brief(request.Name, folder, cwd, task, verify, SupervisorRules(repoRoot), request.ResumeContext, started));
        folder.WriteFile(folder.Handoff, Briefs.HandoffTemplate(request.Name, folder.RunId));
        if (verify is not null)
        {
            folder.WriteFile(folder.VerifyScript, Briefs.VerifyScript(folder.RunId, verify), executable: true);
        }

        var run = new RunRecord(
            folder.RunId, request.Name, server.SocketPath, server.Label, cwd, command, agent, task, verify, request.OnExit,
            request.Env, request.ParentRunId, baseCommit, folder.Path, RunState.Starting, started)
        {
            Template = template,
            Loop = request.Loop,
            Pipeline = request.Pipeline,
        };
        _ledger.Update(folder, _ => run);

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SESSIONTUI_RUN_ID"] = folder.RunId,
            ["SESSIONTUI_RUN_DIR"] = folder.Path,
            ["SESSIONTUI_BRIEF"] = folder.Brief,
            ["SESSIONTUI_HANDOFF"] = folder.Handoff,
        };
        if (_getEnv("PATH") is { } path)
        {
            env["PATH"] = path;
        }

        foreach (var kv in request.Env)
        {
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            env[kv[..eq]] = kv[(eq + 1)..];
        }

        SessionInfo session;
        try
        {
            session = await _tmux.NewSessionAsync(server, new NewSessionRequest(request.Name, PaneArgv(command))
            {
                WorkingDirectory = cwd,
                Environment = env,
                RemainOnExit = true,
                ThenRun = Hooks(folder, server),
            }, ct).ConfigureAwait(false);
        }
        catch (TmuxCommandException e) when (e.Message.StartsWith("duplicate session", StringComparison.Ordinal))
        {
            throw new LaunchException(LaunchFailure.NameTaken, $"a session named '{request.Name}' already exists on {server.Label}; kill it first (sessiontui kill '{request.Name}' -S {server.SocketPath})", e);
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException)
        {
            throw new LaunchException(LaunchFailure.Failed, $"tmux could not start the session on {server.Label}: {OneLine.Of(e)}", e);
        }

        var (stored, _) = _ledger.Update(folder, current => current is null ? null : current with
        {
            State = current.State == RunState.Starting ? RunState.Running : current.State,
            SessionId = session.SessionId,
            PaneId = session.ActivePane.PaneId,
            Pid = session.ActivePane.Pid,
            ServerPid = session.ServerPid,
        });
        return new LaunchResult(stored ?? run, session);
    }

    /// <summary>tmux runs one argument with <c>sh -c</c>: a lone program is started with <c>exec 'path'</c> instead.</summary>
    private static List<string> PaneArgv(List<string> command) =>
        command.Count == 1 ? ["exec " + Shell.Quote(command[0])] : command;

    /// <summary>The current pane's <c>pane-died</c> hook (a pane hook, <c>set-hook -p</c>, so other windows of the session do
    /// not fire it): the tmux server runs <c>sessiontui run-ended --exit STATUS:SIGNAL --pane %N</c> for the run in
    /// <paramref name="folder"/>, once more after 2 s if that fails, logging to <c>hook.log</c>.</summary>
    internal static TmuxCommand PaneDiedHook(SelfCommand self, string? dbPath, RunFolder folder)
    {
        var db = dbPath is null ? Array.Empty<string>() : ["--db", dbPath];
        // Recording is idempotent, so a first attempt that fails (a busy machine, a locked database) is simply tried again.
        var once = self.Words(["run-ended", .. db, "--run-dir", folder.Path]) + " --exit '#{pane_dead_status}:#{pane_dead_signal}' --pane '#{pane_id}'";
        var died = "{ " + once + " || { sleep 2; " + once + "; }; } >>" + Shell.FormatWord(Path.Join(folder.Path, "hook.log")) + " 2>&1";
        return new(["set-hook", "-p", "pane-died", "run-shell -b " + Shell.TmuxDoubleQuoted(died)]);
    }

    private List<TmuxCommand> Hooks(RunFolder folder, ServerRef server)
    {
        List<TmuxCommand> commands =
        [
            new(["set-option", "-w", "remain-on-exit-format", "EXITED: #{?pane_dead_signal,signal #{pane_dead_signal},#{pane_dead_status}}"]),
            PaneDiedHook(_self, _dbPath, folder),
            new(["pipe-pane", "-o", _self.ShellLine(
                ["pipe-log", "--max-bytes", _config.LogMaxBytes.ToString(CultureInfo.InvariantCulture), "--reap-socket", server.SocketPath, folder.AgentLog],
                " --agent-pid '#{pane_pid}'")]),
        ];
        if (server.Equals(_paths.Server))
        {
            // The stable server outlives its last session: tmux would otherwise exit at once when a person kills the last
            // workcell, before running the session-closed hook that records the kill.
            commands.Add(new(["set-option", "-s", "exit-empty", "off"]));
        }

        if (_dbPath is not null)
        {
            // One global hook per database on this server (index from the path), so launches recording into different
            // databases do not replace each other's hook, and a user's own session-closed hooks stay.
            var closed = _self.ShellLine(
                ["run-ended", "--db", _dbPath, "--closed", "--socket", server.SocketPath],
                " --server-pid '#{pid}' --session-id '#{hook_session}' >/dev/null 2>&1");
            commands.Add(new(["set-hook", "-g", "session-closed[" + HookIndex(_dbPath).ToString(CultureInfo.InvariantCulture) + "]", "run-shell -b " + Shell.TmuxDoubleQuoted(closed)]));
        }

        return commands;
    }

    /// <summary>A stable index 1000-9999 for a database path (FNV-1a).</summary>
    internal static int HookIndex(string dbPath)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(dbPath))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return 1000 + (int)(hash % 9000);
    }

    private static string ReadTask(LaunchRequest request)
    {
        if (request.Task is not null && request.BriefFile is not null)
        {
            throw new LaunchException(LaunchFailure.Invalid, "give --task or --brief, not both");
        }

        string task;
        if (request.BriefFile is { } file)
        {
            try
            {
                task = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LaunchException(LaunchFailure.Invalid, $"cannot read the brief {Path.GetFullPath(file)}: {e.Message}", e);
            }
        }
        else
        {
            task = request.Task ?? throw new LaunchException(LaunchFailure.Invalid, "a task is required: --task TEXT or --brief FILE");
        }

        return string.IsNullOrWhiteSpace(task) ? throw new LaunchException(LaunchFailure.Invalid, "the task is empty") : task;
    }

    /// <summary>An agent's command: <paramref name="command"/> (labelled <paramref name="agent"/>, else by its file name), or
    /// the preset <paramref name="agent"/> names (the default preset when it names none); with argv[0] made an absolute path.</summary>
    /// <returns>The argv template as given, the same with argv[0] resolved, and the agent's label.</returns>
    /// <exception cref="LaunchException">No such preset, or no such executable (<see cref="LaunchFailure.Invalid"/>).</exception>
    internal (IReadOnlyList<string> Template, IReadOnlyList<string> Resolved, string Agent) ResolveAgent(IReadOnlyList<string> command, string? agent)
    {
        IReadOnlyList<string> template;
        string label;
        if (command.Count > 0)
        {
            (template, label) = (command, agent ?? Path.GetFileName(command[0]));
        }
        else
        {
            label = agent ?? _config.DefaultAgent;
            template = _config.Agents.TryGetValue(label, out var preset)
                ? preset.Command
                : throw new LaunchException(LaunchFailure.Invalid, $"no agent preset '{label}' (presets: {string.Join(", ", _config.Agents.Keys.Order(StringComparer.Ordinal))}; add one in {_paths.ConfigFile})");
        }

        return (template, [ResolveExecutable(template[0]), .. template.Skip(1)], label);
    }

    /// <summary>An absolute path of an executable file: a name is looked up on the launching PATH, a path is taken relative
    /// to the current directory.</summary>
    private string ResolveExecutable(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program);
            return IsExecutable(full) ? full : throw new LaunchException(LaunchFailure.Invalid, $"not an executable file: {full}");
        }

        foreach (var dir in (_getEnv("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(dir, program);
            if (IsExecutable(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new LaunchException(LaunchFailure.Invalid, $"{program}: command not found on PATH");
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private async Task<(string? Root, string? Head)> GitFactsAsync(string cwd, CancellationToken ct)
    {
        try
        {
            var env = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C" };
            var top = await _runner.RunAsync(new ProcessSpec("git", ["-C", cwd, "rev-parse", "--show-toplevel"]) { Environment = env }, ct).ConfigureAwait(false);
            if (top.ExitCode != 0)
            {
                return (null, null);
            }

            var head = await _runner.RunAsync(new ProcessSpec("git", ["-C", cwd, "rev-parse", "-q", "--verify", "HEAD^{commit}"]) { Environment = env }, ct).ConfigureAwait(false);
            return (top.StandardOutput.TrimEnd('\n'), head.ExitCode == 0 ? head.StandardOutput.Trim() : null);
        }
        catch (ExecutableNotFoundException)
        {
            return (null, null);
        }
    }

    private static string? SupervisorRules(string? repoRoot)
    {
        var file = repoRoot is null ? null : Path.Join(repoRoot, "SUPERVISOR.md");
        try
        {
            return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Discard(RunFolder folder)
    {
        try
        {
            _ledger.Store?.DeleteRun(folder.RunId);
        }
        catch (HistoryStoreException)
        {
        }

        try
        {
            Directory.Delete(folder.Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
