using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// Carries a batch of tmux commands to one server and brings back each command's output, so the way of talking to tmux
/// (one spawned client per batch today, a control-mode client later) can change behind it.
/// </summary>
public interface ITmuxTransport
{
    /// <summary>
    /// Runs the commands in order, as one batch. tmux stops at the first failing command: it is
    /// <see cref="TmuxCommandStatus.Failed"/> and every later one <see cref="TmuxCommandStatus.NotRun"/>.
    /// </summary>
    /// <param name="server">The server to talk to.</param>
    /// <param name="commands">The commands; an empty batch returns an empty list without talking to tmux.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per command, in order.</returns>
    /// <exception cref="TmuxServerUnavailableException">No server runs on the socket, it cannot be connected to, or it died during the call.</exception>
    /// <exception cref="TmuxCommandException">tmux rejected the whole batch before running any of it (e.g. <c>unknown command: x</c>),
    /// or its answer cannot be split into the commands' results.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">tmux did not answer in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<TmuxCommandResult>> ExecuteAsync(
        ServerRef server,
        IReadOnlyList<TmuxCommand> commands,
        CancellationToken cancellationToken = default);
}
