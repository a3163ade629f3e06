namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The <c>"notify"</c> object of the config file (documented in the README), parsed and checked. A channel is enabled when
/// its key is present; without the <c>"notify"</c> key there is no channel (<see cref="Default"/>).
/// </summary>
public sealed record NotifySettings
{
    /// <summary>No channel, every other setting at its default.</summary>
    public static NotifySettings Default { get; } = new();

    /// <summary>The kinds that notify (<c>events</c>); default all but <see cref="NotificationKind.Test"/>.</summary>
    public IReadOnlySet<NotificationKind> Events { get; init; } = NotificationKinds.Default;

    /// <summary>At most this many notifications are queued in any 60 s (a sliding window over all sessions and kinds);
    /// the rest are dropped (<c>rate_limit_per_minute</c>, default 6, at least 1).</summary>
    public int RateLimitPerMinute { get; init; } = 6;

    /// <summary>Whether a notification about a session a client is attached to is dropped (<c>quiet_while_attached</c>,
    /// default true).</summary>
    public bool QuietWhileAttached { get; init; } = true;

    /// <summary>How many times a failed send is tried again (<c>retry_attempts</c>, default 4; 0 to 10): at most
    /// 1 + this many sends per channel and notification.</summary>
    public int RetryAttempts { get; init; } = 4;

    /// <summary>The wait before the first retry, doubled before each next one (<c>retry_first_delay</c>, default 2 s:
    /// 2, 4, 8, 16 s).</summary>
    public TimeSpan RetryFirstDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one send may take before it counts as failed (<c>timeout</c>, default 10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The terminal channel (<c>terminal</c>), or null when off.</summary>
    public TerminalOptions? Terminal { get; init; }

    /// <summary>The tmux channel (<c>tmux</c>), or null when off.</summary>
    public TmuxMessageOptions? Tmux { get; init; }

    /// <summary>The desktop channel (<c>desktop</c>), or null when off.</summary>
    public DesktopOptions? Desktop { get; init; }

    /// <summary>Webhooks (<c>webhooks</c>), one channel each: <c>webhook-1</c>, <c>webhook-2</c>...</summary>
    public IReadOnlyList<WebhookOptions> Webhooks { get; init; } = [];

    /// <summary>Programs (<c>commands</c>), one channel each: <c>command-1</c>, <c>command-2</c>...</summary>
    public IReadOnlyList<CommandOptions> Commands { get; init; } = [];

    /// <summary>Whether any channel is enabled.</summary>
    public bool HasChannels => Terminal is not null || Tmux is not null || Desktop is not null || Webhooks.Count > 0 || Commands.Count > 0;
}

/// <summary>Which terminal notification sequences to write (<c>terminal.osc</c>).</summary>
public enum TerminalOsc
{
    /// <summary><c>OSC 9 ; text ST</c> (iTerm2's; also WezTerm, Ghostty).</summary>
    Osc9,

    /// <summary><c>OSC 777 ; notify ; title ; body ST</c> (rxvt-unicode's; also foot, Ghostty, WezTerm, VTE with Fedora's patch).</summary>
    Osc777,
}

/// <summary>The terminal channel: escape sequences the terminal turns into a desktop notification.</summary>
public sealed record TerminalOptions
{
    /// <summary>The sequences, in order (<c>osc</c>: <c>"9"</c>, <c>"777"</c>; default <c>["9"]</c>). A terminal that reads both
    /// shows two notifications when both are listed.</summary>
    public IReadOnlyList<TerminalOsc> Osc { get; init; } = [TerminalOsc.Osc9];

    /// <summary>Whether a BEL follows the sequences (<c>bell</c>, default false).</summary>
    public bool Bell { get; init; }
}

/// <summary>The tmux channel: a message on the status line of every client attached to the watched servers.</summary>
public sealed record TmuxMessageOptions
{
    /// <summary>How long the message shows (<c>display</c>, default 5 s; <c>0s</c> keeps it until a key is pressed).</summary>
    public TimeSpan Display { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>The desktop channel: <c>notify-send</c> on this machine. It has no settings.</summary>
public sealed record DesktopOptions;

/// <summary>The shape of a webhook's JSON body.</summary>
public enum WebhookPreset
{
    /// <summary>The documented event object (<see cref="NotificationJson"/>).</summary>
    Json,

    /// <summary>A Slack incoming webhook: <c>{"text": "title\nbody"}</c>.</summary>
    Slack,

    /// <summary>Telegram's <c>sendMessage</c>: <c>{"chat_id": "...", "text": "title\nbody"}</c>.</summary>
    Telegram,
}

/// <summary>One webhook: an HTTP POST of a JSON body.</summary>
/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Preset">The body's shape.</param>
public sealed record WebhookOptions(Uri Url, WebhookPreset Preset)
{
    /// <summary>The Telegram chat id (required for <see cref="WebhookPreset.Telegram"/>, absent otherwise).</summary>
    public string? ChatId { get; init; }

    /// <summary>Extra request headers, e.g. <c>Authorization</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One program run per notification, with the event in <c>SESSIONTUI_EVENT_*</c> and as JSON on stdin.</summary>
/// <param name="Argv">The program (a name on <c>PATH</c> or a path) and its arguments; run directly, no shell.</param>
public sealed record CommandOptions(IReadOnlyList<string> Argv);
