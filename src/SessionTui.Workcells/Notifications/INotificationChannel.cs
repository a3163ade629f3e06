namespace SessionTui.Workcells.Notifications;

/// <summary>One way a notification reaches a person: a terminal escape, a tmux message, a desktop popup, a webhook, a program.</summary>
public interface INotificationChannel
{
    /// <summary>The channel's name in logs and <c>notify test --channel</c>: <c>terminal</c>, <c>tmux</c>, <c>desktop</c>,
    /// <c>webhook-1</c>, <c>command-1</c>...</summary>
    string Name { get; }

    /// <summary>Delivers one notification, once (the <see cref="Notifier"/> retries).</summary>
    /// <param name="e">The notification.</param>
    /// <param name="ct">Cancelled when the send times out or the notifier stops; the send should stop then.</param>
    /// <exception cref="ChannelUnavailableException">The channel cannot work at all here (a program is missing): not retried.</exception>
    /// <exception cref="Exception">Any other failure, which is retried.</exception>
    Task SendAsync(NotificationEvent e, CancellationToken ct);
}

/// <summary>A channel cannot work here at all (e.g. <c>notify-send</c> is not installed): retrying would not help, so the
/// <see cref="Notifier"/> logs it once per channel and drops the event for that channel.</summary>
public sealed class ChannelUnavailableException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is one line for the user.</summary>
    public ChannelUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A channel's send failed (an HTTP status, an exit code); the message is one line for the user. Retried.</summary>
public sealed class NotificationDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotificationDeliveryException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
