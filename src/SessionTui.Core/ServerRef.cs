namespace SessionTui.Core;

/// <summary>
/// One tmux server the wall watches, addressed by its socket.
/// </summary>
/// <param name="Label">What the user sees on a card and in <c>--json</c>: <c>default</c>, the <c>-L</c> socket name, or the <c>-S</c> path.</param>
/// <param name="SocketArgs">The tmux global flags that address this server exactly as the user gave them: empty is never used;
/// <c>["-S", path]</c> for the default socket and <c>-S</c>, <c>["-L", name]</c> for <c>-L</c>.</param>
/// <param name="SocketPath">The absolute socket path (resolved as tmux(1) does: <c>$TMUX_TMPDIR</c> or <c>/tmp</c>, then
/// <c>tmux-$UID/NAME</c>), used to tell whether the wall itself runs inside this server (first field of <c>$TMUX</c>).</param>
public sealed record ServerRef(string Label, IReadOnlyList<string> SocketArgs, string SocketPath)
{
    /// <summary>Equality by socket path alone: two spellings of one socket are one server.</summary>
    public bool Equals(ServerRef? other) => other is not null && string.Equals(SocketPath, other.SocketPath, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SocketPath);

    /// <inheritdoc />
    public override string ToString() => Label;
}
