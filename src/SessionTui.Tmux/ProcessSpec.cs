namespace SessionTui.Tmux;

/// <summary>
/// One program to run: the executable, its argv (each element reaches the program as one argument, never through a shell), a
/// timeout, environment changes and a working directory.
/// </summary>
/// <param name="FileName">The program: a name looked up on <c>PATH</c> (e.g. <c>tmux</c>) or a path.</param>
/// <param name="Arguments">argv after the program name, each element passed verbatim as one argument.</param>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>How long <see cref="IProcessRunner.RunAsync"/> waits for the process to exit and close its output before killing it;
    /// default 10 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. Ignored by interactive runs.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Environment changes on top of the inherited environment: a value sets the variable, a null value unsets it
    /// (e.g. <c>TMUX = null</c> to attach to a tmux server from inside another one).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The child's working directory; null inherits the current one. It must exist.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Text written to the child's stdin (UTF-8, no BOM), which is then closed; null (the default) closes stdin at once.
    /// A child that exits without reading it is not an error.</summary>
    public string? StandardInput { get; init; }
}

/// <summary>What a finished process left behind.</summary>
/// <param name="ExitCode">The exit code, as <see cref="System.Diagnostics.Process.ExitCode"/> reports it.</param>
/// <param name="StandardOutput">Everything written to stdout, decoded as UTF-8 (invalid bytes become U+FFFD).</param>
/// <param name="StandardError">Everything written to stderr, decoded as UTF-8.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
