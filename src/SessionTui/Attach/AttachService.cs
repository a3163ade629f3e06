using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Attach;

/// <summary>
/// The one place that decides how to put the user's terminal on a session and does it, for the wall and for
/// <c>sessiontui attach</c>: inside a client of the same server (and not read-only) it switches that client
/// (<c>switch-client</c>, returns at once); otherwise it runs <c>tmux attach-session</c> on the inherited terminal until the
/// user detaches. A read-only attach always nests a client of its own, because read-only is a flag of the client and
/// switching the user's own client would leave it read-only.
/// </summary>
/// <param name="runner">Runs tmux.</param>
/// <param name="tmuxPath">The tmux program.</param>
public sealed class AttachService(IProcessRunner runner, string tmuxPath)
{
    /// <summary>Whether the attach switches the caller's own client rather than running a client here.</summary>
    /// <param name="server">The session's server.</param>
    /// <param name="readOnly">Whether the attach is read-only.</param>
    /// <param name="tmuxEnv">The caller's <c>$TMUX</c> (null outside tmux).</param>
    public static bool SwitchesClient(ServerRef server, bool readOnly, string? tmuxEnv) =>
        !readOnly && TmuxServers.IsInside(server, tmuxEnv);

    /// <summary>Switches the caller's client to the session (<see cref="AttachCommands.SwitchClient"/>).</summary>
    /// <returns>Null on success, else tmux's one-line error.</returns>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    /// <exception cref="TimeoutException">tmux did not answer within its timeout.</exception>
    public async Task<string?> SwitchAsync(ServerRef server, string sessionId, CancellationToken cancellationToken = default)
    {
        var result = await runner.RunAsync(AttachCommands.SwitchClient(server, sessionId, readOnly: false, tmuxPath), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? null : OneLine.Of(result.StandardError, "tmux switch-client exited " + result.ExitCode);
    }

    /// <summary>Runs <c>tmux attach-session</c> on this process's terminal (stdin, stdout and stderr inherited, <c>TMUX</c>
    /// unset) until the user detaches. The caller must have stopped reading the terminal.</summary>
    /// <returns>tmux's exit code.</returns>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the client was killed).</exception>
    public Task<int> AttachHereAsync(ServerRef server, string sessionId, bool readOnly, CancellationToken cancellationToken = default) =>
        runner.RunInteractiveAsync(AttachCommands.Attach(server, sessionId, readOnly, tmuxPath), cancellationToken);
}
