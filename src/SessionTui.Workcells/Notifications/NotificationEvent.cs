namespace SessionTui.Workcells.Notifications;

/// <summary>
/// One notification: something about one session that a person should hear of. Posted to a <see cref="Notifier"/>, which
/// dedupes, rate limits and hands it to every <see cref="INotificationChannel"/>. Text fields may hold anything the session or
/// its screen held (they are untrusted): every channel makes them safe for its medium.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="SessionKey">Identifies the session for dedupe across servers: <c>socket-path|$id</c>.</param>
/// <param name="Session">The session name, verbatim.</param>
/// <param name="SessionId">The session id, e.g. <c>$3</c>.</param>
/// <param name="Server">The server's label (<see cref="Core.ServerRef.Label"/>).</param>
/// <param name="State">The agent state word (e.g. <c>rate-limited</c>), or a run's or loop's outcome for
/// <see cref="NotificationKind.RunEnded"/>/<see cref="NotificationKind.LoopEnded"/>.</param>
/// <param name="Reason">The rule id or the outcome's reason, one line.</param>
/// <param name="Title">Short: <c>claude-refactor needs input</c>.</param>
/// <param name="Body">One or two lines: the matched line, <c>resets 16:00</c>, <c>exit 3</c>.</param>
/// <param name="At">When it happened, UTC.</param>
/// <param name="Attached">Whether a client was attached to the session when it happened.</param>
public sealed record NotificationEvent(
    NotificationKind Kind,
    string SessionKey,
    string Session,
    string SessionId,
    string Server,
    string State,
    string Reason,
    string Title,
    string Body,
    DateTimeOffset At,
    bool Attached)
{
    /// <summary>When a usage limit resets, UTC, when the screen said so.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>The run (or loop) id, for <see cref="NotificationKind.RunEnded"/> and <see cref="NotificationKind.LoopEnded"/>;
    /// they dedupe by it.</summary>
    public string? RunId { get; init; }

    /// <summary>The exit status of the run's program, when it exited.</summary>
    public int? ExitStatus { get; init; }
}
