using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionTui.Rendering;

/// <summary>
/// Renders a renderable off-screen to exactly <c>width</c> x <c>height</c> cells: one string per row, each exactly
/// <c>width</c> cells wide as <see cref="CellWidth"/> measures after removing escapes.
/// </summary>
/// <remarks>
/// Rows are cropped (never wrapped) at <c>width</c>; a wide character cut by the edge becomes a space; short rows are
/// padded with spaces. The top <c>height</c> rows are kept (a view is laid out from the top: its header must survive) and
/// missing rows are blank. With colour each style change writes one SGR (ECMA-48 §8.3.117) that resets and sets the whole
/// style, palette colours as palette numbers (30–37, 90–97, 38;5;n) and others as 38;2;r;g;b, and a styled row ends with
/// <c>ESC[0m</c>, so every row starts and ends with the terminal's default attributes. Without colour rows are plain
/// text: no escapes at all (golden frames). For <c>NO_COLOR</c> on a real terminal use colour with a monochrome
/// <see cref="Theme"/>: the theme and <see cref="AnsiText"/> then carry no colours, and bold, underline and invert remain.
/// </remarks>
public sealed class FrameRenderer
{
    private readonly bool color;
    private readonly RenderOptions options;

    /// <summary>Creates a renderer.</summary>
    /// <param name="color">True writes SGR escapes for styles; false writes plain text.</param>
    public FrameRenderer(bool color)
    {
        this.color = color;
        options = new RenderOptions(new OffScreen(color), new Size(80, 24));
    }

    /// <summary>Renders <paramref name="renderable"/> to rows.</summary>
    /// <param name="renderable">What to render; laid out at <paramref name="width"/> cells with a height limit of
    /// <paramref name="height"/> rows.</param>
    /// <param name="width">Frame width in cells (negative counts as 0).</param>
    /// <param name="height">Frame height in rows (negative counts as 0).</param>
    /// <returns>Exactly <paramref name="height"/> rows of exactly <paramref name="width"/> cells each.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="renderable"/> is null.</exception>
    public IReadOnlyList<string> Render(IRenderable renderable, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(renderable);
        width = Math.Max(0, width);
        height = Math.Max(0, height);
        var rows = new List<string>(height);
        if (height == 0)
        {
            return rows;
        }

        var line = new RowBuilder(width, color);
        var sized = options with { ConsoleSize = new Size(width, height), Height = height };
        foreach (var segment in renderable.Render(sized, width))
        {
            if (segment.IsControlCode)
            {
                continue;
            }

            if (segment.IsLineBreak)
            {
                rows.Add(line.Finish());
                if (rows.Count == height)
                {
                    return rows;
                }

                continue;
            }

            var parts = segment.Text.Split('\n');
            for (var p = 0; p < parts.Length; p++)
            {
                if (p > 0)
                {
                    rows.Add(line.Finish());
                    if (rows.Count == height)
                    {
                        return rows;
                    }
                }

                line.Append(parts[p], segment.Style);
            }
        }

        rows.Add(line.Finish());
        while (rows.Count < height)
        {
            rows.Add(line.Finish());
        }

        return rows;
    }

    /// <summary>Builds one row: crops at the width, pads, writes SGR on style changes.</summary>
    private sealed class RowBuilder(int width, bool color)
    {
        private readonly StringBuilder row = new();
        private Style current = Style.Plain;
        private int cells;

        public void Append(string text, Style style)
        {
            var whole = 0;
            foreach (var c in text)
            {
                if (char.IsControl(c))
                {
                    whole = -1;
                    break;
                }

                whole += CellWidth.Of(c);
            }

            if (whole >= 0 && cells + whole <= width)
            {
                Put(text, whole, style);
                return;
            }

            for (var i = 0; i < text.Length && cells < width;)
            {
                var length = CellWidth.UnitAt(text, i, out var w);
                if (char.IsControl(text[i]))
                {
                    i += length;
                    continue;
                }

                if (cells + w > width)
                {
                    Put(" ", 1, style);
                    break;
                }

                Put(text.Substring(i, length), w, style);
                i += length;
            }
        }

        public string Finish()
        {
            if (cells < width)
            {
                Put(new string(' ', width - cells), width - cells, Style.Plain);
            }

            if (color && !Sgr.IsPlain(current))
            {
                row.Append(Sgr.Reset);
            }

            var result = row.ToString();
            row.Clear();
            current = Style.Plain;
            cells = 0;
            return result;
        }

        private void Put(string text, int w, Style style)
        {
            if (color && !ReferenceEquals(style, current) && !style.Equals(current))
            {
                if (Sgr.IsPlain(style))
                {
                    row.Append(Sgr.Reset);
                }
                else
                {
                    Sgr.Append(row, style);
                }

                current = style;
            }

            row.Append(text);
            cells += w;
        }
    }

    /// <summary>Capabilities of the off-screen target: ANSI with true colour (or none), Unicode, not interactive.</summary>
    private sealed class OffScreen(bool color) : IReadOnlyCapabilities
    {
        public ColorSystem ColorSystem => color ? ColorSystem.TrueColor : ColorSystem.NoColors;

        public bool Ansi => color;

        public bool Links => false;

        public bool Legacy => false;

        public bool IsTerminal => false;

        public bool Interactive => false;

        public bool Unicode => true;

        public bool AlternateBuffer => false;
    }
}
