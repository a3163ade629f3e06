using SessionTui.Core;
using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>Dialogs: the kill confirmation (over the dimmed screen under it) and the help overlay (over the whole body).</summary>
internal static class Overlays
{
    /// <summary>Dims what is already drawn in <paramref name="area"/>, so a dialog over it stands out.</summary>
    public static void Dim(Canvas canvas, Rect area) => canvas.Restyle(area, new Style(decoration: Decoration.Dim));

    /// <summary>The kill confirmation, centred with a blank margin around it: names exactly what dies, from
    /// <see cref="WallState.KillTarget"/> (not the selection, which may have moved).</summary>
    public static void Kill(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        if (state.KillTarget is not { } target)
        {
            return;
        }

        var dialog = theme[ThemeSlots.Dialog];
        var danger = dialog.Combine(theme[ThemeSlots.DialogDanger]);
        var key = dialog.Combine(theme[ThemeSlots.Key]);
        var name = Chrome.Safe(target.Name);
        var where = $" ({Chrome.Safe(target.SessionId)} on {Chrome.Safe(target.Server.Label)})?";
        var detail = $"pane {Chrome.Safe(target.PaneId)} · {Chrome.Safe(target.Command)} · pid {target.Pid}";
        var hints = new List<Piece>();
        foreach (var hint in KeyHints.For(state, WallMode.ConfirmKill, compact: false).Where(h => h.Label != "quit"))
        {
            if (hints.Count > 0)
            {
                hints.Add(new(" · ", dialog));
            }

            hints.Add(new(hint.Keys, key));
            hints.Add(new(" " + hint.Label, dialog));
        }

        var maxInner = Math.Max(1, area.Width - 8);
        var headWidth = CellWidth.Of("Kill session ") + CellWidth.Of(name) + CellWidth.Of(where);
        var inner = Math.Min(maxInner, Math.Max(Math.Max(headWidth, CellWidth.Of(detail)), Math.Max(Piece.Width(hints), 36)));
        var nameRoom = Math.Max(1, inner - CellWidth.Of("Kill session ") - CellWidth.Of(where));
        var box = area.Center(inner + 6, 8);
        canvas.Fill(new Rect(box.X - 1, box.Y - 1, box.Width + 2, box.Height + 2), Style.Plain);
        canvas.Fill(box, dialog);
        canvas.Box(box, BoxBorder.Double, dialog);
        canvas.Write(box.X + 2, box.Y, " Confirm kill ", danger, box.Width - 4);

        var x = box.X + 3;
        var width = box.Width - 6;
        var used = canvas.Write(x, box.Y + 2, "Kill session ", dialog, width);
        used += canvas.WriteEllipsis(x + used, box.Y + 2, name, danger, Math.Min(nameRoom, width - used));
        canvas.WriteEllipsis(x + used, box.Y + 2, where, dialog, width - used);
        canvas.WriteEllipsis(x, box.Y + 3, detail, dialog, width);
        Piece.Write(canvas, x, box.Y + 5, hints, width);
    }

    /// <summary>Every binding of <see cref="KeyMap.Bindings"/> over the whole <paramref name="area"/>, grouped by the modes
    /// it applies in, dangerous ones marked with <c>!</c>; flowed into as few columns as the height allows (two when the
    /// width has room for them), a group kept in one column when it fits one.</summary>
    public static void Help(Canvas canvas, Rect area, Theme theme)
    {
        if (area.Width < 8 || area.Height < 3)
        {
            return;
        }

        var dialog = theme[ThemeSlots.Dialog];
        var styles = new HelpStyles(
            dialog,
            dialog.Combine(theme[ThemeSlots.CardTitle]),
            dialog.Combine(theme[ThemeSlots.Key]),
            dialog.Combine(theme[ThemeSlots.DialogDanger]),
            dialog.Combine(theme[ThemeSlots.CardMeta]));
        canvas.Fill(area, dialog);
        canvas.Box(area, BoxBorder.Rounded, dialog);
        canvas.Write(area.X + 2, area.Y, " Keys ", styles.Heading, area.Width - 4);

        var inner = area.Inset(3, 1);
        var groups = Groups();
        var keyWidth = KeyMap.Bindings.Max(b => CellWidth.Of(b.Keys));
        var natural = groups.Max(g => Math.Max(
            CellWidth.Of(g.Heading),
            g.Bindings.Select(b => 4 + keyWidth + CellWidth.Of(b.Description)).DefaultIfEmpty(0).Max()));
        List<List<List<Piece>>> columns = [];
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
        for (var c = 0; c < shown.Count; c++)
        {
            var x = left + (c * (columnWidth + 3));
            for (var r = 0; r < shown[c].Count && top + r < inner.Bottom; r++)
            {
                Piece.Write(canvas, x, top + r, shown[c][r], Math.Min(columnWidth, inner.Right - x));
            }
        }
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
    private static List<List<List<Piece>>> Balanced(List<HelpGroup> groups, int keyWidth, int width, int height, int count, HelpStyles styles)
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
    private static List<List<List<Piece>>> Flow(List<HelpGroup> groups, int keyWidth, int width, int height, bool blanks, HelpStyles styles)
    {
        var columns = new List<List<List<Piece>>> { new() };
        var descriptionWidth = Math.Max(1, width - keyWidth - 4);
        foreach (var group in groups)
        {
            var lines = new List<List<Piece>> { new() { new(group.Heading, group.Bindings.Count == 0 ? styles.Note : styles.Heading) } };
            foreach (var b in group.Bindings)
            {
                var wrapped = Piece.Wrap(b.Description, descriptionWidth);
                var description = b.Dangerous ? styles.Danger : styles.Text;
                lines.Add(
                [
                    new(b.Dangerous ? "! " : "  ", styles.Danger),
                    new(b.Keys.PadRight(keyWidth + 2), styles.Key),
                    new(wrapped[0], description),
                ]);
                lines.AddRange(wrapped.Skip(1).Select(w => new List<Piece> { new(new string(' ', keyWidth + 4), styles.Text), new(w, description) }));
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

        return all.Except(modes).Order().SequenceEqual(new[] { WallMode.Filter, WallMode.ConfirmKill }.Order())
            ? "all screens"
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
        _ => mode.ToString(),
    };

    private sealed record HelpGroup(string Heading, IReadOnlyList<WallMode> Modes, List<KeyBinding> Bindings);

    private sealed record HelpStyles(Style Text, Style Heading, Style Key, Style Danger, Style Note);
}
