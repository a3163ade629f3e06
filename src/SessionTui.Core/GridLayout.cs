namespace SessionTui.Core;

/// <summary>
/// Geometry of the card grid for a terminal size: one header row, one footer row, and the rest shared by cards.
/// </summary>
/// <param name="Columns">Cards per row (1 at 79 columns or fewer, 2 at 80, 3 at 120, 5 at 200).</param>
/// <param name="Rows">Card rows per page.</param>
/// <param name="CardWidth">Width of a card in cells (the last column takes the remainder).</param>
/// <param name="CardHeight">Height of a card in rows, borders included (the last row takes the remainder).</param>
public sealed record GridLayout(int Columns, int Rows, int CardWidth, int CardHeight)
{
    /// <summary>Narrowest card, borders included, in cells.</summary>
    public const int MinCardWidth = 40;

    /// <summary>Shortest card, borders included, in rows: border, title, meta, at least five preview lines, border.</summary>
    public const int MinCardHeight = 9;

    /// <summary>Rows taken by the header and the footer.</summary>
    public const int Chrome = 2;

    /// <summary>Cards on one page.</summary>
    public int PerPage => Columns * Rows;

    /// <summary>The layout for a terminal of <paramref name="width"/> x <paramref name="height"/> cells.</summary>
    public static GridLayout For(int width, int height)
    {
        var columns = Math.Max(1, width / MinCardWidth);
        var available = Math.Max(1, height - Chrome);
        var rows = Math.Max(1, available / MinCardHeight);
        return new GridLayout(columns, rows, Math.Max(1, width / columns), Math.Max(1, available / rows));
    }
}
