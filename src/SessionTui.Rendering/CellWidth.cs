using Spectre.Console.Rendering;

namespace SessionTui.Rendering;

/// <summary>
/// Terminal cell widths exactly as Spectre.Console 0.49.1 measures them (<see cref="Segment.CellCount()"/>: a wcwidth
/// table applied per UTF-16 code unit, so a surrogate pair counts 2). After <see cref="TextSanitizer.Sanitize"/> the only
/// astral characters left are East Asian Wide ones, for which 2 is also what terminals use; wide CJK and emoji count 2,
/// combining marks 0.
/// </summary>
public static class CellWidth
{
    /// <summary>Widths by code unit, 256 per page, measured through Spectre on first use of a page: a memo of a pure
    /// function (every thread would store the same values), so sharing it between threads and tests is safe.</summary>
    private static readonly sbyte[]?[] Pages = new sbyte[]?[256];

    /// <summary>Width of <paramref name="text"/> in cells. Control characters count 0 (Spectre counts them -1: sanitize
    /// pane text first).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = 0;
        for (var i = 0; i < text.Length; i++)
        {
            width += Of(text[i]);
        }

        return width;
    }

    /// <summary>Width of one UTF-16 code unit in cells, as Spectre counts it: 0, 1 or 2 (each surrogate half counts 1;
    /// controls and U+FFFF, which Spectre 0.49.1 cannot measure, count 0).</summary>
    public static int Of(char c)
    {
        if (c is >= ' ' and < '\u007f')
        {
            return 1;
        }

        var page = Volatile.Read(ref Pages[c >> 8]) ?? LoadPage(c >> 8);
        return page[c & 0xff];
    }

    private static sbyte[] LoadPage(int index)
    {
        var page = new sbyte[256];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = (sbyte)Measure((char)((index << 8) | i));
        }

        Volatile.Write(ref Pages[index], page);
        return page;
    }

    private static int Measure(char c)
    {
        if (char.IsSurrogate(c))
        {
            return 1;
        }

        if (char.IsControl(c) || c == '\uffff')
        {
            return 0;
        }

        return Math.Clamp(new Segment(c.ToString()).CellCount(), 0, 2);
    }

    /// <summary>The unit of text at <paramref name="index"/>: a surrogate pair or one code unit, with its width in cells.</summary>
    internal static int UnitAt(string text, int index, out int width)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return 2;
        }

        width = Of(c);
        return 1;
    }
}
