using System.Drawing;
using System.Text;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;
using Terminal.Gui.Text;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace SessionTui.Ui.Drawing;

/// <summary>Box-drawing glyph sets for card and dialog frames.</summary>
/// <param name="TopLeft">Top-left corner.</param>
/// <param name="TopRight">Top-right corner.</param>
/// <param name="BottomLeft">Bottom-left corner.</param>
/// <param name="BottomRight">Bottom-right corner.</param>
/// <param name="Horizontal">Horizontal line.</param>
/// <param name="Vertical">Vertical line.</param>
public sealed record BoxGlyphs(char TopLeft, char TopRight, char BottomLeft, char BottomRight, char Horizontal, char Vertical)
{
    /// <summary>Rounded light lines: ╭─╮ │ ╰─╯.</summary>
    public static BoxGlyphs Rounded { get; } = new('╭', '╮', '╰', '╯', '─', '│');

    /// <summary>Heavy lines: ┏━┓ ┃ ┗━┛ (the selected card).</summary>
    public static BoxGlyphs Heavy { get; } = new('┏', '┓', '┗', '┛', '━', '┃');

    /// <summary>Double lines: ╔═╗ ║ ╚═╝.</summary>
    public static BoxGlyphs Double { get; } = new('╔', '╗', '╚', '╝', '═', '║');
}

/// <summary>
/// Draws into a Terminal.Gui <see cref="View"/> during its <c>OnDrawingContent</c>, writing only the cells whose grapheme
/// or attribute differ from what the driver's screen buffer (<c>IDriver.Contents</c>) already holds. Terminal.Gui marks
/// every cell it is handed as dirty and re-sends it, so a view that redraws its whole viewport on every state change would
/// re-send every cell; through a painter an unchanged card costs a comparison per cell and no bytes. Runs of adjacent
/// changed cells in one attribute go out as one <c>Move</c>/<c>SetAttribute</c>/<c>AddStr</c>.
/// </summary>
/// <remarks>
/// Each cell must be written at most once per pass (compose rows left to right with <see cref="Row"/>, fill only what
/// nothing else covers): a second write of a cell in one pass would compare against the first write and hand the cell to
/// Terminal.Gui again. With the app switch <c>SessionTui.StrictPainter</c> on (the tests), a second write throws.
/// Wide graphemes: Terminal.Gui leaves the cell after a wide grapheme holding stale text, and a terminal erases both
/// halves of a wide grapheme when either is overwritten, so a cell whose left neighbour is (or was, before this pass) wide
/// is always written. Coordinates are viewport-relative; cells outside the viewport are ignored. Not thread-safe: use on
/// the UI thread inside a draw pass, then <see cref="Flush"/>.
/// </remarks>
public sealed class Painter
{
    private readonly View _view;
    private readonly Cell[,]? _contents;
    private readonly Point _origin;
    private readonly Size _size;
    private readonly StringBuilder _run = new();
    private int _runX;
    private int _runY = -1;
    private int _runEnd;
    private Attribute _runAttr;
    private int _forcedX = -1;
    private int _forcedY = -1;
    private readonly bool[]? _touched;

    /// <summary>Starts painting <paramref name="view"/>'s viewport.</summary>
    /// <param name="view">The view being drawn (its <c>App.Driver</c> gives the screen buffer).</param>
    public Painter(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        _view = view;
        _contents = view.App?.Driver?.Contents;
        _origin = view.ViewportToScreen(Point.Empty);
        _size = view.Viewport.Size;
        if (AppContext.TryGetSwitch("SessionTui.StrictPainter", out var strict) && strict)
        {
            _touched = new bool[Math.Max(0, _size.Width * _size.Height)];
        }
    }

    /// <summary>Viewport width in cells.</summary>
    public int Width => _size.Width;

    /// <summary>Viewport height in cells.</summary>
    public int Height => _size.Height;

    /// <summary>Cells handed to Terminal.Gui so far (changed cells), for metrics.</summary>
    public int CellsWritten { get; private set; }

    /// <summary>Writes sanitized <paramref name="text"/> from (<paramref name="x"/>, <paramref name="y"/>), cropped to
    /// <paramref name="maxWidth"/> cells (a wide grapheme that would cross the edge is left out).</summary>
    /// <returns>Cells used.</returns>
    public int Text(int x, int y, string text, Attribute attr, int maxWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var used = 0;
        if (IsAscii(text))
        {
            for (var i = 0; i < text.Length && used < maxWidth; i++)
            {
                Put(x + used, y, text[i], null, 1, attr);
                used++;
            }

            return used;
        }

        foreach (var grapheme in GraphemeHelper.GetGraphemes(text))
        {
            var width = Math.Max(0, grapheme.GetColumns());
            if (width == 0)
            {
                continue;
            }

            if (used + width > maxWidth)
            {
                break;
            }

            Put(x + used, y, '\0', grapheme, width, attr);
            used += width;
        }

        return used;
    }

    /// <summary>Like <see cref="Text"/>, but text wider than <paramref name="maxWidth"/> ends with <c>…</c>.</summary>
    /// <returns>Cells used.</returns>
    public int TextEllipsis(int x, int y, string text, Attribute attr, int maxWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxWidth <= 0)
        {
            return 0;
        }

        if (CellWidth.Of(text) <= maxWidth)
        {
            return Text(x, y, text, attr, maxWidth);
        }

        var used = Text(x, y, text, attr, maxWidth - 1);
        Put(x + used, y, '…', null, 1, attr);
        return used + 1;
    }

    /// <summary>Writes styled runs one after another from (<paramref name="x"/>, <paramref name="y"/>), cropped to
    /// <paramref name="maxWidth"/>; the rest of the width is filled with <paramref name="fill"/> when given.</summary>
    /// <returns>Cells used by text.</returns>
    public int Runs(int x, int y, IReadOnlyList<StyledRun> runs, int maxWidth, Attribute? fill = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var used = 0;
        foreach (var run in runs)
        {
            if (used >= maxWidth)
            {
                break;
            }

            used += Text(x + used, y, run.Text, run.Style.ToAttribute(), maxWidth - used);
        }

        if (fill is { } f)
        {
            Fill(new Rectangle(x + used, y, maxWidth - used, 1), f);
        }

        return used;
    }

    /// <summary>Writes one narrow character at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Char(int x, int y, char c, Attribute attr) => Put(x, y, c, null, 1, attr);

    /// <summary>Fills <paramref name="area"/> with spaces in <paramref name="attr"/>.</summary>
    public void Fill(Rectangle area, Attribute attr)
    {
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                Put(x, y, ' ', null, 1, attr);
            }
        }
    }

    /// <summary>Draws a frame on the edge of <paramref name="area"/> (at least 2x2).</summary>
    public void Box(Rectangle area, BoxGlyphs glyphs, Attribute attr)
    {
        ArgumentNullException.ThrowIfNull(glyphs);
        if (area.Width < 2 || area.Height < 2)
        {
            return;
        }

        var right = area.Right - 1;
        var bottom = area.Bottom - 1;
        Put(area.Left, area.Top, glyphs.TopLeft, null, 1, attr);
        for (var x = area.Left + 1; x < right; x++)
        {
            Put(x, area.Top, glyphs.Horizontal, null, 1, attr);
        }

        Put(right, area.Top, glyphs.TopRight, null, 1, attr);
        for (var y = area.Top + 1; y < bottom; y++)
        {
            Put(area.Left, y, glyphs.Vertical, null, 1, attr);
            Put(right, y, glyphs.Vertical, null, 1, attr);
        }

        Put(area.Left, bottom, glyphs.BottomLeft, null, 1, attr);
        for (var x = area.Left + 1; x < right; x++)
        {
            Put(x, bottom, glyphs.Horizontal, null, 1, attr);
        }

        Put(right, bottom, glyphs.BottomRight, null, 1, attr);
    }

    /// <summary>A writer that fills row <paramref name="y"/> from <paramref name="x"/> for <paramref name="width"/> cells,
    /// left to right, each cell once.</summary>
    public RowWriter Row(int x, int y, int width) => new(this, x, y, width);

    /// <summary>Hands the last pending run to Terminal.Gui. Call once at the end of the draw pass.</summary>
    public void Flush()
    {
        if (_run.Length == 0)
        {
            return;
        }

        _view.Move(_runX, _runY);
        _view.SetAttribute(_runAttr);
        _view.AddStr(_run.ToString());
        _run.Clear();
        _runY = -1;
    }

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One grapheme: <paramref name="ascii"/> when <paramref name="grapheme"/> is null.</summary>
    private void Put(int x, int y, char ascii, string? grapheme, int width, Attribute attr)
    {
        if (x < 0 || y < 0 || x + width > _size.Width || y >= _size.Height)
        {
            return;
        }

        if (_touched is not null)
        {
            for (var i = 0; i < width; i++)
            {
                ref var touched = ref _touched[(y * _size.Width) + x + i];
                if (touched)
                {
                    throw new InvalidOperationException($"cell ({x + i}, {y}) of {_view.GetType().Name} written twice in one draw pass");
                }

                touched = true;
            }
        }

        if (Unchanged(x, y, ascii, grapheme, width, attr))
        {
            Flush();
            return;
        }

        if (_runY != y || _runEnd != x || _runAttr != attr)
        {
            Flush();
            _runX = x;
            _runY = y;
            _runAttr = attr;
        }

        if (grapheme is null)
        {
            _run.Append(ascii);
        }
        else
        {
            _run.Append(grapheme);
        }

        _runEnd = x + width;
        CellsWritten++;
    }

    private bool Unchanged(int x, int y, char ascii, string? grapheme, int width, Attribute attr)
    {
        if (_contents is null)
        {
            return false;
        }

        var sx = _origin.X + x;
        var sy = _origin.Y + y;
        if (sy < 0 || sx < 0 || sy >= _contents.GetLength(0) || sx + width > _contents.GetLength(1))
        {
            return false;
        }

        var forced = (_forcedX == x && _forcedY == y) || (sx > 0 && IsWide(_contents[sy, sx - 1].Grapheme));
        var cell = _contents[sy, sx];
        var old = cell.Grapheme;
        if (IsWide(old))
        {
            // This cell holds a wide grapheme now: whatever replaces it, the cell after it must be written too.
            _forcedX = x + 1;
            _forcedY = y;
        }

        if (forced || cell.Attribute != attr)
        {
            return false;
        }

        return grapheme is null
            ? old.Length == 1 && old[0] == ascii
            : string.Equals(old, grapheme, StringComparison.Ordinal);
    }

    private static bool IsWide(string grapheme) =>
        grapheme.Length > 0 && (grapheme[0] > '~' || grapheme.Length > 1) && grapheme.GetColumns() > 1;
}

/// <summary>Writes one row of a <see cref="Painter"/> left to right: text, cropped text, and fills up to a column or to the
/// end, so each cell of the row is written exactly once.</summary>
public struct RowWriter
{
    private readonly Painter _painter;
    private readonly int _y;
    private readonly int _end;

    internal RowWriter(Painter painter, int x, int y, int width)
    {
        _painter = painter;
        _y = y;
        X = x;
        _end = x + Math.Max(0, width);
    }

    /// <summary>The next column to write.</summary>
    public int X { get; private set; }

    /// <summary>Cells left in the row.</summary>
    public readonly int Left => Math.Max(0, _end - X);

    /// <summary>Writes <paramref name="text"/> cropped to the row (and to <paramref name="maxWidth"/> when given).</summary>
    public void Text(string text, Attribute attr, int maxWidth = int.MaxValue) =>
        X += _painter.Text(X, _y, text, attr, Math.Min(maxWidth, Left));

    /// <summary>Writes <paramref name="text"/>, ending with <c>…</c> when it is wider than the room.</summary>
    public void TextEllipsis(string text, Attribute attr, int maxWidth = int.MaxValue) =>
        X += _painter.TextEllipsis(X, _y, text, attr, Math.Min(maxWidth, Left));

    /// <summary>Writes styled runs cropped to the row.</summary>
    public void Runs(IReadOnlyList<StyledRun> runs) => X += _painter.Runs(X, _y, runs, Left);

    /// <summary>Repeats <paramref name="c"/> up to column <paramref name="column"/> (exclusive).</summary>
    public void FillTo(int column, char c, Attribute attr)
    {
        var to = Math.Min(column, _end);
        while (X < to)
        {
            _painter.Char(X, _y, c, attr);
            X++;
        }
    }

    /// <summary>Repeats <paramref name="c"/> to the end of the row.</summary>
    public void FillRest(char c, Attribute attr) => FillTo(_end, c, attr);
}

/// <summary>Writes the content of one framed row through <paramref name="row"/> (advancing it) for screen row
/// <paramref name="y"/>.</summary>
/// <param name="row">The writer of the row's inner cells.</param>
/// <param name="y">The row, viewport-relative.</param>
public delegate void RowContent(ref RowWriter row, int y);
