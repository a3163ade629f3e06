using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>A run of text in one style; lines of the view are lists of pieces.</summary>
/// <param name="Text">Sanitized text.</param>
/// <param name="Style">Its style.</param>
internal readonly record struct Piece(string Text, Style Style)
{
    /// <summary>Width of the pieces in cells.</summary>
    public static int Width(IEnumerable<Piece> pieces) => pieces.Sum(p => CellWidth.Of(p.Text));

    /// <summary>Writes pieces one after another from (<paramref name="x"/>, <paramref name="y"/>); the piece that crosses
    /// <paramref name="maxWidth"/> ends with <c>…</c>.</summary>
    /// <returns>Cells written.</returns>
    public static int Write(Canvas canvas, int x, int y, IEnumerable<Piece> pieces, int maxWidth)
    {
        var used = 0;
        foreach (var piece in pieces)
        {
            if (used >= maxWidth)
            {
                break;
            }

            used += canvas.WriteEllipsis(x + used, y, piece.Text, piece.Style, maxWidth - used);
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
}
