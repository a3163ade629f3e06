using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.Tmux;

namespace SessionTui.History;

/// <summary>
/// Executes <see cref="HistoryCmd"/>s against the history store, off the caller's thread, one at a time, in the order they
/// were given: <see cref="RecordSessionsSeen"/> and <see cref="RecordSessionEnd"/> are one store call each;
/// <see cref="CaptureEndedPane"/> captures the dead pane with <see cref="TmuxClient.CapturePaneAsync"/> (started when the Cmd is
/// enqueued, awaited asynchronously in turn) and then records the end. No exception is lost; every outcome worth telling comes
/// back through <c>post</c>, from the writer's own thread:
/// <list type="bullet">
/// <item><see cref="StoreUnavailable"/> when a write throws <see cref="HistoryStoreException"/>, once per distinct message: a store
/// that keeps failing the same way is reported once, not on every write;</item>
/// <item><see cref="StoreRecovered"/> on the first successful write after that;</item>
/// <item><see cref="HistoryWriteFailed"/> for any other exception (a bug, a disposed store); the writer goes on.</item>
/// </list>
/// A capture that fails with a tmux error or timeout (the pane is already gone) is no failure: the end is recorded with the
/// fallback screen of the Cmd. One writer per store; the store is not disposed by the writer.
/// </summary>
public sealed class HistoryWriter : IAsyncDisposable
{
    private readonly IHistoryStore _store;
    private readonly TmuxClient _tmux;
    private readonly Action<Msg> _post;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private string? _reported;
    private volatile Exception? _stopped;

    /// <summary>Creates the writer and starts its worker (a thread-pool task).</summary>
    /// <param name="store">Where history goes, e.g. a <c>SqliteHistoryStore</c> opened for writing.</param>
    /// <param name="tmux">Captures dead panes for <see cref="CaptureEndedPane"/>.</param>
    /// <param name="post">Receives the writer's messages, on the writer's thread; it must not throw and must not wait for this
    /// writer (no waiting on <see cref="FlushAsync"/> or <see cref="DisposeAsync"/> from inside it). The wall passes its loop's post.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public HistoryWriter(IHistoryStore store, TmuxClient tmux, Action<Msg> post)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tmux);
        ArgumentNullException.ThrowIfNull(post);
        _store = store;
        _tmux = tmux;
        _post = post;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Completes when the writer has stopped after <see cref="DisposeAsync"/>; faults with the exception if
    /// <c>post</c> threw: the writer then stops, the writes still queued are dropped, and every caller waiting for them and every
    /// later call gets that exception.</summary>
    public Task Completion => _worker;

    /// <summary>Queues a write and returns at once, without touching the store or tmux on the caller's thread.</summary>
    /// <param name="cmd">The write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cmd"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    /// <exception cref="Exception">Whatever <c>post</c> threw, rethrown: the writer stopped then.</exception>
    public void Enqueue(HistoryCmd cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        Add(new Work(cmd, Capture(cmd), null));
    }

    /// <summary>Completes when every write queued before this call is done (its messages posted).</summary>
    /// <returns>A task that completes then; it faults with what <c>post</c> threw when the writer stopped because of it.</returns>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public Task FlushAsync()
    {
        if (_stopped is { } stopped)
        {
            return Task.FromException(stopped);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(new Work(null, null, done));
        return done.Task;
    }

    /// <summary>Stops taking writes, finishes the queued ones (each store write can wait up to the store's busy timeout, each
    /// capture up to the tmux timeout), then stops. Rethrows what <c>post</c> threw, if it did.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private void Add(Work work)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return;
        }

        if (_stopped is { } stopped)
        {
            ExceptionDispatchInfo.Throw(stopped);
        }

        throw new ObjectDisposedException(nameof(HistoryWriter));
    }

    /// <summary>Starts the capture of a dead pane at once (off the caller's thread), so the pane is read as soon as possible and
    /// the queue only awaits the result in turn.</summary>
    private Task<string?>? Capture(HistoryCmd cmd) =>
        cmd is CaptureEndedPane c ? Task.Run(() => CaptureAsync(c)) : null;

    private async Task<string?> CaptureAsync(CaptureEndedPane c)
    {
        try
        {
            return await _tmux.CapturePaneAsync(c.End.Server, c.PaneId, c.Lines).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException or ExecutableNotFoundException)
        {
            return null;
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (work.Cmd is not null)
                {
                    await ExecuteAsync(work.Cmd, work.Screen).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // Only post can throw here: stop taking writes and fail everyone waiting, so nothing hangs and nothing is lost.
                _stopped = e;
                _queue.Writer.TryComplete(e);
                work.Done?.TrySetException(e);
                while (_queue.Reader.TryRead(out var left))
                {
                    left.Done?.TrySetException(e);
                }

                throw;
            }

            work.Done?.TrySetResult();
        }
    }

    private async Task ExecuteAsync(HistoryCmd cmd, Task<string?>? screen)
    {
        try
        {
            switch (cmd)
            {
                case RecordSessionsSeen s:
                    _store.RecordSeen(s.Sessions, s.At);
                    break;
                case RecordSessionEnd e:
                    _store.RecordEnd(e.End, e.Name);
                    break;
                case CaptureEndedPane c:
                    var captured = await screen!.ConfigureAwait(false);
                    _store.RecordEnd(c.End with { LastScreen = captured ?? c.End.LastScreen }, c.Name);
                    break;
                default:
                    throw new ArgumentException($"the history writer does not know {cmd.GetType().Name}", nameof(cmd));
            }
        }
        catch (HistoryStoreException e)
        {
            if (!string.Equals(_reported, e.Message, StringComparison.Ordinal))
            {
                _reported = e.Message;
                _post(new StoreUnavailable(e.Message));
            }

            return;
        }
        catch (Exception e)
        {
            _post(new HistoryWriteFailed(cmd, e));
            return;
        }

        if (_reported is not null)
        {
            _reported = null;
            _post(new StoreRecovered());
        }
    }

    /// <summary>One queued item: a write (null for a flush marker), its capture when it has one, and who waits for it.</summary>
    private sealed record Work(HistoryCmd? Cmd, Task<string?>? Screen, TaskCompletionSource? Done);
}
