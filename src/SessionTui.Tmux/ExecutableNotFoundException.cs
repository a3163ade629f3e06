namespace SessionTui.Tmux;

/// <summary>
/// A program could not be started because it does not exist: not found on <c>PATH</c>, or the given path is missing
/// (<c>ENOENT</c> from <see cref="System.Diagnostics.Process.Start()"/>).
/// </summary>
public sealed class ExecutableNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="fileName"/>; the message is one line, e.g. <c>tmux: not found on PATH</c>.</summary>
    /// <param name="fileName">The program as it was given.</param>
    /// <param name="innerException">The start failure, usually a <see cref="System.ComponentModel.Win32Exception"/>.</param>
    public ExecutableNotFoundException(string fileName, Exception? innerException = null)
        : base(fileName.Contains('/', StringComparison.Ordinal) ? $"{fileName}: no such file" : $"{fileName}: not found on PATH", innerException)
    {
        FileName = fileName;
    }

    /// <summary>The program as it was given (a name or a path).</summary>
    public string FileName { get; }
}
