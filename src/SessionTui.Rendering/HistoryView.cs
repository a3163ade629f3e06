using System.Globalization;
using SessionTui.Core;
using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>The history list and one history row's last screen.</summary>
internal static class HistoryView
{
    private const int Gap = 2;
    private const int Marker = 2;

    /// <summary>A table of <see cref="WallState.History"/> (newest first, as loaded): the selected row highlighted, scrolled
    /// so it stays visible; columns that do not fit are left out (created first, then server, last seen, command).</summary>
    public static void List(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        if (area.Height <= 0)
        {
            return;
        }

        if (state.History.IsEmpty)
        {
            GridView.Centered(canvas, area, [[new("No sessions in history yet.", theme[ThemeSlots.CardMeta])]]);
            return;
        }

        var columns = Fit(state.History, area.Width);
        var heading = theme[ThemeSlots.CardTitle].Combine(new Style(decoration: Decoration.Underline));
        var x = area.X + Marker;
        foreach (var column in columns)
        {
            canvas.WriteEllipsis(x, area.Y, column.Title, heading, column.Width);
            x += column.Width + Gap;
        }

        var rows = area.Height - 1;
        var selected = Math.Clamp(state.HistorySelected, 0, state.History.Length - 1);
        var first = selected < rows ? 0 : selected - rows + 1;
        for (var r = 0; r < rows && first + r < state.History.Length; r++)
        {
            var entry = state.History[first + r];
            var y = area.Y + 1 + r;
            var isSelected = first + r == selected;
            var selection = theme[ThemeSlots.Selection];
            if (isSelected)
            {
                canvas.Fill(new Rect(area.X, y, area.Width, 1), selection);
                canvas.Write(area.X, y, "›", selection, 1);
            }

            x = area.X + Marker;
            foreach (var column in columns)
            {
                var style = column.Style(entry, theme);
                canvas.WriteEllipsis(x, y, column.Value(entry), isSelected ? selection.Combine(style).Combine(selection) : style, column.Width);
                x += column.Width + Gap;
            }
        }
    }

    /// <summary>The stored last screen of the selected row, framed, titled with what it was; <c>loading…</c> until
    /// <see cref="WallState.HistoryScreen"/> arrives.</summary>
    public static void Detail(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        if (area.Width < 4 || area.Height < 3)
        {
            return;
        }

        var border = theme[ThemeSlots.CardBorderSelected];
        canvas.Box(area, BoxBorder.Rounded, border);
        if (state.HistorySelected >= 0 && state.HistorySelected < state.History.Length)
        {
            var entry = state.History[state.HistorySelected];
            var title = new List<Piece>
            {
                new(" ", border),
                new(Chrome.Safe(entry.Name), theme[ThemeSlots.CardTitle]),
                new($" · {Chrome.Safe(entry.Server)} · {Ended(entry)} · last seen {Time(entry.LastSeen)} ", theme[ThemeSlots.CardMeta]),
            };
            Piece.Write(canvas, area.X + 2, area.Y, title, area.Width - 4);
        }

        var inner = area.Inset(2, 1);
        var meta = theme[ThemeSlots.CardMeta];
        if (state.HistoryScreen is null)
        {
            GridView.Centered(canvas, inner, [[new("loading…", meta)]]);
        }
        else if (state.HistoryScreen.Trim().Length == 0)
        {
            GridView.Centered(canvas, inner, [[new("The last screen was empty.", meta)]]);
        }
        else
        {
            CardView.Screen(canvas, inner, state.HistoryScreen, theme);
        }
    }

    /// <summary>How a session ended, as the history shows it.</summary>
    public static string Ended(HistoryEntry entry) => entry.EndReason switch
    {
        EndReason.KilledFromWall => "killed (wall)",
        EndReason.KilledFromCli => "killed (cli)",
        EndReason.Exited when entry.ExitStatus is { } status => "exited " + status.ToString(CultureInfo.InvariantCulture),
        EndReason.Exited => "exited",
        EndReason.Vanished => "vanished",
        _ => "alive",
    };

    /// <summary>A UTC time as <c>2026-11-21 15:04Z</c>: deterministic whatever the machine's zone.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    private static List<Column> Fit(IReadOnlyList<HistoryEntry> entries, int width)
    {
        var nameWidth = Math.Clamp(entries.Max(e => CellWidth.Of(Chrome.Safe(e.Name))), 10, 28);
        var serverWidth = Math.Clamp(entries.Max(e => CellWidth.Of(Chrome.Safe(e.Server))), 6, 16);
        var all = new List<Column>
        {
            new("name", nameWidth, 0, e => Chrome.Safe(e.Name), (_, t) => t[ThemeSlots.CardTitle]),
            new("server", serverWidth, 2, e => Chrome.Safe(e.Server), (_, t) => t[ThemeSlots.CardMeta]),
            new("created", 17, 1, e => Time(e.Created), (_, t) => t[ThemeSlots.CardMeta]),
            new("ended", 13, 5, Ended, EndStyle),
            new("last seen", 17, 3, e => Time(e.LastSeen), (_, t) => t[ThemeSlots.CardMeta]),
            new("command", 10, 4, e => Chrome.Safe(e.Command ?? ""), (_, t) => t[ThemeSlots.CardPreview]),
        };

        var kept = new List<Column>(all);
        while (kept.Count > 1 && Marker + kept.Sum(c => c.Width) + (Gap * (kept.Count - 1)) > width)
        {
            kept.Remove(kept.Where(c => c.Title != "name").MinBy(c => c.Priority)!);
        }

        var spare = width - Marker - kept.Sum(c => c.Width) - (Gap * (kept.Count - 1));
        var last = kept.FindIndex(c => c.Title == "command");
        if (last < 0)
        {
            last = kept.Count - 1;
        }

        kept[last] = kept[last] with { Width = Math.Max(1, kept[last].Width + spare) };
        return kept;
    }

    private static Style EndStyle(HistoryEntry entry, Theme theme) => entry.EndReason switch
    {
        null => theme[ThemeSlots.StateRunning],
        EndReason.Exited when entry.ExitStatus == 0 => theme[ThemeSlots.StateIdle],
        EndReason.Exited => theme[ThemeSlots.StateExited],
        EndReason.Vanished => theme[ThemeSlots.StateIdle],
        _ => theme[ThemeSlots.StateDead],
    };

    private sealed record Column(string Title, int Width, int Priority, Func<HistoryEntry, string> Value, Func<HistoryEntry, Theme, Style> Style);
}
