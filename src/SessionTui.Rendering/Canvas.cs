using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionTui.Rendering;

/// <summary>
/// A grid of exactly <see cref="Width"/> x <see cref="Height"/> styled cells that views draw on; later drawing covers
/// earlier drawing (dialogs over the grid). Wide characters take two cells; one cut in half becomes a space. Renders as
/// one segment line per row, each exactly <see cref="Width"/> cells.
/// </summary>
internal sealed class Canvas : IRenderable
{
    /// <summary>One-character strings of ASCII, so writing plain text allocates no string per cell.</summary>
    private static readonly string[] Ascii = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    private readonly string?[] text;
    private readonly Style[] styles;

    public Canvas(int width, int height)
    {
        Width = Math.Max(0, width);
        Height = Math.Max(0, height);
        text = new string?[Width * Height];
        styles = new Style[Width * Height];
        Array.Fill(text, " ");
        Array.Fill(styles, Style.Plain);
    }

    /// <summary>Width in cells.</summary>
    public int Width { get; }

    /// <summary>Height in rows.</summary>
    public int Height { get; }

    /// <summary>Fills a rectangle with spaces of <paramref name="style"/>.</summary>
    public void Fill(Rect area, Style style)
    {
        for (var y = area.Y; y < area.Bottom; y++)
        {
            for (var x = area.X; x < area.Right; x++)
            {
                Set(x, y, " ", 1, style);
            }
        }
    }

    /// <summary>Lays <paramref name="overlay"/> over the style of every cell in <paramref name="area"/> (e.g. dim).</summary>
    public void Restyle(Rect area, Style overlay)
    {
        for (var y = Math.Max(0, area.Y); y < Math.Min(Height, area.Bottom); y++)
        {
            for (var x = Math.Max(0, area.X); x < Math.Min(Width, area.Right); x++)
            {
                var i = (y * Width) + x;
                styles[i] = styles[i].Combine(overlay);
            }
        }
    }

    /// <summary>Writes sanitized text at (<paramref name="x"/>, <paramref name="y"/>), cropped to
    /// <paramref name="maxWidth"/> cells; a wide character that does not fit leaves its cell blank.</summary>
    /// <returns>Cells written.</returns>
    public int Write(int x, int y, string value, Style style, int maxWidth)
    {
        var limit = x + Math.Max(0, maxWidth);
        var cx = x;
        var last = -1;
        for (var i = 0; i < value.Length;)
        {
            var length = CellWidth.UnitAt(value, i, out var width);
            var unit = length == 1 && value[i] < 128 ? Ascii[value[i]] : value.Substring(i, length);
            i += length;
            if (width == 0)
            {
                if (last >= 0 && text[last] is { } previous)
                {
                    text[last] = previous + unit;
                }

                continue;
            }

            if (cx + width > limit)
            {
                if (cx < limit)
                {
                    Set(cx, y, " ", 1, style);
                    cx++;
                }

                break;
            }

            last = Set(cx, y, unit, width, style);
            cx += width;
        }

        return cx - x;
    }

    /// <summary>Writes text cropped to <paramref name="maxWidth"/> cells, ending with <c>…</c> when cut.</summary>
    /// <returns>Cells written.</returns>
    public int WriteEllipsis(int x, int y, string value, Style style, int maxWidth)
    {
        if (maxWidth <= 0)
        {
            return 0;
        }

        if (CellWidth.Of(value) <= maxWidth)
        {
            return Write(x, y, value, style, maxWidth);
        }

        var used = Write(x, y, value, style, maxWidth - 1);
        return used + Write(x + used, y, "…", style, 1);
    }

    /// <summary>Writes styled segments one after another, cropped to <paramref name="maxWidth"/> cells.</summary>
    /// <returns>Cells written.</returns>
    public int Write(int x, int y, IEnumerable<Segment> segments, int maxWidth)
    {
        var used = 0;
        foreach (var segment in segments)
        {
            if (used >= maxWidth)
            {
                break;
            }

            used += Write(x + used, y, segment.Text, segment.Style, maxWidth - used);
        }

        return used;
    }

    /// <summary>Draws a border around <paramref name="area"/> with <paramref name="border"/>'s parts.</summary>
    public void Box(Rect area, BoxBorder border, Style style)
    {
        if (area.Width < 2 || area.Height < 2)
        {
            return;
        }

        var horizontal = border.GetPart(BoxBorderPart.Top);
        var bottom = border.GetPart(BoxBorderPart.Bottom);
        for (var x = area.X + 1; x < area.Right - 1; x++)
        {
            Set(x, area.Y, horizontal, 1, style);
            Set(x, area.Bottom - 1, bottom, 1, style);
        }

        var left = border.GetPart(BoxBorderPart.Left);
        var right = border.GetPart(BoxBorderPart.Right);
        for (var y = area.Y + 1; y < area.Bottom - 1; y++)
        {
            Set(area.X, y, left, 1, style);
            Set(area.Right - 1, y, right, 1, style);
        }

        Set(area.X, area.Y, border.GetPart(BoxBorderPart.TopLeft), 1, style);
        Set(area.Right - 1, area.Y, border.GetPart(BoxBorderPart.TopRight), 1, style);
        Set(area.X, area.Bottom - 1, border.GetPart(BoxBorderPart.BottomLeft), 1, style);
        Set(area.Right - 1, area.Bottom - 1, border.GetPart(BoxBorderPart.BottomRight), 1, style);
    }

    /// <inheritdoc />
    public Measurement Measure(RenderOptions options, int maxWidth) => new(Math.Min(Width, maxWidth), Math.Min(Width, maxWidth));

    /// <inheritdoc />
    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var width = Math.Min(Width, maxWidth);
        var run = new StringBuilder();
        for (var y = 0; y < Height; y++)
        {
            if (y > 0)
            {
                yield return Segment.LineBreak;
            }

            var runStyle = width > 0 ? styles[y * Width] : Style.Plain;
            for (var x = 0; x < width; x++)
            {
                var i = (y * Width) + x;
                if (text[i] is not { } cell)
                {
                    continue;
                }

                var wide = x + 1 < Width && text[i + 1] is null;
                if (wide && x + 1 >= width)
                {
                    cell = " ";
                }

                if (!ReferenceEquals(styles[i], runStyle) && !styles[i].Equals(runStyle))
                {
                    yield return new Segment(run.ToString(), runStyle);
                    run.Clear();
                    runStyle = styles[i];
                }

                run.Append(cell);
            }

            if (run.Length > 0)
            {
                yield return new Segment(run.ToString(), runStyle);
                run.Clear();
            }
        }
    }

    /// <summary>Puts one character of <paramref name="width"/> 1 or 2 at a cell, blanking wide characters it cuts.</summary>
    /// <returns>Index of the cell, or -1 when outside the canvas.</returns>
    private int Set(int x, int y, string unit, int width, Style style)
    {
        if (y < 0 || y >= Height || x < 0 || x + width > Width)
        {
            return -1;
        }

        var i = (y * Width) + x;
        if (text[i] is null && x > 0)
        {
            text[i - 1] = " ";
        }

        var end = i + width;
        if (x + width < Width && text[end] is null)
        {
            text[end] = " ";
        }

        text[i] = unit;
        styles[i] = style;
        if (width == 2)
        {
            text[i + 1] = null;
            styles[i + 1] = style;
        }

        return i;
    }
}

/// <summary>A rectangle of cells.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in cells.</param>
/// <param name="Height">Height in rows.</param>
internal readonly record struct Rect(int X, int Y, int Width, int Height)
{
    /// <summary>Column after the right edge.</summary>
    public int Right => X + Width;

    /// <summary>Row after the bottom edge.</summary>
    public int Bottom => Y + Height;

    /// <summary>The rectangle shrunk by <paramref name="dx"/> cells left and right and <paramref name="dy"/> rows top and
    /// bottom (never negative).</summary>
    public Rect Inset(int dx, int dy) => new(X + dx, Y + dy, Math.Max(0, Width - (2 * dx)), Math.Max(0, Height - (2 * dy)));

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> rectangle centred in this one (clamped to it).</summary>
    public Rect Center(int width, int height)
    {
        var w = Math.Min(width, Width);
        var h = Math.Min(height, Height);
        return new Rect(X + ((Width - w) / 2), Y + ((Height - h) / 2), w, h);
    }
}
