using System.Drawing;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;

namespace SessionTui.Ui.Views;

/// <summary>Draws one line of a <see cref="ScrolledBox"/>: the line at <paramref name="index"/> of the content (already
/// scrolled), on <paramref name="row"/>.</summary>
internal delegate void ScrolledLine(ref RowWriter row, int index);

/// <summary>
/// The frame the full-screen readers share (a stored last screen, a run's detail, an iteration): a rounded box with a title,
/// the visible range (<c>12–40/95</c>) on the right edge when the content overflows, and either the content scrolled to a
/// line or one message centred in it (<c>loading…</c>, <c>The last screen was empty.</c>).
/// </summary>
internal static class ScrolledBox
{
    /// <summary>Draws the box over <paramref name="area"/>; an area too small for a frame is blanked.</summary>
    /// <param name="painter">Where to draw.</param>
    /// <param name="area">The box's cells.</param>
    /// <param name="border">The frame's style.</param>
    /// <param name="meta">The style of the range and the message.</param>
    /// <param name="title">The title's segments.</param>
    /// <param name="count">Lines of content.</param>
    /// <param name="scroll">The first line shown.</param>
    /// <param name="message">Shown centred instead of the content, or null.</param>
    /// <param name="line">Draws one line of content by its index.</param>
    public static void Draw(
        Painter painter, Rectangle area, Terminal.Gui.Drawing.Attribute border, Terminal.Gui.Drawing.Attribute meta,
        List<(string, Terminal.Gui.Drawing.Attribute)> title, int count, int scroll, string? message, ScrolledLine line)
    {
        if (area.Width < 6 || area.Height < 3)
        {
            painter.Fill(area, UiStyle.Plain.ToAttribute());
            return;
        }

        var inner = GridView.Inset(area, 2, 1);
        List<(string, Terminal.Gui.Drawing.Attribute)> right = [];
        if (message is null && count > inner.Height)
        {
            right = [($" {scroll + 1}–{Math.Min(count, scroll + inner.Height)}/{count} ", meta)];
        }

        GridView.Boxed(painter, area, BoxGlyphs.Rounded, border, title, right, (ref RowWriter row, int y) =>
        {
            var i = y - inner.Y;
            if (message is not null)
            {
                if (i == inner.Height / 2)
                {
                    row.FillTo(inner.X + Math.Max(0, (inner.Width - CellWidth.Of(message)) / 2), ' ', UiStyle.Plain.ToAttribute());
                    row.Text(message, meta);
                }
            }
            else if (scroll + i < count)
            {
                line(ref row, scroll + i);
            }
        });
    }
}
