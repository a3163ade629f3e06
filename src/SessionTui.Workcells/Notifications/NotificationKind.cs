namespace SessionTui.Workcells.Notifications;

/// <summary>What a notification is about. Its word (<see cref="NotificationKinds.Text"/>) is kebab-case: <c>needs-input</c>,
/// <c>rate-limited</c>, <c>auth-failed</c>, <c>context-limit</c>, <c>stuck</c>, <c>run-ended</c>, <c>loop-ended</c>, <c>test</c>.</summary>
public enum NotificationKind
{
    /// <summary>An agent waits for input: a permission dialog, a question, a trust prompt.</summary>
    NeedsInput,

    /// <summary>An agent hit a usage limit (<see cref="NotificationEvent.ResetsAt"/> when the screen named the reset time).</summary>
    RateLimited,

    /// <summary>An agent's login failed or expired.</summary>
    AuthFailed,

    /// <summary>An agent's context window is full.</summary>
    ContextLimit,

    /// <summary>An agent works but its screen has not changed for the stuck time.</summary>
    Stuck,

    /// <summary>A workcell run ended (<see cref="NotificationEvent.RunId"/>, <see cref="NotificationEvent.ExitStatus"/>).</summary>
    RunEnded,

    /// <summary>A loop ended (<see cref="NotificationEvent.RunId"/> is the loop's run id).</summary>
    LoopEnded,

    /// <summary>A test notification (<c>sessiontui notify test</c>).</summary>
    Test,
}

/// <summary>The words of <see cref="NotificationKind"/>, as the config file (<c>notify.events</c>), the JSON body and
/// <c>SESSIONTUI_EVENT_KIND</c> write them.</summary>
public static class NotificationKinds
{
    private static readonly string[] Words =
        ["needs-input", "rate-limited", "auth-failed", "context-limit", "stuck", "run-ended", "loop-ended", "test"];

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<NotificationKind> All { get; } = Enum.GetValues<NotificationKind>();

    /// <summary>The kinds that notify when the config names none: all but <see cref="NotificationKind.Test"/>.</summary>
    public static IReadOnlySet<NotificationKind> Default { get; } =
        All.Where(k => k != NotificationKind.Test).ToHashSet();

    /// <summary>The kebab-case word of <paramref name="kind"/>, e.g. <c>needs-input</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind.</exception>
    public static string Text(NotificationKind kind) =>
        (int)kind >= 0 && (int)kind < Words.Length ? Words[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a notification kind");

    /// <summary>Parses a word of <see cref="Text"/> (exact, lower case).</summary>
    /// <returns>Whether <paramref name="word"/> is a kind's word.</returns>
    public static bool TryParse(string? word, out NotificationKind kind)
    {
        var index = Array.IndexOf(Words, word);
        kind = index < 0 ? default : (NotificationKind)index;
        return index >= 0;
    }

    /// <summary>Every word, comma-separated, for error messages.</summary>
    public static string WordList => string.Join(", ", Words);
}
