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
