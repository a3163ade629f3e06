using Terminal.Gui.Drawing;

namespace SessionTui.Ui.Styling;

/// <summary>
/// The 256 indexed colours of SGR <c>38;5;n</c> / <c>48;5;n</c> (and 30–37, 90–97, 40–47, 100–107) as RGB, because
/// Terminal.Gui writes every colour as true colour: 0–15 are xterm's default palette, 16–231 the 6×6×6 cube
/// (levels 0, 95, 135, 175, 215, 255), 232–255 the grey ramp 8 + 10·i (xterm's <c>256colres.pl</c>).
/// </summary>
public static class XtermPalette
{
    private static readonly Color[] Colors = Build();

    /// <summary>The RGB colour of palette entry <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not 0–255.</exception>
    public static Color Of(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 255);
        return Colors[index];
    }

    private static Color[] Build()
    {
        int[] basic =
        [
            0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
            0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
        ];
        var colors = new Color[256];
        for (var i = 0; i < 16; i++)
        {
            colors[i] = new Color((basic[i] >> 16) & 0xff, (basic[i] >> 8) & 0xff, basic[i] & 0xff);
        }

        int[] levels = [0, 95, 135, 175, 215, 255];
        for (var i = 0; i < 216; i++)
        {
            colors[16 + i] = new Color(levels[i / 36], levels[(i / 6) % 6], levels[i % 6]);
        }

        for (var i = 0; i < 24; i++)
        {
            var grey = 8 + (10 * i);
            colors[232 + i] = new Color(grey, grey, grey);
        }

        return colors;
    }
}
