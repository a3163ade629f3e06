using System.Collections.Immutable;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.Core.History;
using SessionTui.History;
using SessionTui.Tmux;

namespace SessionTui.Wall;

/// <summary>What the effect runner needs from the wall's host: the terminal for a nested attach, and the way out.</summary>
internal interface IWallHost
{
    /// <summary>Hands the terminal to <c>tmux attach-session</c> for <paramref name="attach"/> and takes it back after the
    /// detach (the host posts <see cref="AttachFinished"/>).</summary>
    void AttachHere(AttachSession attach);

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
        string? tmuxEnv)
    {
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
