using System.Text;
using Terminal.Gui.Text;

namespace SessionTui.Ui.Text;

/// <summary>
/// Terminal cell widths exactly as Terminal.Gui measures them when it lays text into its screen buffer (a wcwidth table per
/// rune, <c>string.GetColumns()</c> per grapheme, capped at 2), so what the views compute is where the buffer puts it.
/// Sanitize pane text first (<see cref="TextSanitizer.Sanitize"/>): after that every grapheme has a width both
/// Terminal.Gui and terminals agree on.
/// </summary>
public static class CellWidth
{
    /// <summary>Width of <paramref name="text"/> in cells; control characters count 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is < ' ' or > '~')
            {
                return text.GetColumns();
            }
        }

        return text.Length;
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="width"/> cells, ending with <c>…</c> when it was
    /// wider (a wide grapheme that would cross the edge is left out).</summary>
    public static string Crop(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (width <= 0)
        {
            return "";
        }

        if (Of(text) <= width)
        {
            return text;
        }

        var kept = new System.Text.StringBuilder();
        var used = 0;
        foreach (var grapheme in Terminal.Gui.Drawing.GraphemeHelper.GetGraphemes(text))
        {
            var w = Math.Max(0, grapheme.GetColumns());
            if (used + w > width - 1)
            {
                break;
            }

            kept.Append(grapheme);
            used += w;
        }

        return kept.Append('…').ToString();
    }

    /// <summary>Width of one BMP character in cells: 0, 1 or 2 (surrogates and controls count 0).</summary>
    public static int Of(char c)
    {
        if (c is >= ' ' and < '\u007f')
        {
            return 1;
        }

        return char.IsSurrogate(c) || char.IsControl(c) ? 0 : Math.Clamp(new Rune(c).GetColumns(), 0, 2);
    }
}
