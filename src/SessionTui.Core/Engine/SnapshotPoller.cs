using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace SessionTui.Core.Engine;

/// <summary>
/// Polls one tmux server: one fetch per tick, never two at once (a tick that finds a fetch in flight is folded into the
/// next), <see cref="SnapshotReceived"/> on success and <see cref="ServerUnavailable"/> with exponential backoff on failure
/// (interval × 2^failures, capped), recovering by itself when the server comes back.
/// </summary>
public sealed class SnapshotPoller : IDisposable
{
    private readonly ServerRef _server;
    private readonly Func<CancellationToken, Task<ServerSnapshot>> _fetch;
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _maxBackoff;
    private readonly Func<Exception, bool> _isNoServer;
    private readonly Subject<bool> _refresh = new();

    /// <summary>Creates a poller.</summary>
    /// <param name="server">The server polled (named in failures).</param>
    /// <param name="fetch">One tick's work: one tmux call returning the snapshot; throws on failure (its message, first line, is shown).</param>
    /// <param name="scheduler">Timer scheduler; its clock stamps failures.</param>
    /// <param name="interval">Time between ticks while the server answers (default wall setting: 1000 ms).</param>
    /// <param name="maxBackoff">Longest wait between attempts while it fails.</param>
    /// <param name="isNoServer">Tells a failure that means "no server runs on the socket" (<see cref="ServerUnavailable.NoServer"/>);
    /// null treats every failure as a problem of a running server.</param>
    public SnapshotPoller(ServerRef server, Func<CancellationToken, Task<ServerSnapshot>> fetch, IScheduler scheduler, TimeSpan interval, TimeSpan maxBackoff, Func<Exception, bool>? isNoServer = null)
    {
        _isNoServer = isNoServer ?? (_ => false);
        _server = server;
        _fetch = fetch;
        _scheduler = scheduler;
        _interval = interval;
        _maxBackoff = maxBackoff < interval ? interval : maxBackoff;
    }

    /// <summary>The poll results. Polling starts on subscribe (first tick at once) and stops on dispose. Never errors:
    /// every failure becomes a <see cref="ServerUnavailable"/>.</summary>
    public IObservable<Msg> Messages => Observable.Create<Msg>(observer =>
    {
        var gate = new object();
        var inFlight = false;
        var pending = false;
        var failures = 0;
        var stopped = false;
        var timer = new SerialDisposable();
        var cts = new CancellationTokenSource();

        void Tick()
        {
            lock (gate)
            {
                if (stopped)
                {
                    return;
                }

                if (inFlight)
                {
                    pending = true;
                    return;
                }

                inFlight = true;
                timer.Disposable = Disposable.Empty;
            }

            Task<ServerSnapshot> task;
            try
            {
                task = _fetch(cts.Token);
            }
            catch (Exception e)
            {
                task = Task.FromException<ServerSnapshot>(e);
            }

            task.ContinueWith(Done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        void Done(Task<ServerSnapshot> t)
        {
            TimeSpan next;
            Msg msg;
            if (t.IsCompletedSuccessfully)
            {
                failures = 0;
                next = _interval;
                msg = new SnapshotReceived(t.Result);
            }
            else
            {
                failures++;
                var factor = Math.Pow(2, Math.Min(failures, 16));
                next = TimeSpan.FromTicks((long)Math.Min(_maxBackoff.Ticks, _interval.Ticks * factor));
                msg = new ServerUnavailable(_server, Describe(t.Exception), _scheduler.Now, next) { NoServer = NoServer(t.Exception) };
            }

            bool again;
            lock (gate)
            {
                if (stopped)
                {
                    return;
                }

                inFlight = false;
                again = pending;
                pending = false;
                if (!again)
                {
                    timer.Disposable = _scheduler.Schedule(next, Tick);
                }
            }

            observer.OnNext(msg);
            if (again)
            {
                Tick();
            }
        }

        var refresh = _refresh.Subscribe(_ => Tick());
        timer.Disposable = _scheduler.Schedule(Tick);
        return Disposable.Create(() =>
        {
            lock (gate)
            {
                stopped = true;
            }

            refresh.Dispose();
            timer.Dispose();
            cts.Cancel();
            cts.Dispose();
        });
    });

    /// <summary>Polls now (or right after the fetch in flight) instead of waiting for the next tick; resets the backoff wait.</summary>
    public void RefreshNow() => _refresh.OnNext(true);

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private bool NoServer(AggregateException? e) => e?.InnerExceptions.Count == 1 && _isNoServer(e.InnerException!);

    private static string Describe(AggregateException? e) => e is null ? "unknown failure" : OneLine.Of(e);
}
