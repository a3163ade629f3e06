using System.Reactive.Concurrency;
using System.Reactive.Linq;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.History;
using SessionTui.Tmux;
using SessionTui.Tui;
using SessionTui.Ui.Styling;
using SessionTui.Wall;
using SessionTui.Watch;
using SessionTui.Workcells;
using SessionTui.Workcells.Notifications;

namespace SessionTui;

/// <summary>
/// The composition root: the one place that makes the product's parts and wires them together, once per command. Every
/// other class is handed exactly the parts it uses (a tmux client, an attach service, the history database, a clock, the
/// schedulers) instead of reaching into a bag of services.
/// </summary>
internal sealed class Composition : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _owned = [];

    /// <summary>Makes the parts for <paramref name="servers"/>; opens the history database when <paramref name="dbPath"/> is
    /// given.</summary>
    /// <param name="servers">The servers to talk to, in order.</param>
    /// <param name="dbPath">The history database, or null for commands that do not touch history.</param>
    public Composition(IReadOnlyList<ServerRef> servers, string? dbPath)
    {
        Servers = servers;
        _dbPath = dbPath;
        Runner = new ProcessRunner();
        Transport = new ProcessTmuxTransport(Runner, TmuxPath);
        Tmux = new TmuxClient(Transport, Clock);
        Attach = new AttachService(Runner, TmuxPath);
        History = dbPath is null ? HistoryAccess.None : HistoryAccess.Open(dbPath);
        _workcells = new Lazy<WorkcellServices>(() => new WorkcellServices(
            Tmux,
            Runner,
            History.Runs,
            dbPath,
            WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable),
            WorkcellConfig.Load(WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable).ConfigFile),
            SelfCommand.Current(),
            Clock,
            Environment.GetEnvironmentVariable,
            line => _warn(line)));
    }

    private readonly Lazy<WorkcellServices> _workcells;
    private readonly string? _dbPath;

    /// <summary>Where a run record that could not be saved to the database is reported: stderr for commands, the status
    /// line once the wall runs (stderr would draw over its screen).</summary>
    private Action<string> _warn = line => Console.Error.WriteLine("sessiontui: " + line);

    /// <summary>Launch, completion and reconciliation of runs, made on first use.</summary>
    /// <exception cref="ConfigException">The configuration file is invalid (on first use).</exception>
    /// <exception cref="InvalidOperationException">Neither XDG variables nor HOME locate SessionTui's folders (on first use).</exception>
    public WorkcellServices Workcells => _workcells.Value;

    /// <summary>The tmux program, found on PATH.</summary>
    public string TmuxPath { get; } = "tmux";

    /// <summary>The servers of this command.</summary>
    public IReadOnlyList<ServerRef> Servers { get; }

    /// <summary>The one process runner.</summary>
    public ProcessRunner Runner { get; }

    /// <summary>The tmux transport (counts spawned processes).</summary>
    public ProcessTmuxTransport Transport { get; }

    /// <summary>The tmux client.</summary>
    public TmuxClient Tmux { get; }

    /// <summary>The attach service.</summary>
    public AttachService Attach { get; }

    /// <summary>The history database.</summary>
    public HistoryAccess History { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>The schedulers: the wall's UI scheduler and the thread pool for timers.</summary>
    public Schedulers Schedulers { get; } = new(new UiScheduler(), TaskPoolScheduler.Default);

    /// <summary>Checks that tmux runs (<c>tmux -V</c>).</summary>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    public async Task EnsureTmuxAsync() => await Runner.RunAsync(new ProcessSpec(TmuxPath, ["-V"])).ConfigureAwait(false);

    /// <summary>Wires the wall: a poller per server on the background scheduler, the history writer when history can be
    /// written, and the effect runner over them.</summary>
    /// <param name="theme">Styles of the views.</param>
    /// <param name="options">Refresh interval and mouse.</param>
    /// <param name="settings">Idle threshold and history size.</param>
    /// <param name="implicitServers">Servers watched without the user naming them (see <see cref="WallState.Implicit"/>).</param>
    /// <param name="fallbackServers">Servers left out while down and another answers (see <see cref="WallState.Fallback"/>).</param>
    public WallApp Wall(Theme theme, WallOptions options, WallSettings settings, IReadOnlyList<ServerRef> implicitServers, IReadOnlyList<ServerRef> fallbackServers)
    {
        var watched = new WatchedPanes();
        var pollers = Servers.ToDictionary(
            s => s,
            s => new SnapshotPoller(
                s,
                ct => Tmux.SnapshotAsync(s, watched.For(s), watched.Lines, ct),
                Schedulers.Background,
                options.Interval,
                MaxBackoff,
                e => e is TmuxServerUnavailableException { NoServer: true }));
        _owned.AddRange(pollers.Values);
        var (workcells, workcellProblem) = WallWorkcells();
        var initial = WallState.Initial(Servers, 80, 24, settings with { Measure = SessionTui.Ui.Text.CellWidth.Of, TimeZone = TimeZoneInfo.Local }) with
        {
            StoreProblem = History.Problem,
            Implicit = [.. implicitServers],
            Fallback = [.. fallbackServers],
            Workcells = workcells is null
                ? null
                : new WorkcellInfo(workcells.Paths.Server, [.. workcells.Config.Agents.Keys.Order(StringComparer.Ordinal)], workcells.Config.DefaultAgent)
                {
                    StartDirectory = Environment.CurrentDirectory,
                },
            Status = workcellProblem,
        };
        var tmuxEnv = Environment.GetEnvironmentVariable("TMUX");
        Watch.Watchdog? watchdog = null;
        var parts = new WallParts(
            initial,
            pollers.Values.Select(p => p.Messages).Merge().Publish(),
            (host, post) =>
            {
                _warn = line => post(new EffectFailed("run record", line));
                var tty = OpenTerminal();
                if (tty is not null)
                {
                    _owned.Add(tty);
                }

                watchdog = Watchdog("wall", output: null, line => post(new EffectFailed("watchdog", line)), tty is null ? null : new UiThreadStream(Schedulers.Ui, tty));
                _owned.Add(watchdog);
                return new EffectRunner(
                    Tmux,
                    Attach,
                    History,
                    History.Writable ? new HistoryWriter(History.Store!, Tmux, post) : null,
                    Clock,
                    watched,
                    pollers,
                    host,
                    post,
                    tmuxEnv,
                    workcells,
                    watchdog);
            },
            Attach,
            () => Transport.Spawned,
            new EditorService(Runner, Environment.GetEnvironmentVariable));
        return new WallApp(parts, Schedulers.Ui, theme, options);
    }

    /// <summary>The watchdog's effects for <paramref name="holder"/> (<c>wall</c> or <c>watch</c>): records transitions in the
    /// history database and notifies when this process holds the database's notifier lock.</summary>
    /// <param name="holder">Who runs it.</param>
    /// <param name="output">Where <c>watch</c> prints its lines (JSON or text), or null (the wall).</param>
    /// <param name="warn">One-line problems.</param>
    /// <param name="terminal">The terminal the terminal channel writes to, or null when there is none.</param>
    public Watch.Watchdog Watchdog(string holder, IWatchOutput? output, Action<string> warn, Stream? terminal)
    {
        NotifierBridge? bridge = null;
        var (workcells, problem) = WallWorkcells();
        if (problem is not null)
        {
            warn("notifications off: " + problem);
        }

        if (workcells?.Config.Notify is { HasChannels: true } settings)
        {
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            _owned.Add(http);
            var deps = new ChannelDependencies(Runner, Tmux, Servers, http, line => warn(line))
            {
                Terminal = terminal,
                TerminalHost = TerminalHost.FromEnvironment(Environment.GetEnvironmentVariable),
            };
            bridge = new NotifierBridge(new Notifier(settings, NotificationChannels.Create(settings, deps), Clock, line => warn(line)), TimeZoneInfo.Local);
        }

        return new(_dbPath, holder, History.Writable ? History.Store as ITransitionLog : null, bridge, output, warn, Clock);
    }

    /// <summary>The controlling terminal, <c>/dev/tty</c>, for writing; null when the process has none (under systemd).</summary>
    public static FileStream? OpenTerminal()
    {
        try
        {
            return new FileStream("/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Wires <c>sessiontui watch</c>: pollers that capture every active pane, the Update and the effect runner
    /// without a screen.</summary>
    /// <param name="interval">Refresh interval.</param>
    /// <param name="settings">Thresholds and the classifier.</param>
    /// <param name="watchdog">The watchdog's effects.</param>
    public (WatchEngine Engine, IObservable<Msg> Sources, EffectRunner Effects) Watcher(TimeSpan interval, WallSettings settings, Watch.Watchdog watchdog)
    {
        var watched = new WatchedPanes();
        var pollers = Servers.ToDictionary(
            s => s,
            s => new SnapshotPoller(s, ct => Tmux.SnapshotAsync(s, watched.For(s), watched.Lines, ct), Schedulers.Background, interval, MaxBackoff, e => e is TmuxServerUnavailableException { NoServer: true }));
        _owned.AddRange(pollers.Values);
        var (workcells, _) = WallWorkcells();
        var initial = WallState.Initial(Servers, 200, 60, settings) with
        {
            StoreProblem = History.Problem,
            Workcells = workcells is null ? null : new WorkcellInfo(workcells.Paths.Server, [.. workcells.Config.Agents.Keys], workcells.Config.DefaultAgent),
        };
        var engine = new WatchEngine(initial, watched);
        var effects = new EffectRunner(
            Tmux,
            Attach,
            History,
            History.Writable ? new HistoryWriter(History.Store!, Tmux, engine.Post) : null,
            Clock,
            watched,
            pollers,
            engine,
            engine.Post,
            Environment.GetEnvironmentVariable("TMUX"),
            workcells,
            watchdog);
        return (engine, pollers.Values.Select(p => p.Messages).Merge(), effects);
    }

    /// <summary>The workcells for the wall, or null with why (an invalid configuration file; nothing without a state folder).</summary>
    private (WorkcellServices? Workcells, string? Problem) WallWorkcells()
    {
        try
        {
            return (Workcells, null);
        }
        catch (ConfigException e)
        {
            return (null, "cannot launch: " + OneLine.Of(e));
        }
        catch (InvalidOperationException)
        {
            return (null, null);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Newest first: the watchdog flushes its notifications through the HTTP client and terminal made before it.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        History.Dispose();
    }
}

/// <summary>The app's schedulers (ARCHITECTURE.md convention 3): the one UI thread and the background for timers.</summary>
/// <param name="Ui">The UI scheduler: the thread that runs Terminal.Gui's main loop.</param>
/// <param name="Background">Timers and background work (pollers).</param>
internal sealed record Schedulers(UiScheduler Ui, IScheduler Background) : Core.Engine.ISchedulerProvider
{
    /// <inheritdoc />
    IScheduler Core.Engine.ISchedulerProvider.Ui => Ui;
}
