namespace SessionTui.Core.History;

/// <summary>
/// A session was killed from the wall: tmux confirmed the kill. Posted by the effect runner (before
/// <see cref="KillFinished"/>) so that <see cref="HistoryTracker.Observe(SessionKilled)"/> turns it into a
/// <see cref="RecordSessionEnd"/> and forgets the session (it does not vanish afterwards).
/// </summary>
/// <param name="End">The end: reason <see cref="EndReason.KilledFromWall"/>, the time of the kill (UTC) and the screen captured
/// before it.</param>
/// <param name="Name">The session name.</param>
public sealed record SessionKilled(SessionEnd End, string Name) : Msg
{
    /// <summary>The message for a <see cref="KillSession"/> that succeeded.</summary>
    /// <param name="kill">The Cmd the runner executed.</param>
    /// <param name="at">When tmux confirmed the kill, UTC (the runner's clock).</param>
    /// <param name="lastScreen">The screen captured just before the kill (SGR escapes kept), or null when the capture failed.</param>
    /// <returns>A kill from the wall, reason <see cref="EndReason.KilledFromWall"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kill"/> is null.</exception>
    public static SessionKilled FromWall(KillSession kill, DateTimeOffset at, string? lastScreen)
    {
        ArgumentNullException.ThrowIfNull(kill);
        var record = RecordSessionEnd.Killed(kill.Server, kill.ServerPid, kill.SessionId, kill.Created, kill.Name, EndReason.KilledFromWall, at, lastScreen);
        return new SessionKilled(record.End, record.Name);
    }
}

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
