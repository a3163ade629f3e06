namespace SessionTui.Core;

/// <summary>Line handling of captured pane screens (<c>capture-pane -p -e</c> text, lines joined by <c>\n</c>).</summary>
public static class ScreenText
{
    /// <summary>The lines of <paramref name="screen"/> without its trailing blank lines (blank after removing escape
    /// sequences and whitespace); at least one line.</summary>
    /// <param name="screen">The captured screen, SGR escapes kept.</param>
    public static IReadOnlyList<string> Lines(string screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        var lines = screen.Split('\n');
        var count = lines.Length;
        while (count > 1 && IsBlank(lines[count - 1]))
        {
            count--;
        }

        return count == lines.Length ? lines : lines[..count];
    }

    /// <summary>Whether a line shows nothing: only whitespace once escape sequences are removed.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line) || Ansi.Strip(line).Trim().Length == 0;
}
