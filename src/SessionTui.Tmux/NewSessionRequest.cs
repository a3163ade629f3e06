namespace SessionTui.Tmux;

/// <summary>What <see cref="TmuxClient.NewSessionAsync"/> creates: a detached session running one command.</summary>
/// <param name="Name">The session name, literal (a <c>#</c> is not a format here). tmux rewrites <c>:</c> and <c>.</c> to <c>_</c> and
/// escapes control characters; the returned <see cref="Core.SessionInfo.Name"/> is the name tmux kept.</param>
/// <param name="Command">argv of the pane's program. Empty runs tmux's <c>default-command</c> (the user's shell); one element is a
/// shell command line that tmux runs with <c>sh -c</c>; two or more are executed directly, without a shell.</param>
public sealed record NewSessionRequest(string Name, IReadOnlyList<string> Command)
{
    /// <summary>Width of the session's window in cells (<c>-x</c>); default 120.</summary>
    public int Width { get; init; } = 120;

    /// <summary>Height of the session's window in cells (<c>-y</c>); default 40.</summary>
    public int Height { get; init; } = 40;

    /// <summary>The pane's start directory (<c>-c</c>), literal; null uses tmux's default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set in the session environment (<c>-e NAME=VALUE</c>), passed in ordinal order of their names.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Keep the pane after its program exits (<c>remain-on-exit on</c> for the pane), so its exit status and last screen
    /// can be read (<c>#{pane_dead}</c>, <c>#{pane_dead_status}</c>).</summary>
    public bool RemainOnExit { get; init; }

    /// <summary>Commands run in the same batch right after <c>new-session</c> (and <c>remain-on-exit</c>), before the server
    /// handles the pane's first output or exit, with the new session as their current target (so <c>set-hook pane-died</c>
    /// or <c>pipe-pane</c> without <c>-t</c> apply to it). A failing one fails the call, and the session is killed.</summary>
    public IReadOnlyList<TmuxCommand> ThenRun { get; init; } = [];
}
