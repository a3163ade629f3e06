using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

/// <summary>Notification events for tests.</summary>
internal static class Events
{
    public static readonly DateTimeOffset At = new(2026, 11, 28, 16, 0, 0, TimeSpan.Zero);

    public static NotificationEvent Of(NotificationKind kind = NotificationKind.NeedsInput, string session = "claude-refactor", bool attached = false) => new(
        kind, "/tmp/tmux-1000/default|$" + (uint)session.GetHashCode(StringComparison.Ordinal) % 1000, session, "$3", "default", "waiting",
        "claude.waiting.permission", session + " needs input", "Do you want to proceed?", At, attached);

    public static NotificationEvent RunEnded(string runId, string session = "api-fix") =>
        Of(NotificationKind.RunEnded, session) with { RunId = runId, State = "failed", Reason = "exited non-zero", Title = session + " failed", ExitStatus = 3, Body = "exit 3" };
}
