using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// The process specs that put the user's terminal on a session: <see cref="Attach"/> for
/// <see cref="IProcessRunner.RunInteractiveAsync"/>; <see cref="SwitchClient"/> returns at once, so run it with
/// <see cref="IProcessRunner.RunAsync"/> to read its error.
/// </summary>
public static class AttachCommands
{
    /// <summary>
    /// <c>tmux -u &lt;socket args&gt; attach-session [-r] -t $id</c> with <c>TMUX</c> and <c>TMUX_PANE</c> unset, so it also works
    /// from inside a pane of another (or the same) tmux server, nesting the client there. <c>-u</c>: the wall writes UTF-8
    /// whatever the locale, and so does the attached client. No timeout: the user detaches when done.
    /// </summary>
    /// <param name="server">The server of the session.</param>
    /// <param name="sessionId">The session id, e.g. <c>$3</c>.</param>
    /// <param name="readOnly">Attach read-only (<c>-r</c>): keys are not sent to the panes.</param>
    /// <param name="tmuxPath">The tmux program.</param>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is not a session id.</exception>
    public static ProcessSpec Attach(ServerRef server, string sessionId, bool readOnly, string tmuxPath = "tmux")
    {
        ArgumentNullException.ThrowIfNull(server);
        var target = TmuxTargets.Session(sessionId);
        List<string> arguments = ["-u", .. server.SocketArgs, "attach-session"];
        if (readOnly)
        {
            arguments.Add("-r");
        }

        arguments.AddRange(["-t", target]);
        return new ProcessSpec(tmuxPath, arguments)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            Environment = new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null },
        };
    }

    /// <summary>
    /// Switches the tmux client the caller runs in (found by tmux from the inherited <c>TMUX</c>/<c>TMUX_PANE</c>) to a session
    /// of the same server, and leaves the client read-only exactly when <paramref name="readOnly"/> is set.
    /// In tmux 3.3a <c>switch-client -r</c> toggles the client's read-only flag (tmux(1) switch-client), and the flag belongs to the
    /// client, not the session, so a plain toggle could turn a read-only client writable or leave the caller read-only. The spec is
    /// therefore <c>tmux &lt;socket args&gt; if-shell -F '#{client_readonly}' 'switch-client [-r] -t $id' 'switch-client [-r] -t $id'</c>,
    /// passing <c>-r</c> only when the flag must change. The flag stays after the user switches back: switch back with
    /// <c>readOnly: false</c> to clear it.
    /// </summary>
    /// <param name="server">The server the caller runs inside (see <see cref="TmuxServers.IsInside"/>).</param>
    /// <param name="sessionId">The session id, e.g. <c>$3</c>.</param>
    /// <param name="readOnly">Whether the client should be read-only after the switch.</param>
    /// <param name="tmuxPath">The tmux program.</param>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is not a session id.</exception>
    public static ProcessSpec SwitchClient(ServerRef server, string sessionId, bool readOnly, string tmuxPath = "tmux")
    {
        ArgumentNullException.ThrowIfNull(server);
        var target = TmuxTargets.Session(sessionId);
        var keep = $"switch-client -t '{target}'";
        var toggle = $"switch-client -r -t '{target}'";
        List<string> arguments =
        [
            "-u",
            .. server.SocketArgs,
            "if-shell",
            "-F",
            "#{client_readonly}",
            readOnly ? keep : toggle,
            readOnly ? toggle : keep,
        ];
        return new ProcessSpec(tmuxPath, arguments);
    }
}
