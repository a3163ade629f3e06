using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;

namespace SessionTui.Ui.Views;

/// <summary>A run of sanitized text in one style; lines of the chrome, dialogs and help are lists of segments.</summary>
/// <param name="Text">Sanitized text.</param>
/// <param name="Style">Its style.</param>
internal readonly record struct Seg(string Text, UiStyle Style)
{
    /// <summary>Width of the segments in cells.</summary>
    public static int Width(IEnumerable<Seg> segs) => segs.Sum(s => CellWidth.Of(s.Text));

    /// <summary>Writes segments one after another from (<paramref name="x"/>, <paramref name="y"/>); the segment that crosses
    /// <paramref name="maxWidth"/> ends with <c>…</c>. Each style is laid over <paramref name="under"/>.</summary>
    /// <returns>Cells written.</returns>
    public static int Write(Painter painter, int x, int y, IEnumerable<Seg> segs, int maxWidth, UiStyle under = default)
    {
        var used = 0;
        foreach (var seg in segs)
        {
            if (used >= maxWidth)
            {
                break;
            }

            used += painter.TextEllipsis(x + used, y, seg.Text, seg.Style.Over(under).ToAttribute(), maxWidth - used);
        }

        return used;
    }

    /// <summary>Breaks <paramref name="text"/> at spaces into lines of at most <paramref name="width"/> cells; a word
    /// longer than a line is left for the writer to crop.</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && CellWidth.Of(candidate) > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Untrusted text (names, commands, tmux errors) made safe to draw.</summary>
    public static string Safe(string text) => TextSanitizer.Sanitize(text);
}
