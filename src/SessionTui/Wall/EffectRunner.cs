using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Wall;

/// <summary>
/// Executes the wall's <see cref="Cmd"/>s: tmux calls, history reads and writes, attach. Runs on the UI thread and never
/// blocks it: slow work goes to the thread pool and comes back as <see cref="Msg"/>s through <c>post</c>.
/// </summary>
public sealed class EffectRunner
{
    private readonly WallServices _services;
    private readonly WatchedPanes _watched;
    private readonly IReadOnlyDictionary<ServerRef, Core.Engine.SnapshotPoller> _pollers;
    private readonly ConsoleTerminal _terminal;
    private readonly Action<Msg> _post;
    private readonly Action<Action> _onUi;
    private readonly TaskCompletionSource<int> _quit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the runner.</summary>
    /// <param name="services">tmux, history store, clock.</param>
    /// <param name="watched">The panes pollers capture.</param>
    /// <param name="pollers">One poller per server.</param>
    /// <param name="terminal">The terminal, suspended around an attach.</param>
    /// <param name="post">Posts a result message into the loop.</param>
    /// <param name="onUi">Runs an action on the UI thread.</param>
    public EffectRunner(
        WallServices services,
        WatchedPanes watched,
        IReadOnlyDictionary<ServerRef, Core.Engine.SnapshotPoller> pollers,
        ConsoleTerminal terminal,
        Action<Msg> post,
        Action<Action> onUi)
    {
        _services = services;
        _watched = watched;
        _pollers = pollers;
        _terminal = terminal;
        _post = post;
        _onUi = onUi;
    }

    /// <summary>Completes with the exit code when a <see cref="Quit"/> runs.</summary>
    public Task<int> Quitting => _quit.Task;

    /// <summary>Whether an attach holds the terminal (the wall must not draw).</summary>
    public bool Attached { get; private set; }

    /// <summary>Runs <paramref name="cmds"/> in order.</summary>
    public void Run(IReadOnlyList<Cmd> cmds)
    {
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
                case RefreshNow:
                    foreach (var p in _pollers.Values)
                    {
                        p.RefreshNow();
                    }

                    break;
                case KillSession k:
                    _ = Task.Run(() => KillAsync(k));
                    break;
                case AttachSession a:
                    Attach(a);
                    break;
                case LoadHistory l:
                    _ = Task.Run(() => LoadHistory(l.Limit));
                    break;
                case LoadHistoryScreen l:
                    _ = Task.Run(() => LoadScreen(l.Id));
                    break;
                case Quit q:
                    _quit.TrySetResult(q.ExitCode);
                    break;
            }
        }
    }

    private async Task KillAsync(KillSession k)
    {
        var key = SessionKey.Of(k.Server, k.SessionId);
        try
        {
            var screen = await _services.Tmux.KillSessionAsync(k.Server, k.SessionId, k.PaneId).ConfigureAwait(false);
            _services.RecordKill(k.Server, k.ServerPid, k.SessionId, k.Name, k.Created, EndReason.KilledFromWall, screen, _post);
            _post(new KillFinished(key, k.Name, null));
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException or ExecutableNotFoundException)
        {
            _post(new KillFinished(key, k.Name, OneLine(e)));
        }
    }

    private void Attach(AttachSession a)
    {
        // Read-only is a flag of the client: switching the user's own client to read-only would leave it read-only after
        // they switch back, so a read-only attach always nests a client of its own.
        if (!a.ReadOnly && TmuxServers.IsInside(a.Server, Environment.GetEnvironmentVariable("TMUX")))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    var r = await _services.Runner.RunAsync(AttachCommands.SwitchClient(a.Server, a.SessionId, a.ReadOnly, _services.TmuxPath)).ConfigureAwait(false);
                    _post(new AttachFinished(a.Name, r.ExitCode, r.ExitCode == 0 ? null : OneLine(r.StandardError)));
                }
                catch (Exception e) when (e is TimeoutException or ExecutableNotFoundException)
                {
                    _post(new AttachFinished(a.Name, ExitCodes.Failure, OneLine(e)));
                }
            });
            return;
        }

        Attached = true;
        _terminal.Suspend();
        _ = Task.Run(async () =>
        {
            int code;
            string? error = null;
            try
            {
                code = await _services.Runner.RunInteractiveAsync(AttachCommands.Attach(a.Server, a.SessionId, a.ReadOnly, _services.TmuxPath)).ConfigureAwait(false);
                if (code != 0)
                {
                    error = "tmux attach-session exited " + code;
                }
            }
            catch (ExecutableNotFoundException e)
            {
                code = ExitCodes.TmuxMissing;
                error = OneLine(e);
            }

            _onUi(() =>
            {
                _terminal.Resume();
                Attached = false;
                var (w, h) = ConsoleTerminal.Size();
                _post(new Resized(w, h));
                _post(new AttachFinished(a.Name, code, error));
            });
        });
    }

    private void LoadHistory(int limit)
    {
        if (_services.Store is not { } store)
        {
            _post(new HistoryLoaded([], _services.StoreProblem ?? "no history database"));
            return;
        }

        try
        {
            _post(new HistoryLoaded(store.List(limit).ToImmutableArray(), null));
        }
        catch (HistoryStoreException e)
        {
            _post(new HistoryLoaded([], e.Message));
        }
    }

    private void LoadScreen(long id)
    {
        try
        {
            _post(new HistoryScreenLoaded(id, _services.Store?.LoadScreen(id), null));
        }
        catch (HistoryStoreException e)
        {
            _post(new HistoryScreenLoaded(id, null, e.Message));
        }
    }

    private static string OneLine(Exception e) => OneLine(e.Message);

    private static string OneLine(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "unknown error" : line;
    }
}
