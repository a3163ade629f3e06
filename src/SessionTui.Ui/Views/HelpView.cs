using System.Drawing;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;

namespace SessionTui.Ui.Views;

/// <summary>Every binding of <see cref="KeyMap.Bindings"/> over the whole body, grouped by the modes it applies in,
/// dangerous ones marked with <c>!</c>; flowed into as few columns as the height allows (two when the width has room for
/// them), a group kept in one column when it fits one. Generated from the same key map that binds the keys.</summary>
internal sealed class HelpView(Theme theme, Action<Msg> post) : StateView(post)
{
    private readonly Theme _theme = theme;

    /// <inheritdoc />
    /// <remarks>The content never changes: only the size does.</remarks>
    protected override object Projection(WallState state) => new Size(state.Width, state.Height);

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state) => Draw(painter, new Rectangle(0, 0, painter.Width, painter.Height));

    private void Draw(Painter painter, Rectangle area)
    {
        var dialog = _theme[ThemeSlots.Dialog];
        if (area.Width < 8 || area.Height < 3)
        {
            painter.Fill(area, dialog.ToAttribute());
            return;
        }

        var styles = new HelpStyles(
            dialog,
            _theme[ThemeSlots.CardTitle].Over(dialog),
            _theme[ThemeSlots.Key].Over(dialog),
            _theme[ThemeSlots.DialogDanger].Over(dialog),
            _theme[ThemeSlots.CardMeta].Over(dialog));
        var inner = GridView.Inset(area, 2, 1);
        var groups = Groups();
        var keyWidth = KeyMap.Bindings.Max(b => CellWidth.Of(b.Keys));
        var natural = groups.Max(g => Math.Max(
            CellWidth.Of(g.Heading),
            g.Bindings.Select(b => 4 + keyWidth + CellWidth.Of(b.Description)).DefaultIfEmpty(0).Max()));
        List<List<List<Seg>>> columns = [];
        var columnWidth = inner.Width;
        var fitting = Math.Clamp((inner.Width + 3) / (natural + 3), 1, 2);
        for (var count = fitting; count <= 4; count++)
        {
            columnWidth = Math.Max(1, Math.Min(natural, (inner.Width - (3 * (count - 1))) / count));
            columns = Balanced(groups, keyWidth, columnWidth, inner.Height, count, styles);
            if (columns.Count <= count)
            {
                break;
            }
        }

        var shown = columns.Take(4).ToList();
        var total = (shown.Count * columnWidth) + (3 * (shown.Count - 1));
        var left = inner.X + Math.Max(0, (inner.Width - total) / 2);
        var top = inner.Y + Math.Max(0, (inner.Height - shown.Max(c => c.Count)) / 2);
        var background = dialog.ToAttribute();
        var heading = _theme[ThemeSlots.CardTitle].Over(dialog).ToAttribute();
        GridView.Boxed(painter, area, BoxGlyphs.Rounded, background, [(" Keys ", heading)], [], (ref RowWriter row, int y) =>
        {
            var r = y - top;
            for (var c = 0; c < shown.Count; c++)
            {
                if (r < 0 || r >= shown[c].Count)
                {
                    continue;
                }

                var x = left + (c * (columnWidth + 3));
                row.FillTo(x, ' ', background);
                var end = Math.Min(x + columnWidth, inner.Right);
                foreach (var seg in shown[c][r])
                {
                    row.TextEllipsis(seg.Text, seg.Style.ToAttribute(), end - row.X);
                }
            }

            row.FillRest(' ', background);
        }, background);
    }

    private static List<HelpGroup> Groups()
    {
        var groups = new List<HelpGroup>();
        foreach (var binding in KeyMap.Bindings)
        {
            var group = groups.Find(g => g.Modes.Order().SequenceEqual(binding.Modes.Order()));
            if (group is null)
            {
                groups.Add(new HelpGroup(GroupName(binding.Modes), binding.Modes, [binding]));
            }
            else
            {
                group.Bindings.Add(binding);
            }
        }

        groups.Add(new HelpGroup("! destroys something; asks first", [], []));
        return groups;
    }

    /// <summary>The flow into at most <paramref name="count"/> columns with the shortest columns (blank lines between
    /// groups when they fit), or the flow at full <paramref name="height"/> without blanks when none fits.</summary>
    private static List<List<List<Seg>>> Balanced(List<HelpGroup> groups, int keyWidth, int width, int height, int count, HelpStyles styles)
    {
        foreach (var blanks in new[] { true, false })
        {
            var lines = Flow(groups, keyWidth, width, int.MaxValue, blanks, styles)[0].Count;
            for (var target = Math.Max(1, lines / count); target <= height; target++)
            {
                var columns = Flow(groups, keyWidth, width, target, blanks, styles);
                if (columns.Count <= count)
                {
                    return columns;
                }
            }
        }

        return Flow(groups, keyWidth, width, height, blanks: false, styles);
    }

    /// <summary>Lays the groups out in columns of <paramref name="height"/> lines: a group moves to the next column when it
    /// fits there whole, descriptions wrap under themselves, a column never ends with a heading.</summary>
    private static List<List<List<Seg>>> Flow(List<HelpGroup> groups, int keyWidth, int width, int height, bool blanks, HelpStyles styles)
    {
        var columns = new List<List<List<Seg>>> { new() };
        var descriptionWidth = Math.Max(1, width - keyWidth - 4);
        foreach (var group in groups)
        {
            var lines = new List<List<Seg>> { new() { new(group.Heading, group.Bindings.Count == 0 ? styles.Note : styles.Heading) } };
            foreach (var b in group.Bindings)
            {
                var wrapped = Seg.Wrap(b.Description, descriptionWidth);
                var description = b.Dangerous ? styles.Danger : styles.Text;
                lines.Add(
                [
                    new(b.Dangerous ? "! " : "  ", styles.Danger),
                    new(b.Keys.PadRight(keyWidth + 2), styles.Key),
                    new(wrapped[0], description),
                ]);
                lines.AddRange(wrapped.Skip(1).Select(w => new List<Seg> { new(new string(' ', keyWidth + 4), styles.Text), new(w, description) }));
            }

            var column = columns[^1];
            var blank = blanks && column.Count > 0 ? 1 : 0;
            if (column.Count > 0 && column.Count + blank + lines.Count > height && lines.Count <= height)
            {
                column = [];
                columns.Add(column);
                blank = 0;
            }

            if (blank > 0)
            {
                column.Add([]);
            }

            for (var i = 0; i < lines.Count; i++)
            {
                var headingLast = i == 0 && lines.Count > 1 && column.Count == height - 1;
                if (column.Count >= height || headingLast)
                {
                    column = [];
                    columns.Add(column);
                }

                column.Add(lines[i]);
            }
        }

        return columns;
    }

    private static string GroupName(IReadOnlyList<WallMode> modes)
    {
        var all = Enum.GetValues<WallMode>();
        if (modes.Count == all.Length)
        {
            return "everywhere";
        }

        var dialogs = new[] { WallMode.Filter, WallMode.ConfirmKill, WallMode.Launch };
        var left = all.Except(modes).Order().ToList();
        if (left.SequenceEqual(dialogs.Order()))
        {
            return "all screens";
        }

        return left.SequenceEqual(dialogs.Append(WallMode.Help).Order())
            ? "all screens but help"
            : string.Join(" · ", modes.Select(ModeName));
    }

    private static string ModeName(WallMode mode) => mode switch
    {
        WallMode.Grid => "grid",
        WallMode.Zoom => "zoom",
        WallMode.Filter => "filter",
        WallMode.ConfirmKill => "kill dialog",
        WallMode.Help => "help",
        WallMode.History => "history",
        WallMode.HistoryDetail => "last screen",
        WallMode.Launch => "launch form",
        WallMode.Runs => "runs",
        WallMode.RunDetail => "run",
        WallMode.IterationDetail => "iteration",
        _ => mode.ToString(),
    };

    private sealed record HelpGroup(string Heading, IReadOnlyList<WallMode> Modes, List<KeyBinding> Bindings);

    private sealed record HelpStyles(UiStyle Text, UiStyle Heading, UiStyle Key, UiStyle Danger, UiStyle Note);
}
