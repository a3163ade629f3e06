namespace SessionTui.Core.History;

/// <summary>
/// A session was killed from the wall: tmux confirmed the kill. Posted by the effect runner (before
/// <see cref="KillFinished"/>) so that <see cref="HistoryTracker.Observe(SessionKilled)"/> turns it into a
/// <see cref="RecordSessionEnd"/> and forgets the session (it does not vanish afterwards).
/// </summary>
/// <param name="End">The end: reason <see cref="EndReason.KilledFromWall"/>, the time of the kill (UTC) and the screen captured
/// before it; build it with <see cref="RecordSessionEnd.Killed"/>.</param>
/// <param name="Name">The session name.</param>
public sealed record SessionKilled(SessionEnd End, string Name) : Msg;

/// <summary>
/// A history write succeeded after <see cref="StoreUnavailable"/> had been posted: history is written again. Some writes
/// were lost meanwhile; <see cref="HistoryTracker.Observe(StoreRecovered)"/> makes the next snapshot of each server write
/// every tracked session once.
/// </summary>
public sealed record StoreRecovered : Msg;

/// <summary>
/// A history write failed with an exception that is not a store problem (<see cref="HistoryStoreException"/> comes back as
/// <see cref="StoreUnavailable"/>): a bug, or a store used after it was disposed. The writer goes on with the next Cmd; the
/// wall should show it or end.
/// </summary>
/// <param name="Cmd">The Cmd that failed.</param>
/// <param name="Error">The exception, as thrown.</param>
public sealed record HistoryWriteFailed(HistoryCmd Cmd, Exception Error) : Msg;
