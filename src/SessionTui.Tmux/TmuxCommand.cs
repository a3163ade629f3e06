namespace SessionTui.Tmux;

/// <summary>One tmux command and its arguments, without the <c>tmux</c> program or socket flags,
/// e.g. <c>new(["capture-pane", "-p", "-e", "-t", "%3"])</c>. Arguments are verbatim: the transport escapes what tmux's
/// own argument parser would otherwise reinterpret (a trailing <c>;</c>).</summary>
/// <param name="Args">The command name followed by its arguments; not empty.</param>
public sealed record TmuxCommand(IReadOnlyList<string> Args)
{
    /// <summary>Bytes for the tmux client's stdin, read by a command such as <c>load-buffer -</c> (tmux(1) BUFFERS); null for
    /// none. At most one command of a batch may have input.</summary>
    public ReadOnlyMemory<byte>? Input { get; init; }
}

/// <summary>How one command of a batch ended.</summary>
public enum TmuxCommandStatus
{
    /// <summary>The command ran and succeeded.</summary>
    Ok,

    /// <summary>The command ran and failed; tmux then skips every later command of the batch.</summary>
    Failed,

    /// <summary>The command never ran because an earlier one failed.</summary>
    NotRun,
}

/// <summary>The outcome of one command of a batch.</summary>
/// <param name="Status">Whether it ran and succeeded.</param>
/// <param name="Output">Exactly what it wrote to stdout, including its final <c>\n</c>; empty for <see cref="TmuxCommandStatus.NotRun"/>.</param>
/// <param name="Error">tmux's one-line error for <see cref="TmuxCommandStatus.Failed"/>, e.g. <c>can't find pane: %9</c>; otherwise null.</param>
public sealed record TmuxCommandResult(TmuxCommandStatus Status, string Output, string? Error);
