using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Runtime.InteropServices;
using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.Rendering;

namespace SessionTui.Wall;

/// <summary>
/// The session wall: merges key presses, resizes, poll results and effect results into one stream, folds it through
/// <see cref="WallUpdate.Update"/> on the UI thread, renders changed states as a line diff, and runs the commands.
/// </summary>
public sealed class WallApp
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>SIGUSR1 on Linux (signal(7)); PosixSignal has no name for it, raw numbers are accepted on Unix.</summary>
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private readonly WallServices _services;
    private readonly Theme _theme;
    private readonly TimeSpan _interval;
    private readonly WallSettings _settings;

    /// <summary>Creates the wall.</summary>
    /// <param name="services">tmux, history, servers.</param>
    /// <param name="theme">Theme for the view.</param>
    /// <param name="interval">Refresh interval (default 1000 ms).</param>
    /// <param name="settings">Idle threshold and history size.</param>
    public WallApp(WallServices services, Theme theme, TimeSpan interval, WallSettings settings)
    {
        _settings = settings;
        _services = services;
        _theme = theme;
        _interval = interval;
    }

    /// <summary>Runs until <c>q</c>, Ctrl-C or a termination signal; the terminal is restored on every way out.</summary>
    /// <returns>The exit code: 0 on quit, 128+signal on SIGTERM/SIGHUP.</returns>
    public async Task<int> RunAsync()
    {
        using var ui = new EventLoopScheduler(start => new Thread(start) { IsBackground = true, Name = "sessiontui-ui" });
        using var historyThread = new EventLoopScheduler(start => new Thread(start) { IsBackground = true, Name = "sessiontui-history" });
        using var terminal = new ConsoleTerminal();
        using var posted = new Subject<Msg>();
        var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Post(Msg m) => posted.OnNext(m);

        var watched = new WatchedPanes();
        var pollers = _services.Servers.ToDictionary(
            s => s,
            s => new SnapshotPoller(s, ct => _services.Tmux.SnapshotAsync(s, watched.For(s), watched.Lines, ct), TaskPoolScheduler.Default, _interval, MaxBackoff));
        var effects = new EffectRunner(_services, watched, pollers, terminal, Post, a => ui.Schedule(a));
        var frames = new FrameRenderer(color: true);
        var diff = new LineDiffWriter(terminal.Output);
        var epoch = -1;
        WallState? drawn = null;
        var metrics = new WallMetrics();
        var metricsPath = Environment.GetEnvironmentVariable("SESSIONTUI_METRICS");
        void DumpMetrics() => metrics.Write(metricsPath!, diff.BytesWritten, _services.Transport.Spawned);
        using var metricsSignal = string.IsNullOrEmpty(metricsPath)
            ? null
            : PosixSignalRegistration.Create(SigUsr1, ctx =>
            {
                ctx.Cancel = true;
                DumpMetrics();
            });

        void Render(WallState state)
        {
            if (!terminal.Active || effects.Attached)
            {
                return;
            }

            if (epoch != terminal.Epoch || drawn is null || drawn.Width != state.Width || drawn.Height != state.Height)
            {
                diff.Invalidate();
                epoch = terminal.Epoch;
            }
            else if (ReferenceEquals(drawn, state))
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            diff.Write(frames.Render(WallView.Render(state, _theme), state.Width, state.Height));
            terminal.Output.Flush();
            metrics.Frame(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            drawn = state;
        }

        var polls = pollers.Values.Select(p => p.Messages).Merge().Publish();
        var (width, height) = ConsoleTerminal.Size();
        var initial = WallState.Initial(_services.Servers, width, height, _settings) with { StoreProblem = _services.StoreProblem };

        var recorder = _services.Store is { } store && _services.StoreProblem is null ? new HistoryRecorder(store, _services.Tmux, Post) : null;
        using var recording = recorder is null
            ? null
            : polls.ObserveOn(historyThread).Subscribe(
                m =>
                {
                    try
                    {
                        recorder.Observe(m);
                    }
                    catch (Exception e)
                    {
                        ended.TrySetException(e);
                    }
                },
                e => ended.TrySetException(e));
        using var loop = Observable.Merge(posted, polls)
            .ObserveOn(ui)
            .Scan((State: initial, Cmds: (IReadOnlyList<Cmd>)[]), (acc, m) => WallUpdate.Update(acc.State, m))
            .Subscribe(
                step =>
                {
                    try
                    {
                        Render(step.State);
                        effects.Run(step.Cmds);
                    }
                    catch (Exception e)
                    {
                        ended.TrySetException(e);
                    }
                },
                e => ended.TrySetException(e));

        terminal.Start(
            key => Post(new KeyPressed(key)),
            (w, h) => Post(new Resized(w, h)),
            signal => ended.TrySetResult(128 + SignalNumber(signal)));
        Post(new Resized(width, height));
        var connection = polls.Connect();
        try
        {
            return await await Task.WhenAny(effects.Quitting, ended.Task).ConfigureAwait(false);
        }
        finally
        {
            connection.Dispose();
            loop.Dispose();
            terminal.Restore();
            foreach (var poller in pollers.Values)
            {
                poller.Dispose();
            }

            if (!string.IsNullOrEmpty(metricsPath))
            {
                DumpMetrics();
            }
        }
    }

    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };
}
