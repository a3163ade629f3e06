namespace SessionTui.Tmux;

/// <summary>
/// Escapes for the two places where tmux reinterprets text it is given (both verified on tmux 3.3a).
/// </summary>
public static class TmuxEscaping
{
    /// <summary>
    /// Makes one argv element reach a tmux command verbatim. tmux's argv parser ends a command at any argument that ends in
    /// <c>;</c> (dropping the <c>;</c>) unless it ends in <c>\;</c>, which becomes <c>;</c>. So a trailing <c>;</c> is written as
    /// <c>\;</c>; nothing else changes (<c>a;b</c>, <c>x\</c> pass as they are).
    /// </summary>
    /// <param name="argument">The argument as the command should see it.</param>
    /// <returns>The argument to put in argv.</returns>
    public static string CommandArgument(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return argument.EndsWith(';') ? argument[..^1] + "\\;" : argument;
    }

    /// <summary>
    /// Makes text survive an argument that tmux expands as a format (tmux(1) FORMATS), such as <c>new-session -s</c> and
    /// <c>-c</c>: every <c>#</c> is doubled, since <c>##</c> expands to <c>#</c>.
    /// </summary>
    /// <param name="text">The literal text.</param>
    /// <returns>The format that expands to <paramref name="text"/>.</returns>
    public static string FormatLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("#", "##", StringComparison.Ordinal);
    }
}
