using System.Collections.Immutable;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.Core.History;
using SessionTui.Core.Runs;
using SessionTui.History;
using SessionTui.Tmux;
using SessionTui.Workcells;

namespace SessionTui.Wall;

/// <summary>What the effect runner needs from the wall's host: the terminal for a nested attach, and the way out.</summary>
internal interface IWallHost
{
    /// <summary>Hands the terminal to <c>tmux attach-session</c> for <paramref name="attach"/> and takes it back after the
    /// detach (the host posts <see cref="AttachFinished"/>).</summary>
    void AttachHere(AttachSession attach);

    /// <summary>Hands the terminal to the editor for <paramref name="edit"/> and takes it back when it exits (the host posts
    /// <see cref="EditorFinished"/>).</summary>
    void EditHere(EditFile edit);

    /// <summary>Ends the wall with <paramref name="exitCode"/>.</summary>
    void Quit(int exitCode);
}

/// <summary>
/// Executes the wall's <see cref="Cmd"/>s on the UI thread without ever blocking it: tmux calls and history reads run on
/// the thread pool and come back as <see cref="Msg"/>s through <c>post</c> — and so does every failure (no effect's
/// exception is lost: one that its own result message cannot carry becomes <see cref="EffectFailed"/>).
/// </summary>
internal sealed class EffectRunner
{
    private readonly TmuxClient _tmux;
    private readonly AttachService _attach;
    private readonly HistoryAccess _history;
    private readonly HistoryWriter? _writer;
    private readonly TimeProvider _clock;
    private readonly WatchedPanes _watched;
    private readonly IReadOnlyDictionary<ServerRef, SnapshotPoller> _pollers;
    private readonly IWallHost _host;
    private readonly Action<Msg> _post;
    private readonly string? _tmuxEnv;
    private readonly WorkcellServices? _workcells;
    private readonly Watch.Watchdog? _watchdog;
    private readonly List<Task> _running = [];

    /// <summary>Creates the runner.</summary>
    /// <param name="tmux">Kills sessions.</param>
    /// <param name="attach">Switches clients.</param>
    /// <param name="history">The history database, for reading rows and screens.</param>
    /// <param name="writer">Writes history Cmds in order off the UI thread; null when history is not writable.</param>
    /// <param name="clock">Stamps kills.</param>
    /// <param name="watched">The panes pollers capture.</param>
    /// <param name="pollers">One poller per server.</param>
    /// <param name="host">The wall's host (attach on this terminal, quit).</param>
    /// <param name="post">Posts a result message into the loop (any thread).</param>
    /// <param name="tmuxEnv">The wall's own <c>$TMUX</c>, null outside tmux (decides switch-client).</param>
    /// <param name="workcells">Launch, resume, reconciliation and the runs database; null when the wall cannot launch.</param>
    /// <param name="watchdog">Records and notifies agent-state transitions and run ends; null for none.</param>
    public EffectRunner(
        TmuxClient tmux,
        AttachService attach,
        HistoryAccess history,
        HistoryWriter? writer,
        TimeProvider clock,
        WatchedPanes watched,
        IReadOnlyDictionary<ServerRef, SnapshotPoller> pollers,
        IWallHost host,
        Action<Msg> post,
        string? tmuxEnv,
        WorkcellServices? workcells = null,
        Watch.Watchdog? watchdog = null)
    {
        _watchdog = watchdog;
        _workcells = workcells;
        _tmux = tmux;
        _attach = attach;
        _history = history;
        _writer = writer;
        _clock = clock;
        _watched = watched;
        _pollers = pollers;
        _host = host;
        _post = post;
        _tmuxEnv = tmuxEnv;
    }

    /// <summary>Runs <paramref name="cmds"/> in order (UI thread).</summary>
    public void Run(IReadOnlyList<Cmd> cmds)
    {
        _watchdog?.Tick();
        foreach (var cmd in cmds)
        {
            switch (cmd)
            {
                case WatchPanes w:
                    foreach (var server in _watched.Set(w))
                    {
                        _pollers[server].RefreshNow();
                    }

                    break;
                case AgentStateChanged c:
                    _watchdog?.Changed(c);
                    break;
                case StatesFound f:
                    _watchdog?.Found(f);
                    break;
                case RunFinished f:
                    _watchdog?.Finished(f);
                    break;
                case RefreshNow:
                    foreach (var p in _pollers.Values)
                    {
                        p.RefreshNow();
                    }

                    break;
                case KillSession k:
                    Start(() => KillAsync(k), e => new KillFinished(SessionKey.Of(k.Server, k.SessionId), k.Name, OneLine.Of(e)));
                    break;
                case AttachSession a when AttachService.SwitchesClient(a.Server, a.ReadOnly, _tmuxEnv):
                    Start(
                        async () => await _attach.SwitchAsync(a.Server, a.SessionId).ConfigureAwait(false) is { } error
                            ? new AttachFinished(a.Name, ExitCodes.Failure, error)
                            : new AttachFinished(a.Name, 0, null),
                        e => new AttachFinished(a.Name, ExitCodes.Failure, OneLine.Of(e)));
                    break;
                case AttachSession a:
                    _host.AttachHere(a);
                    break;
                case LoadHistory l:
                    Start(() => Task.FromResult(LoadHistory(l.Limit)), e => new HistoryLoaded([], OneLine.Of(e)));
                    break;
                case LoadHistoryScreen l:
                    Start(() => Task.FromResult(LoadScreen(l.Id)), e => new HistoryScreenLoaded(l.Id, null, OneLine.Of(e)));
                    break;
                case Quit q:
                    _host.Quit(q.ExitCode);
                    break;
                case LoadRuns l:
                    Start(() => LoadRunsAsync(l), e => new RunsLoaded([], OneLine.Of(e), _clock.GetUtcNow()));
                    break;
                case LoadRunHistory l:
                    Start(() => Task.FromResult<Msg>(new RunHistoryLoaded([.. Runs()?.ListRuns(l.Limit) ?? []], null)), e => new RunHistoryLoaded([], OneLine.Of(e)));
                    break;
                case LoadRunDetail l:
                    Start(() => LoadRunDetailAsync(l.RunId), e => new RunDetailLoaded(l.RunId, null, OneLine.Of(e)));
                    break;
                case LaunchRun l:
                    Start(() => LaunchAsync(l.Spec), e => new LaunchFailed(null, OneLine.Of(e)));
                    break;
                case ResumeRun r:
                    Start(() => ResumeAsync(r), e => new ResumeFailed(r.Name, OneLine.Of(e)));
                    break;
                case EditFile e:
                    _host.EditHere(e);
                    break;
                case HistoryCmd h:
                    _writer?.Enqueue(h);
                    break;
            }
        }
    }

    /// <summary>At exit, with the last state: writes the final history (a last <c>last_seen</c> for live sessions) and
    /// waits up to <paramref name="timeout"/> for the writer to finish.</summary>
    public void Close(WallState last, TimeSpan timeout)
    {
        if (_writer is null)
        {
            return;
        }

        foreach (var write in last.Recorded.AtExit(_clock.GetUtcNow()).Cmds)
        {
            _writer.Enqueue(write);
        }

        _writer.DisposeAsync().AsTask().Wait(timeout);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for effects still running (at exit, so a kill is recorded).</summary>
    public void Drain(TimeSpan timeout)
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        Task.WaitAll(running, timeout);
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and posts its result, or <paramref name="failed"/>'s message
    /// for any exception.</summary>
    private void Start(Func<Task<Msg>> work, Func<Exception, Msg> failed)
    {
        var task = Task.Run(async () =>
        {
            Msg result;
            try
            {
                result = await work().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                result = failed(e);
            }

            _post(result);
        });
        lock (_running)
        {
            _running.Add(task);
        }

        task.ContinueWith(
            t =>
            {
                lock (_running)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task<Msg> KillAsync(KillSession k)
    {
        var screen = await _tmux.KillSessionAsync(k.Server, k.SessionId, k.PaneId).ConfigureAwait(false);
        _post(SessionKilled.FromWall(k, _clock.GetUtcNow(), screen));
        return new KillFinished(SessionKey.Of(k.Server, k.SessionId), k.Name, null);
    }

    /// <summary>The runs database, or null when there is none (then the wall shows no runs and says nothing).</summary>
    private IRunStore? Runs() => _workcells?.Store;

    private async Task<Msg> LoadRunsAsync(LoadRuns l)
    {
        if (Runs() is not { } store)
        {
            return new RunsLoaded([], null, _clock.GetUtcNow());
        }

        if (l.Reconcile)
        {
            try
            {
                await _workcells!.Reconciler.ReconcileAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HistoryStoreException or ExecutableNotFoundException or IOException or TimeoutException)
            {
                _post(new EffectFailed("reconciling runs", OneLine.Of(e)));
            }
        }

        return new RunsLoaded([.. store.ListRuns(l.Limit)], null, _clock.GetUtcNow());
    }

    private async Task<Msg> LoadRunDetailAsync(string runId)
    {
        if (Runs() is not { } store)
        {
            return new RunDetailLoaded(runId, null, "no runs database");
        }

        if (store.FindRun(runId) is not { } run)
        {
            return new RunDetailLoaded(runId, null, "no such run");
        }

        var brief = await ReadAsync(Path.Join(run.RunDir, "brief.md")).ConfigureAwait(false);
        var handoff = await ReadAsync(Path.Join(run.RunDir, "handoff.md")).ConfigureAwait(false) ?? store.LoadHandoff(runId);
        var parent = run.ParentRunId is { } parentId ? store.FindRun(parentId) : null;
        return new RunDetailLoaded(runId, new RunReport(run, brief, handoff, parent, [.. store.ChildRuns(runId)])
        {
            Iterations = run.Loop is null ? [] : [.. store.ListIterations(runId)],
        }, null);
    }

    /// <summary>A run folder's text file, or null when it is missing or unreadable.</summary>
    private static async Task<string?> ReadAsync(string path)
    {
        try
        {
            return File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Checks what the form could not (the name by tmux's rules, the directory and brief file on disk), then
    /// launches; every refusal comes back as <see cref="LaunchFailed"/> naming its field.</summary>
    private async Task<Msg> LaunchAsync(LaunchSpec spec)
    {
        if (_workcells is null)
        {
            return new LaunchFailed(null, "launching needs a state folder (XDG_STATE_HOME or HOME)");
        }

        if (WorkcellLauncher.ValidateName(spec.Name) is { } bad)
        {
            return new LaunchFailed(LaunchField.Name, bad);
        }

        var directory = Path.GetFullPath(Home(spec.Directory));
        if (!Directory.Exists(directory))
        {
            return new LaunchFailed(LaunchField.Directory, "no such directory: " + directory);
        }

        string? brief = null;
        if (spec.BriefFile is { } file)
        {
            brief = Path.GetFullPath(Home(file), directory);
            if (!File.Exists(brief))
            {
                return new LaunchFailed(LaunchField.Brief, "no such file: " + brief);
            }
        }

        var request = new LaunchRequest(spec.Name, directory, spec.Command, spec.Agent, spec.Task, brief) { Verify = spec.Verify };
        try
        {
            var result = await _workcells.Launcher.LaunchAsync(request, spec.Server).ConfigureAwait(false);
            return new Launched(result.Run, result.Session.Key, Resumed: false);
        }
        catch (LaunchException e)
        {
            return new LaunchFailed(FieldOf(e, spec), OneLine.Of(e));
        }
    }

    /// <summary>The form field a refused launch is about, from the launcher's kind and words; null for the launch as a whole.</summary>
    private static LaunchField? FieldOf(LaunchException e, LaunchSpec spec) => e.Kind switch
    {
        LaunchFailure.NameTaken => LaunchField.Name,
        LaunchFailure.Invalid when e.Message.Contains("directory", StringComparison.Ordinal) => LaunchField.Directory,
        LaunchFailure.Invalid when e.Message.Contains("preset", StringComparison.Ordinal) => LaunchField.Agent,
        LaunchFailure.Invalid when e.Message.Contains("not found on PATH", StringComparison.Ordinal) || e.Message.Contains("executable", StringComparison.Ordinal)
            => spec.Command.IsEmpty ? LaunchField.Agent : LaunchField.Command,
        LaunchFailure.Invalid when e.Message.Contains("brief", StringComparison.Ordinal) => LaunchField.Brief,
        LaunchFailure.Invalid when e.Message.Contains("task", StringComparison.Ordinal) => LaunchField.Task,
        LaunchFailure.Invalid when e.Message.Contains("name", StringComparison.Ordinal) => LaunchField.Name,
        _ => null,
    };

    /// <summary><c>~</c> or <c>~/…</c> against <c>$HOME</c>, as a shell would; other paths as typed.</summary>
    private static string Home(string path) =>
        (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) && Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? Path.Join(home, path[1..])
            : path;

    private async Task<Msg> ResumeAsync(ResumeRun r)
    {
        if (_workcells is null || Runs() is not { } store)
        {
            return new ResumeFailed(r.Name, "no runs database");
        }

        if (store.FindRun(r.RunId) is not { } parent)
        {
            return new ResumeFailed(r.Name, "no such run: " + r.RunId);
        }

        try
        {
            var result = await _workcells.Launcher.ResumeAsync(parent, null, null).ConfigureAwait(false);
            return new Launched(result.Run, result.Session.Key, Resumed: true);
        }
        catch (LaunchException e)
        {
            return new ResumeFailed(r.Name, OneLine.Of(e));
        }
    }

    private Msg LoadHistory(int limit)
    {
        if (_history.Store is not { } store)
        {
            return new HistoryLoaded([], _history.Problem ?? "no history database");
        }

        try
        {
            return new HistoryLoaded(store.List(limit).ToImmutableArray(), null);
        }
        catch (HistoryStoreException e)
        {
            return new HistoryLoaded([], e.Message);
        }
    }

    private Msg LoadScreen(long id)
    {
        try
        {
            return new HistoryScreenLoaded(id, _history.Store?.LoadScreen(id), null);
        }
        catch (HistoryStoreException e)
        {
            return new HistoryScreenLoaded(id, null, e.Message);
        }
    }
}
