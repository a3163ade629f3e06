using System.Globalization;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;

namespace SessionTui.Ui.Views;

/// <summary>Row 0 of every screen: title, counts and problems on the left; filter, sort and page on the right. When the
/// row is too narrow the least important items go first (sort, exited counts), never the title and the session count.</summary>
internal sealed class HeaderView(Theme theme) : StateView(post: null)
{
    private const string Separator = " · ";

    /// <inheritdoc />
    protected override object Projection(WallState state) => Content(state);

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state) => Draw(painter, state, theme);

    /// <summary>The header's text content, to tell whether it changed.</summary>
    internal static string Content(WallState state)
    {
        var (left, right) = Items(state, default, default);
        return string.Join("|", left.Select(i => i.Text)) + "#" + string.Join("|", right.Select(i => i.Text)) + "#" + state.Width.ToString(CultureInfo.InvariantCulture);
    }

    private static void Draw(Painter painter, WallState state, Theme theme)
    {
        var bar = theme[ThemeSlots.Header];
        var error = theme[ThemeSlots.Error].Over(bar);
        var (left, right) = Items(state, bar, error);
        while (TotalWidth(left, right) > painter.Width)
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

        var segs = new List<Seg> { new(" ", bar) };
        for (var i = 0; i < left.Count; i++)
        {
            segs.Add(new(i == 0 ? "" : i == 1 ? "  " : Separator, bar));
            segs.Add(new(left[i].Text, left[i].Style));
        }

        var rightText = right.Count == 0 ? "" : string.Join("  ", right.Select(i => i.Text)) + " ";
        var rightWidth = Math.Min(CellWidth.Of(rightText), Math.Max(0, painter.Width - 12));
        var leftRoom = painter.Width - rightWidth - (rightWidth > 0 ? 1 : 0);
        var row = painter.Row(0, 0, painter.Width);
        foreach (var seg in segs)
        {
            row.TextEllipsis(seg.Text, seg.Style.ToAttribute(), leftRoom - row.X);
        }

        row.FillTo(painter.Width - rightWidth, ' ', bar.ToAttribute());
        row.TextEllipsis(rightText, bar.ToAttribute(), rightWidth);
        row.FillRest(' ', bar.ToAttribute());
    }

    private static (List<Item> Left, List<Item> Right) Items(WallState state, UiStyle bar, UiStyle error)
    {
        var history = state.InHistory;
        var left = new List<Item> { new("SessionTui", UiStyle.Of(TextStyle.Bold).Over(bar), 10) };
        left.AddRange(history ? HistoryCounts(state, bar) : Counts(state, bar));
        var problems = state.ShownProblems();
        if (problems.Count > 0)
        {
            var word = problems.All(p => p.NoServer) ? "no server on " : "server ";
            left.Add(new(problems.Count == 1 ? word + Seg.Safe(problems[0].Server.Label) + (problems[0].NoServer ? "" : " down") : $"{problems.Count} servers down", error, 6));
        }

        if (state.StoreProblem is not null)
        {
            left.Add(new("history off", error, 4));
        }

        var right = history ? HistoryPosition(state, bar) : Position(state, bar);
        return (left, right);
    }

    /// <summary>The states the header counts, in order, with their word and priority (the lowest is dropped first).</summary>
    private static readonly (AgentState State, string Word, int Priority)[] Counted =
    [
        (AgentState.Working, "working", 5),
        (AgentState.Waiting, "waiting", 8),
        (AgentState.RateLimited, "limited", 7),
        (AgentState.AuthFailed, "auth failed", 8),
        (AgentState.ContextLimit, "context limit", 7),
        (AgentState.Stuck, "stuck", 7),
        (AgentState.Idle, "idle", 2),
        (AgentState.Exited, "exited", 3),
        (AgentState.Dead, "dead", 3),
    ];

    private static IEnumerable<Item> Counts(WallState state, UiStyle bar)
    {
        var total = state.Cards.Length;
        var visible = state.Filter.Length > 0 ? state.VisibleCards().Count : total;
        yield return new((visible == total ? "" : visible.ToString(CultureInfo.InvariantCulture) + " of ") + Plural(total, "session"), bar, 9);
        foreach (var (agentState, what, priority) in Counted)
        {
            var count = state.Cards.Count(c => c.State == agentState);
            if (count > 0)
            {
                yield return new(count.ToString(CultureInfo.InvariantCulture) + " " + what, bar, priority);
            }
        }
    }

    private static IEnumerable<Item> HistoryCounts(WallState state, UiStyle bar)
    {
        yield return RunsShown(state)
            ? new("history" + Separator + Plural(state.RunHistory.Length, "run"), bar, 9)
            : new("history" + Separator + Plural(state.History.Length, "session"), bar, 9);
    }

    /// <summary>Whether the history screen shows runs (the runs list or a run, also under help).</summary>
    private static bool RunsShown(WallState state) =>
        (state.Mode == WallMode.Help ? state.Underneath : state.Mode) is WallMode.Runs or WallMode.RunDetail or WallMode.IterationDetail;

    private static List<Item> HistoryPosition(WallState state, UiStyle bar)
    {
        var (count, selected) = RunsShown(state) ? (state.RunHistory.Length, state.RunSelected) : (state.History.Length, state.HistorySelected);
        return count == 0 ? [] : [new($"{Math.Clamp(selected, 0, count - 1) + 1}/{count}", bar, 7)];
    }

    private static List<Item> Position(WallState state, UiStyle bar)
    {
        var items = new List<Item>();
        if (state.Filter.Length > 0)
        {
            items.Add(new("filter: " + Seg.Safe(state.Filter), bar, 6));
        }

        items.Add(new("sort: " + SortName(state.Sort), bar, 1));
        var visible = state.VisibleCards();
        var index = state.SelectedIndex(visible);
        if (state.Zoomed && index >= 0)
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

    private static int TotalWidth(List<Item> left, List<Item> right) =>
        1 + left.Sum(i => CellWidth.Of(i.Text)) + (left.Count > 1 ? 2 + (Separator.Length * (left.Count - 2)) : 0)
        + (right.Count > 0 ? 1 + CellWidth.Of(string.Join("  ", right.Select(i => i.Text))) + 1 : 0);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static string SortName(SortOrder order) => order switch
    {
        SortOrder.LastActivity => "activity",
        SortOrder.Created => "created",
        SortOrder.Urgency => "urgency",
        _ => "name",
    };

    /// <summary>A header item; the lowest <paramref name="Priority"/> is dropped first when the row is too narrow.</summary>
    private sealed record Item(string Text, UiStyle Style, int Priority);
}

/// <summary>The last row: in filter mode the <c>/</c> prompt (the text field sits beside it) and the filter keys; else the
/// status (or the history problem) on the left and the mode's key hints on the right, all generated from the key map.</summary>
internal sealed class FooterView(Theme theme) : StateView(post: null)
{
    /// <summary>Cells before the filter text field: <c> / </c>.</summary>
    public const int FilterPrompt = 3;

    /// <summary>Cells the hints take at the right end in <paramref name="state"/> (the filter field stops before them).</summary>
    public static int HintsWidth(WallState state, int width) =>
        Seg.Width(Fit(KeyHints.For(state, state.Mode, compact: true), width / 2, default, default));

    /// <inheritdoc />
    protected override object Projection(WallState state) => Key(state);

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state) => Draw(painter, state, theme);

    private static string Key(WallState state) =>
        $"{state.Mode}|{state.Status}|{state.StoreProblem}|{state.Width}|{state.Filter.Length > 0}|{state.SelectedKey is null}|{state.SelectedCard()?.Run is null}|{state.RunDetail?.Iterations.IsEmpty != false}|{state.Cards.Any(c => c.NeedsYou)}";

    private static void Draw(Painter painter, WallState state, Theme theme)
    {
        var bar = theme[ThemeSlots.Footer];
        var key = theme[ThemeSlots.Key].Over(bar);
        var hints = KeyHints.For(state, state.Mode, compact: true);
        var row = painter.Row(0, 0, painter.Width);
        if (state.Mode == WallMode.Filter)
        {
            var filter = theme[ThemeSlots.Filter].Over(bar);
            var segs = Fit(hints, painter.Width / 2, bar, key);
            row.Text(" / ", filter.ToAttribute());
            row = painter.Row(painter.Width - Seg.Width(segs) - 1, 0, Seg.Width(segs) + 1);
            row.Text(" ", bar.ToAttribute());
            WriteSegs(ref row, segs);
            return;
        }

        var left = new List<Seg>();
        if (state.Status is not null)
        {
            left.Add(new(" " + Seg.Safe(state.Status), theme[ThemeSlots.Status].Over(bar)));
        }
        else if (state.StoreProblem is not null)
        {
            left.Add(new(" history off: " + Seg.Safe(state.StoreProblem), theme[ThemeSlots.Error].Over(bar)));
        }

        var leftWidth = Seg.Width(left);
        var available = painter.Width - (leftWidth > 0 ? leftWidth + 3 : 1) - 1;
        var pieces = Fit(hints, available, bar, key);
        var piecesWidth = Seg.Width(pieces);
        var hintsAt = leftWidth > 0 ? painter.Width - piecesWidth - 1 : 1;
        if (leftWidth > 0)
        {
            var room = painter.Width - (piecesWidth > 0 ? piecesWidth + 3 : 0);
            foreach (var seg in left)
            {
                row.TextEllipsis(seg.Text, seg.Style.ToAttribute(), room - row.X);
            }
        }

        if (piecesWidth > 0)
        {
            row.FillTo(hintsAt, ' ', bar.ToAttribute());
            WriteSegs(ref row, pieces);
        }

        row.FillRest(' ', bar.ToAttribute());
    }

    private static void WriteSegs(ref RowWriter row, List<Seg> segs)
    {
        foreach (var seg in segs)
        {
            row.TextEllipsis(seg.Text, seg.Style.ToAttribute());
        }
    }

    /// <summary>The hints that fit in <paramref name="room"/> cells: unpinned ones dropped from the end first.</summary>
    private static List<Seg> Fit(List<KeyHints.Hint> hints, int room, UiStyle bar, UiStyle key)
    {
        var kept = new List<KeyHints.Hint>(hints);
        while (kept.Count > 0 && Seg.Width(Segments(kept, bar, key)) > room)
        {
            var drop = kept.FindLastIndex(h => !h.Pinned);
            kept.RemoveAt(drop >= 0 ? drop : kept.Count - 1);
        }

        return Segments(kept, bar, key);
    }

    private static List<Seg> Segments(List<KeyHints.Hint> hints, UiStyle bar, UiStyle key)
    {
        var segs = new List<Seg>();
        foreach (var hint in hints)
        {
            if (segs.Count > 0)
            {
                segs.Add(new("  ", bar));
            }

            segs.Add(new(hint.Keys, key));
            segs.Add(new(" " + hint.Label, bar));
        }

        return segs;
    }
}
