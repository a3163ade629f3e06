using System.Collections.Immutable;

namespace SessionTui.Core;

/// <summary>An effect for the app's EffectRunner to execute; results come back as <see cref="Msg"/>s.</summary>
public abstract record Cmd;

/// <summary>Attach to a session: <c>switch-client</c> when the wall runs inside the same server, else suspend the wall and run
/// <c>attach-session</c> on the real terminal. Posts <see cref="AttachFinished"/>.</summary>
public sealed record AttachSession(ServerRef Server, string SessionId, string Name, bool ReadOnly) : Cmd;

/// <summary>Capture the last screen, kill the session by id and record the end in history. Posts <see cref="KillFinished"/>.</summary>
public sealed record KillSession(ServerRef Server, string SessionId, string Name, string PaneId, DateTimeOffset Created, int ServerPid) : Cmd;

/// <summary>Poll every server now.</summary>
public sealed record RefreshNow : Cmd;

/// <summary>The panes now on screen, per server: the only panes the next ticks capture, and how many of their last lines.</summary>
/// <param name="Panes">Pane ids on screen per server (every watched server has an entry, maybe empty).</param>
/// <param name="Lines">Lines of each pane the view can show (capture history depth).</param>
public sealed record WatchPanes(ImmutableDictionary<ServerRef, ImmutableHashSet<string>> Panes, int Lines) : Cmd;

/// <summary>Load history rows, newest first. Posts <see cref="HistoryLoaded"/>.</summary>
public sealed record LoadHistory(int Limit) : Cmd;

/// <summary>Load one history row's last screen. Posts <see cref="HistoryScreenLoaded"/>.</summary>
public sealed record LoadHistoryScreen(long Id) : Cmd;

/// <summary>Quit with an exit code.</summary>
public sealed record Quit(int ExitCode) : Cmd;

/// <summary>Load recent runs for the cards (<c>IRunStore.ListRuns</c>), first asking the run reconciler to record the ends
/// no hook recorded when <paramref name="Reconcile"/>. Posts <see cref="RunsLoaded"/>.</summary>
/// <param name="Limit">Runs, newest first.</param>
/// <param name="Reconcile">Whether to reconcile first (a run's session or server went away).</param>
public sealed record LoadRuns(int Limit, bool Reconcile) : Cmd;

/// <summary>Load the runs list of the history screen. Posts <see cref="RunHistoryLoaded"/>.</summary>
public sealed record LoadRunHistory(int Limit) : Cmd;

/// <summary>Load a run's record, brief, handoff, parent and children, and a loop's iterations. Posts <see cref="RunDetailLoaded"/>.</summary>
public sealed record LoadRunDetail(string RunId) : Cmd;

/// <summary>Launch a run into a workcell. Posts <see cref="Launched"/> or <see cref="LaunchFailed"/>.</summary>
public sealed record LaunchRun(LaunchSpec Spec) : Cmd;

/// <summary>Resume an ended run. Posts <see cref="Launched"/> or <see cref="ResumeFailed"/>.</summary>
/// <param name="RunId">The run to resume.</param>
/// <param name="Name">Its session name (for messages).</param>
public sealed record ResumeRun(string RunId, string Name) : Cmd;

/// <summary>Suspend the wall and edit a file in <c>$EDITOR</c> (<c>vi</c> when unset) on the real terminal, as an attach
/// does. Posts <see cref="EditorFinished"/>.</summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="What">What it is, for messages.</param>
public sealed record EditFile(string Path, string What) : Cmd;

/// <summary>A card's shown agent state changed (after the debounce of <see cref="WallSettings.StateSettle"/>): the watchdog
/// records the transition and notifies when the new state needs you. Emitted by WallUpdate only for cards already found
/// (<see cref="StatesFound"/>); the watchdog makes one with a null <see cref="From"/> for a session it never recorded.</summary>
/// <param name="Card">The card with its new state and verdict.</param>
/// <param name="From">The state shown (or recorded) before, or null for a session never recorded.</param>
/// <param name="At">The snapshot time, UTC.</param>
public sealed record AgentStateChanged(Card Card, AgentState? From, DateTimeOffset At) : Cmd;

/// <summary>Cards whose state is known for the first time since this process started watching their server: their pane
/// has been captured, or has died (a state read before that is only output freshness). The watchdog compares each with
/// the last state it recorded for that session, so a new session or a state entered while no watcher ran is recorded and
/// notified once, and a restarted watcher does not notify twice for a session still in the same state.</summary>
/// <param name="Cards">The cards, as built from the snapshot.</param>
/// <param name="At">The snapshot time, UTC.</param>
public sealed record StatesFound(System.Collections.Immutable.ImmutableArray<Card> Cards, DateTimeOffset At) : Cmd;

/// <summary>A run the wall had read as running has ended (a top-level run or loop; never a pipeline's stage).</summary>
/// <param name="Run">The ended run, with its outcome.</param>
/// <param name="Attached">Clients attached to its session when it ended (0 when the session is gone).</param>
/// <param name="At">When the runs were read, UTC.</param>
public sealed record RunFinished(Runs.RunRecord Run, int Attached, DateTimeOffset At) : Cmd;
