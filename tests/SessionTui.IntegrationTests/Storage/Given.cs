using SessionTui.Core;

namespace SessionTui.IntegrationTests.Storage;

/// <summary>Sessions, ends and times for history tests.</summary>
internal static class Given
{
    public static readonly ServerRef Server = new("default", ["-S", "/tmp/tmux-1000/default"], "/tmp/tmux-1000/default");

    public static readonly ServerRef OtherServer = new("work", ["-L", "work"], "/tmp/tmux-1000/work");

    /// <summary>A creation time: whole seconds, as tmux reports them.</summary>
    public static readonly DateTimeOffset Created = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static DateTimeOffset At(int seconds) => Created.AddSeconds(seconds);

    public static SessionInfo Session(
        string id,
        string name,
        DateTimeOffset? created = null,
        string command = "bash",
        string path = "/home/dev/project",
        ServerRef? server = null) =>
        new(
            server ?? Server,
            id,
            name,
            created ?? Created,
            AttachedClients: 0,
            WindowCount: 1,
            new PaneInfo("%1", 4242, command, path, false, null, null, 24, created ?? Created));

    public static SessionEnd End(SessionInfo session, EndReason reason, DateTimeOffset at, string? screen = null, int? exitStatus = null) =>
        new(session.Server, session.SessionId, session.Created, reason, exitStatus, at, screen);
}
