using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Runtime.InteropServices;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.Tmux;
using SessionTui.Tui;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Views;
using Terminal.Gui.App;

namespace SessionTui.Wall;

/// <summary>Options of the wall that are not part of its state.</summary>
/// <param name="Interval">Refresh interval (default 1000 ms).</param>
/// <param name="Mouse">Whether to report mouse buttons and the wheel (<c>--no-mouse</c> turns it off).</param>
public sealed record WallOptions(TimeSpan Interval, bool Mouse);

/// <summary>What the composition root builds for one wall.</summary>
/// <param name="Initial">The first state (servers, implicit servers, settings, the history problem).</param>
/// <param name="Sources">The poll results of every server; polling starts on <c>Connect</c> and stops when that ends.</param>
/// <param name="Effects">Makes the effect runner, given the wall as its host and the wall's <c>post</c>.</param>
/// <param name="Attach">Runs <c>tmux attach-session</c> on the terminal.</param>
/// <param name="TmuxSpawned">tmux processes spawned so far (for the metrics).</param>
/// <param name="Editor">Runs <c>$EDITOR</c> on the terminal (a run's handoff).</param>
internal sealed record WallParts(
    WallState Initial,
    IConnectableObservable<Msg> Sources,
    Func<IWallHost, Action<Msg>, EffectRunner> Effects,
    AttachService Attach,
    Func<long> TmuxSpawned,
    EditorService Editor);

/// <summary>
/// The session wall: one reactive loop (poll results and effect results merged into one stream and observed on the UI
/// thread, where key and mouse intents join them; each folded through <see cref="WallUpdate.Update"/>) shown by a Terminal.Gui
/// <see cref="WallWindow"/>. The loop and its state outlive the Terminal.Gui application: an attach disposes the
/// application (so nothing reads the terminal while tmux has it), runs <c>tmux attach-session</c> on the inherited
/// terminal, and creates a new application from the same state (the pattern of bubbletea's <c>exec.go</c>).
/// </summary>
internal sealed class WallApp : IWallHost
{
    /// <summary>SIGUSR1 on Linux (signal(7)); PosixSignal has no name for it, raw numbers are accepted on Unix.</summary>
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    private readonly WallParts _parts;
    private readonly UiScheduler _ui;
    private readonly Theme _theme;
    private readonly WallOptions _options;
    private readonly Subject<Msg> _posted = new();
    private readonly WallMetrics _metrics = new();
    private readonly string? _fault = Environment.GetEnvironmentVariable("SESSIONTUI_FAULT");
    private readonly Queue<Msg> _inbox = new();
    private TerminalGuard? _guard;
    private EffectRunner? _effects;
    private bool _dispatching;
    private bool _closed;
    private volatile IApplication? _app;
    private volatile WallWindow? _window;
    private volatile CancellationTokenSource? _attaching;
    private Cmd? _pendingSuspend;
    private int? _exitCode;
    private Exception? _failure;
    private WallState _state;
    private long _keyAt;
    private long _iterationAt;
    private long _gridDrawnAt;

    /// <summary>Creates the wall.</summary>
    /// <param name="parts">What the composition root built: first state, sources, effects, attach, counters.</param>
    /// <param name="ui">The UI scheduler (the thread that runs Terminal.Gui's main loop owns the state).</param>
    /// <param name="theme">Styles of the views.</param>
    /// <param name="options">Refresh interval and mouse.</param>
    public WallApp(WallParts parts, UiScheduler ui, Theme theme, WallOptions options)
    {
        _parts = parts;
        _ui = ui;
        _theme = theme;
        _options = options;
        _state = parts.Initial;
    }

    /// <summary>Runs until <c>q</c>, Ctrl-C, a termination signal or a hang-up; the terminal is restored on every way out.</summary>
    /// <returns>The exit code: 0 on quit, 128+signal on SIGTERM (143), SIGHUP (129), SIGINT (130).</returns>
    /// <exception cref="WallFailedException">The loop failed (a bug); the terminal was restored first.</exception>
    public int Run()
    {
        TuiSetup.ResetConfiguration();
        using var guard = new TerminalGuard(code => Stop(code, arm: true));
        _guard = guard;
        _effects = _parts.Effects(this, Post);
        var metricsPath = Environment.GetEnvironmentVariable("SESSIONTUI_METRICS");
        using var metricsSignal = string.IsNullOrEmpty(metricsPath)
            ? null
            : PosixSignalRegistration.Create(SigUsr1, ctx =>
            {
                ctx.Cancel = true;
                _metrics.Write(metricsPath, _parts.TmuxSpawned());
            });
        using var loop = Observable.Merge(_posted, _parts.Sources).ObserveOn(_ui).Subscribe(Dispatch, Fail);
        var connection = _parts.Sources.Connect();
        try
        {
            while (_exitCode is null)
            {
                RunApplication();
                var suspend = _pendingSuspend;
                _pendingSuspend = null;
                if (suspend is AttachSession attach && _exitCode is null)
                {
                    RunAttach(attach);
                }
                else if (suspend is EditFile edit && _exitCode is null)
                {
                    RunEditor(edit);
                }
                else
                {
                    _exitCode ??= 0;
                }
            }
        }
        finally
        {
            connection.Dispose();
            _effects.Drain(TimeSpan.FromMilliseconds(500));
            _closed = true;
            _ui.RunWaitingWork();
            _effects.Close(_state, TimeSpan.FromSeconds(5));
            if (!string.IsNullOrEmpty(metricsPath))
            {
                _metrics.Write(metricsPath, _parts.TmuxSpawned());
            }
        }

        return _failure is null ? _exitCode.Value : throw new WallFailedException(_failure);
    }

    /// <inheritdoc />
    void IWallHost.AttachHere(AttachSession attach)
    {
        _pendingSuspend = attach;
        _app?.RequestStop(_window);
    }

    /// <inheritdoc />
    void IWallHost.EditHere(EditFile edit)
    {
        _pendingSuspend = edit;
        _app?.RequestStop(_window);
    }

    /// <inheritdoc />
    void IWallHost.Quit(int exitCode) => Stop(exitCode, arm: false);

    private (WallState, IReadOnlyList<Cmd>) Step(WallState state, Msg msg)
    {
        if (_fault is not null && string.Equals(msg.GetType().Name, _fault, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("fault injected for " + _fault + " (SESSIONTUI_FAULT, a test hook)");
        }

        return WallUpdate.Update(state, msg);
    }

    /// <summary>Posts a message into the loop from any thread. On the UI thread (keys, mouse, the filter's text) it is
    /// applied at once, ahead of poll results still waiting to be handed to the UI thread, so keys that arrive in one read
    /// each see the state their predecessors made (<c>/</c> then <c>fro</c> types into the filter).</summary>
    private void Post(Msg msg)
    {
        if (msg is Intent)
        {
            Interlocked.CompareExchange(ref _keyAt, Stopwatch.GetTimestamp(), 0);
        }

        if (_ui.OnUiThread)
        {
            Dispatch(msg);
        }
        else
        {
            _posted.OnNext(msg);
        }
    }

    /// <summary>The one state owner (UI thread): Update, show, run the commands; a message posted while one is being
    /// applied waits its turn.</summary>
    private void Dispatch(Msg msg)
    {
        _inbox.Enqueue(msg);
        if (_dispatching)
        {
            return;
        }

        _dispatching = true;
        try
        {
            while (_inbox.TryDequeue(out var next))
            {
                var (state, cmds) = Step(_state, next);
                if (!ReferenceEquals(state, _state))
                {
                    _state = state;
                    _window?.Show(state);
                }

                if (_closed)
                {
                    // After the last application: only history still takes effects (a kill that finished at exit).
                    _effects!.Run([.. cmds.OfType<HistoryCmd>()]);
                }
                else
                {
                    _effects!.Run(cmds);
                }
            }
        }
        catch (Exception e)
        {
            _inbox.Clear();
            Fail(e);
        }
        finally
        {
            _dispatching = false;
        }
    }

    /// <summary>Ends the wall with <paramref name="exitCode"/> (the first code wins); from any thread.</summary>
    private void Stop(int exitCode, bool arm)
    {
        _exitCode ??= exitCode;
        if (arm)
        {
            _guard?.Arm(exitCode);
        }

        _attaching?.Cancel();
        _app?.RequestStop(_window);
    }

    private void Fail(Exception e)
    {
        _failure ??= e;
        Stop(ExitCodes.Failure, arm: true);
    }

    /// <summary>One Terminal.Gui application's life: init, show the state, run until stopped, dispose (which restores the
    /// terminal).</summary>
    private void RunApplication()
    {
        var (app, input) = TuiApplication.Create(() => Stop(128 + 1, arm: true));
        WallWindow? window = null;
        try
        {
            app.Init();
            TuiSetup.Configure(app, _options.Mouse);
            window = new WallWindow(_theme, Post)
            {
                GridDrawn = (ms, _) =>
                {
                    _gridDrawnAt = Stopwatch.GetTimestamp();
                    _metrics.Grid(ms);
                },
            };
            app.ScreenChanged += (_, e) => Post(new Resized(e.Value.Width, e.Value.Height));
            app.Iteration += (_, _) => _iterationAt = Stopwatch.GetTimestamp();
            app.LayoutAndDrawComplete += (_, _) => FrameWritten();
            _app = app;
            _window = window;
            window.Show(_state);
            _ui.Attach(app);
            Post(new Resized(app.Screen.Width, app.Screen.Height));
            if (_exitCode is null && _pendingSuspend is null)
            {
                app.Run(window);
            }
        }
        finally
        {
            _ui.Detach();
            _app = null;
            _window = null;
            window?.CloseDialog();
            if (app.Initialized)
            {
                app.Driver?.WriteRaw(TuiSetup.MouseButtonsOff);
            }

            input?.Wake();
            app.Dispose();
            window?.Dispose();
        }
    }

    /// <summary>Hands the terminal to <c>tmux attach-session</c> (nothing else reads it now: the application is disposed)
    /// and posts how it ended.</summary>
    private void RunAttach(AttachSession attach)
    {
        var (code, error) = RunOnTerminal(ct => _parts.Attach.AttachHereAsync(attach.Server, attach.SessionId, attach.ReadOnly, ct), ExitCodes.TmuxMissing);
        if (error is null && code != 0)
        {
            error = "tmux attach-session exited " + code;
        }

        Post(new AttachFinished(attach.Name, code, error));
    }

    /// <summary>Hands the terminal to the editor on <paramref name="edit"/>'s file (nothing else reads it now: the application
    /// is disposed) and posts how it ended.</summary>
    private void RunEditor(EditFile edit)
    {
        if (Path.GetDirectoryName(edit.Path) is { } folder && !Directory.Exists(folder))
        {
            Post(new EditorFinished(edit.What, ExitCodes.Failure, "the run folder is gone: " + folder));
            return;
        }

        var spec = _parts.Editor.Command(edit.Path);
        var (code, error) = RunOnTerminal(ct => _parts.Editor.EditAsync(edit.Path, ct), ExitCodes.Failure);
        if (error is null && code != 0)
        {
            error = spec.FileName + " exited " + code;
        }

        Post(new EditorFinished(edit.What, code, error));
    }

    /// <summary>
    /// Runs a child on the real terminal while the application is disposed. This thread waits for it on purpose: until the
    /// child ends nothing else may read or draw on the terminal (the suspend path of bubbletea's <c>exec.go</c>); a
    /// termination signal cancels it through <see cref="_attaching"/>.
    /// </summary>
    /// <returns>The child's exit code, or a failure code with one line saying why it did not run to its end.</returns>
    private (int Code, string? Error) RunOnTerminal(Func<CancellationToken, Task<int>> child, int notFoundCode)
    {
        using var cancel = new CancellationTokenSource();
        _attaching = cancel;
        try
        {
            return (child(cancel.Token).GetAwaiter().GetResult(), null);
        }
        catch (ExecutableNotFoundException e)
        {
            return (notFoundCode, OneLine.Of(e));
        }
        catch (OperationCanceledException)
        {
            return (ExitCodes.Failure, "interrupted");
        }
        finally
        {
            _attaching = null;
        }
    }

    /// <summary>After each frame Terminal.Gui wrote: frame time since the iteration began, key-to-frame and redraw time.</summary>
    private void FrameWritten()
    {
        var now = Stopwatch.GetTimestamp();
        var key = Interlocked.Exchange(ref _keyAt, 0);
        var grid = Interlocked.Exchange(ref _gridDrawnAt, 0);
        if (_iterationAt == 0)
        {
            return;
        }

        var frame = Stopwatch.GetElapsedTime(_iterationAt, now).TotalMilliseconds;
        _metrics.Frame(frame, key == 0 ? null : Stopwatch.GetElapsedTime(key, now).TotalMilliseconds, grid == 0 ? null : frame);
    }
}
