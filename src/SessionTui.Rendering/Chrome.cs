using System.Globalization;
using SessionTui.Core;
using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>The header (top row) and footer (bottom row) of every screen.</summary>
internal static class Chrome
{
    private const string Separator = " · ";

    /// <summary>Row 0: title, counts and problems on the left; filter, sort and page on the right. When the row is too
    /// narrow the least important items go first (sort, exited counts), never the title and the session count.</summary>
    public static void Header(Canvas canvas, WallState state, Theme theme)
    {
        var bar = theme[ThemeSlots.Header];
        var error = bar.Combine(theme[ThemeSlots.Error]);
        canvas.Fill(new Rect(0, 0, canvas.Width, 1), bar);

        var history = state.Mode is WallMode.History or WallMode.HistoryDetail
            || (state.Mode == WallMode.Help && state.Underneath is WallMode.History or WallMode.HistoryDetail);
        var left = new List<Item> { new("SessionTui", bar.Combine(new Style(decoration: Decoration.Bold)), 10) };
        left.AddRange(history ? HistoryCounts(state, bar) : Counts(state, bar));
        var down = state.Servers.Where(s => state.Health.TryGetValue(s, out var h) && h.Problem is not null).ToList();
        if (down.Count > 0)
        {
            left.Add(new(down.Count == 1 ? $"server {Safe(down[0].Label)} down" : $"{down.Count} servers down", error, 6));
        }

        if (state.StoreProblem is not null)
        {
            left.Add(new("history off", error, 4));
        }

        var right = history ? HistoryPosition(state, bar) : Position(state, bar);
        while (Width(left, right) > canvas.Width)
        {
            var candidates = left.Skip(2).Concat(right).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var drop = candidates.MinBy(i => i.Priority)!;
            left.Remove(drop);
            right.Remove(drop);
        }

        var pieces = new List<Piece> { new(" ", bar) };
        for (var i = 0; i < left.Count; i++)
        {
            pieces.Add(new(i == 0 ? "" : i == 1 ? "  " : Separator, bar));
            pieces.Add(new(left[i].Text, left[i].Style));
        }

        var rightText = right.Count == 0 ? "" : string.Join("  ", right.Select(i => i.Text)) + " ";
        var rightWidth = Math.Min(CellWidth.Of(rightText), Math.Max(0, canvas.Width - 12));
        Piece.Write(canvas, 0, 0, pieces, canvas.Width - rightWidth - (rightWidth > 0 ? 1 : 0));
        canvas.WriteEllipsis(canvas.Width - rightWidth, 0, rightText, bar, rightWidth);
    }

    /// <summary>Last row: the filter prompt in filter mode; else the status (or the history problem) on the left and the
    /// mode's key hints on the right.</summary>
    public static void Footer(Canvas canvas, WallState state, Theme theme)
    {
        var y = canvas.Height - 1;
        var bar = theme[ThemeSlots.Footer];
        canvas.Fill(new Rect(0, y, canvas.Width, 1), bar);

        var left = new List<Piece>();
        if (state.Mode == WallMode.Filter)
        {
            var filter = bar.Combine(theme[ThemeSlots.Filter]);
            left.Add(new(" / ", filter));
            left.Add(new(Safe(state.Filter), bar));
            left.Add(new("▏", filter));
        }
        else if (state.Status is not null)
        {
            left.Add(new(" " + Safe(state.Status), bar.Combine(theme[ThemeSlots.Status])));
        }
        else if (state.StoreProblem is not null)
        {
            left.Add(new(" history off: " + Safe(state.StoreProblem), bar.Combine(theme[ThemeSlots.Error])));
        }

        var hints = KeyHints.For(state, state.Mode, compact: true);
        var leftWidth = Piece.Width(left);
        var room = canvas.Width - (leftWidth > 0 ? leftWidth + 3 : 1) - 1;
        var pieces = Fit(hints, room, bar, bar.Combine(theme[ThemeSlots.Key]));
        var hintsWidth = Piece.Width(pieces);
        if (leftWidth > 0)
        {
            Piece.Write(canvas, 0, y, left, canvas.Width - (hintsWidth > 0 ? hintsWidth + 3 : 0));
        }

        if (hintsWidth > 0)
        {
            var x = leftWidth > 0 ? canvas.Width - hintsWidth - 1 : 1;
            Piece.Write(canvas, x, y, pieces, canvas.Width - x);
        }
    }

    /// <summary>Untrusted text (names, commands, tmux errors) made safe to draw.</summary>
    public static string Safe(string text) => TextSanitizer.Sanitize(text);

    /// <summary>A duration as the footer and messages say it: <c>4s</c>, <c>2m</c>.</summary>
    public static string Seconds(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? Math.Ceiling(Math.Max(0, span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s"
        : Cards.Duration(span);

    /// <summary>The hints that fit in <paramref name="room"/> cells: unpinned ones dropped from the end first.</summary>
    private static List<Piece> Fit(List<KeyHints.Hint> hints, int room, Style bar, Style key)
    {
        var kept = new List<KeyHints.Hint>(hints);
        while (kept.Count > 0 && Piece.Width(Pieces(kept, bar, key)) > room)
        {
            var drop = kept.FindLastIndex(h => !h.Pinned);
            kept.RemoveAt(drop >= 0 ? drop : kept.Count - 1);
        }

        return Pieces(kept, bar, key);
    }

    private static List<Piece> Pieces(List<KeyHints.Hint> hints, Style bar, Style key)
    {
        var pieces = new List<Piece>();
        foreach (var hint in hints)
        {
            if (pieces.Count > 0)
            {
                pieces.Add(new("  ", bar));
            }

            pieces.Add(new(hint.Keys, key));
            pieces.Add(new(" " + hint.Label, bar));
        }

        return pieces;
    }

    private static IEnumerable<Item> Counts(WallState state, Style bar)
    {
        var total = state.Cards.Length;
        var visible = state.Filter.Length > 0 ? state.VisibleCards().Count : total;
        yield return new((visible == total ? "" : visible.ToString(CultureInfo.InvariantCulture) + " of ") + Plural(total, "session"), bar, 9);
        var counted = new[] { (CardState.Waiting, "waiting", 5), (CardState.Exited, "exited", 2), (CardState.Dead, "dead", 3) };
        foreach (var (cardState, what, priority) in counted)
        {
            var count = state.Cards.Count(c => c.State == cardState);
            if (count > 0)
            {
                yield return new(count.ToString(CultureInfo.InvariantCulture) + " " + what, bar, priority);
            }
        }
    }

    private static IEnumerable<Item> HistoryCounts(WallState state, Style bar)
    {
        yield return new("history" + Separator + Plural(state.History.Length, "session"), bar, 9);
    }

    private static List<Item> HistoryPosition(WallState state, Style bar) => state.History.IsEmpty
        ? []
        : [new($"{Math.Clamp(state.HistorySelected, 0, state.History.Length - 1) + 1}/{state.History.Length}", bar, 7)];

    private static List<Item> Position(WallState state, Style bar)
    {
        var items = new List<Item>();
        if (state.Filter.Length > 0)
        {
            items.Add(new("filter: " + Safe(state.Filter), bar, 6));
        }

        items.Add(new("sort: " + SortName(state.Sort), bar, 1));
        var visible = state.VisibleCards();
        var index = state.SelectedIndex(visible);
        var zoomed = state.Mode == WallMode.Zoom || (state.Mode is WallMode.ConfirmKill or WallMode.Help && state.Underneath == WallMode.Zoom);
        if (zoomed && index >= 0)
        {
            items.Add(new($"zoom {index + 1}/{visible.Count}", bar, 7));
        }
        else if (index >= 0)
        {
            var perPage = state.Layout.PerPage;
            var pages = (visible.Count + perPage - 1) / perPage;
            if (pages > 1)
            {
                items.Add(new($"p {(index / perPage) + 1}/{pages}", bar, 7));
            }
        }

        return items;
    }

    private static int Width(List<Item> left, List<Item> right) =>
        1 + left.Sum(i => CellWidth.Of(i.Text)) + (left.Count > 1 ? 2 + (Separator.Length * (left.Count - 2)) : 0)
        + (right.Count > 0 ? 1 + CellWidth.Of(string.Join("  ", right.Select(i => i.Text))) + 1 : 0);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static string SortName(SortOrder order) => order switch
    {
        SortOrder.LastActivity => "activity",
        SortOrder.Created => "created",
        _ => "name",
    };

    /// <summary>A header item; the lowest <paramref name="Priority"/> is dropped first when the row is too narrow.</summary>
    private sealed record Item(string Text, Style Style, int Priority);
}
