using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Terminal.Gui.App;

namespace SessionTui.Tui;

/// <summary>
/// The wall's UI scheduler: runs work on the thread that runs the Terminal.Gui main loop, the one state owner. Work
/// scheduled from that thread runs at once (a key's intent is applied and drawn in the same loop iteration); from other
/// threads it is handed to the loop with <c>IApplication.Invoke</c>. While no application runs (during an attach, between
/// disposing one application and creating the next) work waits in order and runs when the next one is attached.
/// </summary>
internal sealed class UiScheduler : LocalScheduler
{
    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly object _gate = new();
    private IApplication? _app;
    private int _uiThread = -1;
    private int _pumping;

    /// <summary>Makes <paramref name="app"/>'s main loop (run by the calling thread) the place where work runs, and runs
    /// what waited.</summary>
    public void Attach(IApplication app)
    {
        lock (_gate)
        {
            _app = app;
            _uiThread = Environment.CurrentManagedThreadId;
        }

        Volatile.Write(ref _pumping, 0);
        Pump();
    }

    /// <summary>Stops handing work to the current application; work scheduled from now on waits for the next one.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _app = null;
        }
    }

    /// <summary>Whether the caller runs on the UI thread while an application is attached (work would run inline).</summary>
    public bool OnUiThread
    {
        get
        {
            lock (_gate)
            {
                return _app is not null && Environment.CurrentManagedThreadId == _uiThread;
            }
        }
    }

    /// <inheritdoc />
    public override IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (dueTime > TimeSpan.Zero)
        {
            var delayed = new SingleAssignmentDisposable();
            var timer = new Timer(_ => delayed.Disposable = Schedule(state, action), null, dueTime, System.Threading.Timeout.InfiniteTimeSpan);
            return new CompositeDisposable(delayed, timer);
        }

        bool inline;
        lock (_gate)
        {
            inline = _app is not null && Environment.CurrentManagedThreadId == _uiThread;
        }

        var result = new SingleAssignmentDisposable();
        if (inline)
        {
            result.Disposable = action(this, state);
            return result;
        }

        _pending.Enqueue(() =>
        {
            if (!result.IsDisposed)
            {
                result.Disposable = action(this, state);
            }
        });
        Pump();
        return result;
    }

    /// <summary>Runs the work that waits for an application now, on the calling thread (the UI thread, at exit, when no
    /// application will come).</summary>
    /// <exception cref="InvalidOperationException">An application is attached.</exception>
    public void RunWaitingWork()
    {
        lock (_gate)
        {
            if (_app is not null)
            {
                throw new InvalidOperationException("an application is attached: its main loop runs the work");
            }
        }

        Drain();
    }

    /// <summary>Runs the waiting work now (on the UI thread).</summary>
    private void Drain()
    {
        Volatile.Write(ref _pumping, 0);
        while (_pending.TryDequeue(out var work))
        {
            work();
        }
    }

    private void Pump()
    {
        IApplication? app;
        lock (_gate)
        {
            app = _app;
        }

        if (app is null || Interlocked.Exchange(ref _pumping, 1) == 1)
        {
            return;
        }

        try
        {
            app.Invoke(Drain);
        }
        catch (InvalidOperationException)
        {
            // The application was disposed between the check and the call (NotInitializedException): the work waits for
            // the next application.
            Volatile.Write(ref _pumping, 0);
        }
    }
}
