namespace SessionTui.Tmux;

/// <summary>
/// The process boundary: every process the product starts goes through here, so tests can replace it and nothing
/// ever builds a shell command line.
/// </summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs a program to completion with stdout/stderr captured as UTF-8; stdin gets <see cref="ProcessSpec.StandardInput"/>, or is closed.
    /// </summary>
    /// <param name="spec">What to run.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed.</param>
    /// <returns>The exit code and the captured output, whatever the exit code.</returns>
    /// <exception cref="ExecutableNotFoundException">The program is not on <c>PATH</c> (or the path does not exist).</exception>
    /// <exception cref="DirectoryNotFoundException"><see cref="ProcessSpec.WorkingDirectory"/> does not exist.</exception>
    /// <exception cref="TimeoutException">The process did not exit and close its output within <see cref="ProcessSpec.Timeout"/>;
    /// its process tree was killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process tree was killed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ProcessSpec.Timeout"/> is neither positive nor infinite.</exception>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a program on the real terminal (stdin, stdout and stderr inherited, nothing captured) until it exits, with no timeout;
    /// used for <c>tmux attach-session</c>. The caller must stop reading the terminal first.
    /// </summary>
    /// <param name="spec">What to run; <see cref="ProcessSpec.Timeout"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="ExecutableNotFoundException">The program is not on <c>PATH</c> (or the path does not exist).</exception>
    /// <exception cref="DirectoryNotFoundException"><see cref="ProcessSpec.WorkingDirectory"/> does not exist.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process tree was killed.</exception>
    Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}
