using System.Globalization;
using SessionTui.Core;
using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>The card grid, the zoomed card, and the messages shown instead of cards.</summary>
internal static class GridView
{
    /// <summary>Draws the current page of cards in <paramref name="area"/> (the rows between header and footer) with the
    /// columns and page size of <see cref="WallState.Layout"/>, so what navigation counts is what is drawn. A page that
    /// fills fewer rows than the layout has (the last or only page) shares the height among the rows it uses: same
    /// columns, taller cards. Free cells of the page show the servers that are down.</summary>
    public static void Grid(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        var visible = state.VisibleCards();
        if (visible.Count == 0)
        {
            Empty(canvas, area, state, theme);
            return;
        }

        var page = state.PageCards();
        var down = DownServers(state).Take(Math.Max(0, state.Layout.PerPage - page.Count)).ToList();
        var layout = Stretch(state.Layout, area, page.Count + down.Count);
        var selected = state.SelectedCard()?.Key;
        for (var i = 0; i < page.Count; i++)
        {
            CardView.Draw(canvas, Cell(layout, area, i), page[i], page[i].Key == selected, state, theme);
        }

        for (var i = 0; i < down.Count; i++)
        {
            ServerDownCard(canvas, Cell(layout, area, page.Count + i), down[i], theme);
        }
    }

    /// <summary>Draws the selected card over the whole <paramref name="area"/>.</summary>
    public static void Zoom(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        var page = state.PageCards();
        if (page.Count == 0)
        {
            Empty(canvas, area, state, theme);
            return;
        }

        CardView.Draw(canvas, area, page[0], selected: true, state, theme);
    }

    /// <summary>Lines centred in <paramref name="area"/>, each cropped with <c>…</c> to its width.</summary>
    public static void Centered(Canvas canvas, Rect area, IReadOnlyList<List<Piece>> lines)
    {
        var top = area.Y + Math.Max(0, (area.Height - lines.Count) / 2);
        for (var i = 0; i < lines.Count && top + i < area.Bottom; i++)
        {
            var width = Math.Min(Piece.Width(lines[i]), area.Width);
            Piece.Write(canvas, area.X + ((area.Width - width) / 2), top + i, lines[i], width);
        }
    }

    /// <summary><paramref name="layout"/> with only the rows that <paramref name="cells"/> cells need, sharing the height.</summary>
    private static GridLayout Stretch(GridLayout layout, Rect area, int cells)
    {
        var rows = Math.Clamp((cells + layout.Columns - 1) / layout.Columns, 1, layout.Rows);
        return rows == layout.Rows ? layout : layout with { Rows = rows, CardHeight = Math.Max(1, area.Height / rows) };
    }

    /// <summary>The rectangle of grid cell <paramref name="index"/>: the last column and row take the remainder.</summary>
    private static Rect Cell(GridLayout layout, Rect area, int index)
    {
        var column = index % layout.Columns;
        var row = index / layout.Columns;
        var x = area.X + (column * layout.CardWidth);
        var y = area.Y + (row * layout.CardHeight);
        var width = column == layout.Columns - 1 ? area.Right - x : layout.CardWidth;
        var height = row == layout.Rows - 1 ? area.Bottom - y : layout.CardHeight;
        return new Rect(x, y, Math.Max(0, width), Math.Max(0, height));
    }

    private static IEnumerable<ServerHealth> DownServers(WallState state) =>
        state.Servers.Select(s => state.Health.TryGetValue(s, out var h) ? h : null).OfType<ServerHealth>().Where(h => h.Problem is not null);

    private static void ServerDownCard(Canvas canvas, Rect area, ServerHealth health, Theme theme)
    {
        if (area.Width < 6 || area.Height < 3)
        {
            return;
        }

        var error = theme[ThemeSlots.Error];
        canvas.Fill(area, Style.Plain);
        canvas.Box(area, BoxBorder.Rounded, error);
        canvas.WriteEllipsis(area.X + 2, area.Y, " tmux server " + Chrome.Safe(health.Server.Label) + " ", error, area.Width - 4);
        var inner = area.Inset(2, 1);
        var lines = Piece.Wrap(Chrome.Safe(health.Problem ?? ""), inner.Width);
        lines.Add("retrying in " + Chrome.Seconds(health.RetryIn));
        for (var i = 0; i < lines.Count && i < inner.Height; i++)
        {
            canvas.WriteEllipsis(inner.X, inner.Y + i, lines[i], i < lines.Count - 1 ? error : theme[ThemeSlots.CardMeta], inner.Width);
        }
    }

    /// <summary>No card to show: a filter that matches nothing, no server answering yet, or servers without sessions.</summary>
    private static void Empty(Canvas canvas, Rect area, WallState state, Theme theme)
    {
        var text = theme[ThemeSlots.CardTitle];
        var meta = theme[ThemeSlots.CardMeta];
        var error = theme[ThemeSlots.Error];
        var lines = new List<List<Piece>>();
        var down = DownServers(state).ToList();
        if (state.Cards.Length > 0 && state.Filter.Length > 0)
        {
            lines.Add([new("No session matches \"" + Chrome.Safe(state.Filter) + "\".", text)]);
            lines.Add([new("Esc clears the filter.", meta)]);
        }
        else if (state.Answered.IsEmpty && down.Count == 0)
        {
            lines.Add([new("Connecting to tmux…", meta)]);
        }
        else
        {
            var up = state.Servers.Where(s => state.Answered.Contains(s)).ToList();
            if (up.Count > 0)
            {
                lines.Add([new("No tmux sessions on " + string.Join(", ", up.Select(s => Chrome.Safe(s.Label))) + ".", text)]);
                lines.Add([new("Start one with: " + NewSessionCommand(up[0]), meta)]);
            }

            foreach (var health in down)
            {
                if (lines.Count > 0)
                {
                    lines.Add([]);
                }

                lines.Add([new($"No tmux server on {Chrome.Safe(health.Server.Label)} ({Chrome.Safe(health.Server.SocketPath)}).", error)]);
                lines.Add([new(Chrome.Safe(health.Problem ?? ""), meta)]);
                lines.Add([new($"Retrying in {Chrome.Seconds(health.RetryIn)} · start one with: {NewSessionCommand(health.Server)}", meta)]);
            }
        }

        Centered(canvas, area, lines);
    }

    /// <summary>The command that starts a session on <paramref name="server"/>, socket flags as the user gave them.</summary>
    private static string NewSessionCommand(ServerRef server)
    {
        var flags = server.Label == "default" || server.SocketArgs.Count == 0
            ? ""
            : string.Join(" ", server.SocketArgs.Select(Chrome.Safe)) + " ";
        return "tmux " + flags + "new -s work";
    }
}

/// <summary>One session card.</summary>
internal static class CardView
{
    /// <summary>Draws <paramref name="card"/> in <paramref name="area"/>: border with the name as title on the left and the
    /// attached badge on the right (heavy border when selected), the meta line with the state badge right-aligned, then
    /// the capture's last non-empty lines, cropped.</summary>
    public static void Draw(Canvas canvas, Rect area, Card card, bool selected, WallState state, Theme theme)
    {
        if (area.Width < 4 || area.Height < 2)
        {
            return;
        }

        var borderStyle = theme[selected ? ThemeSlots.CardBorderSelected : ThemeSlots.CardBorder];
        canvas.Fill(area, Style.Plain);
        canvas.Box(area, selected ? BoxBorder.Heavy : BoxBorder.Rounded, borderStyle);
        var attached = card.AttachedClients switch
        {
            0 => "",
            1 => " attached ",
            _ => " attached " + card.AttachedClients.ToString(CultureInfo.InvariantCulture) + " ",
        };
        var attachedWidth = area.Width - 6 - CellWidth.Of(attached) >= 8 ? CellWidth.Of(attached) : 0;
        if (attachedWidth > 0)
        {
            canvas.Write(area.Right - 2 - attachedWidth, area.Y, attached, theme[ThemeSlots.StateAttached], attachedWidth);
        }

        if (area.Width >= 7)
        {
            var room = area.Width - 6 - (attachedWidth > 0 ? attachedWidth + 1 : 0);
            canvas.Write(area.X + 2, area.Y, " ", borderStyle, 1);
            var used = canvas.WriteEllipsis(area.X + 3, area.Y, Chrome.Safe(card.Name), theme[ThemeSlots.CardTitle], room);
            canvas.Write(area.X + 3 + used, area.Y, " ", borderStyle, 1);
        }

        var inner = area.Inset(2, 1);
        if (inner.Height < 1 || inner.Width < 1)
        {
            return;
        }

        MetaLine(canvas, inner, card, state, theme);
        var preview = new Rect(inner.X, inner.Y + 1, inner.Width, inner.Height - 1);
        if (card.Capture is null)
        {
            canvas.Write(preview.X, preview.Y, "…", theme[ThemeSlots.CardMeta], preview.Width);
            return;
        }

        Screen(canvas, preview, card.Capture, theme);
    }

    /// <summary>Draws the last non-empty lines of a captured screen that fit in <paramref name="area"/>, top-aligned,
    /// each parsed for SGR and cropped (never wrapped). Blank lines between text lines are kept.</summary>
    public static void Screen(Canvas canvas, Rect area, string screen, Theme theme)
    {
        if (area.Height <= 0)
        {
            return;
        }

        var preview = theme[ThemeSlots.CardPreview];
        var lines = LastLines(screen, area.Height);
        for (var i = 0; i < lines.Count; i++)
        {
            canvas.Write(area.X, area.Y + i, AnsiText.ParseSegments(lines[i], preview, !theme.Monochrome), area.Width);
        }
    }

    /// <summary>The last <paramref name="count"/> lines of <paramref name="screen"/> (lines end at <c>\n</c>) after
    /// dropping trailing blank lines and folding each run of blank lines into one (a pane's empty middle, e.g. above
    /// tmux's "Pane is dead" line, would otherwise fill a small card), scanning from the end so a long capture is not
    /// split whole.</summary>
    private static List<string> LastLines(string screen, int count)
    {
        var lines = new List<string>();
        var end = screen.Length;
        var previousBlank = true;
        while (lines.Count < count)
        {
            var start = end > 0 ? screen.LastIndexOf('\n', end - 1) : -1;
            var line = screen[(start + 1)..end];
            var blank = IsBlank(line);
            if (!blank || !previousBlank)
            {
                lines.Add(line);
            }

            previousBlank = blank;

            if (start < 0)
            {
                break;
            }

            end = start;
        }

        lines.Reverse();
        return lines;
    }

    private static bool IsBlank(string line) =>
        string.IsNullOrWhiteSpace(line) || TextSanitizer.Sanitize(line).Trim().Length == 0;

    private static void MetaLine(Canvas canvas, Rect inner, Card card, WallState state, Theme theme)
    {
        var badge = Glyph(card) + " " + Chrome.Safe(card.Badge);
        var badgeWidth = Math.Min(CellWidth.Of(badge), inner.Width);
        canvas.WriteEllipsis(inner.Right - badgeWidth, inner.Y, badge, theme[StateSlot(card.State)], badgeWidth);

        var meta = Chrome.Safe(card.Command) + " · " + card.Age + (state.ShowServer ? " · " + Chrome.Safe(card.Server.Label) : "");
        var room = inner.Width - badgeWidth - 2;
        if (room > 0)
        {
            canvas.WriteEllipsis(inner.X, inner.Y, meta, theme[ThemeSlots.CardMeta], room);
        }
    }

    /// <summary>A glyph that tells the state without colour.</summary>
    private static string Glyph(Card card) => card.State switch
    {
        CardState.Running => "●",
        CardState.Waiting => "◆",
        CardState.Idle => "○",
        CardState.Exited when card.Badge == "exited 0" => "✓",
        _ => "✗",
    };

    private static string StateSlot(CardState state) => state switch
    {
        CardState.Running => ThemeSlots.StateRunning,
        CardState.Waiting => ThemeSlots.StateWaiting,
        CardState.Idle => ThemeSlots.StateIdle,
        CardState.Exited => ThemeSlots.StateExited,
        _ => ThemeSlots.StateDead,
    };
}
