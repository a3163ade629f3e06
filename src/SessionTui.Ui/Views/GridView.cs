using System.Drawing;
using System.Globalization;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Input;

namespace SessionTui.Ui.Views;

/// <summary>
/// The card grid, the zoomed card, the cards of servers that are down and the messages shown instead of cards: one custom
/// view drawn from the immutable <see cref="WallState"/>. Every draw pass composes the whole body through a
/// <see cref="Painter"/>, so only cells that differ from the screen buffer reach the terminal; parsed previews are cached
/// per card by capture. Mouse: a click selects a card, a double click attaches, the wheel pages.
/// </summary>
internal sealed class GridView(Theme theme, Action<Msg> post) : StateView(post)
{
    private readonly Theme _theme = theme;
    private readonly Action<Msg> _post = post;
    private readonly Dictionary<string, ParsedPreview> _previews = new(StringComparer.Ordinal);

    /// <summary>Called after every draw pass with the time it took (ms) and the cells handed to Terminal.Gui.</summary>
    public Action<double, int>? Drawn { get; set; }

    /// <summary>The rectangles of the cards on screen, in viewport coordinates, with their keys (for the mouse).</summary>
    public static IReadOnlyList<(Rectangle Area, string Key)> CardAreas(WallState state, Size size)
    {
        var area = new Rectangle(Point.Empty, size);
        var page = state.PageCards();
        if (page.Count == 0)
        {
            return [];
        }

        if (state.Zoomed)
        {
            return [(area, page[0].Key)];
        }

        var down = state.ShownProblems().Take(Math.Max(0, state.Layout.PerPage - page.Count)).Count();
        var layout = Stretch(state.Layout, area, page.Count + down);
        return [.. page.Select((c, i) => (Cell(layout, area, i), c.Key))];
    }

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state)
    {
        var area = new Rectangle(0, 0, painter.Width, painter.Height);
        if (state.Zoomed)
        {
            Zoom(painter, area, state);
        }
        else
        {
            Grid(painter, area, state);
        }

        ForgetPreviews(state);
    }

    /// <inheritdoc />
    protected override void Painted(Painter painter, double elapsedMs) => Drawn?.Invoke(elapsedMs, painter.CellsWritten);

    /// <inheritdoc />
    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (State is not { } state || state.Mode is not (WallMode.Grid or WallMode.Zoom))
        {
            return false;
        }

        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown) || mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _post(new PageMove(mouse.Flags.HasFlag(MouseFlags.WheeledDown) ? 1 : -1));
            return true;
        }

        var clicked = mouse.Flags.HasFlag(MouseFlags.LeftButtonClicked);
        var doubled = mouse.Flags.HasFlag(MouseFlags.LeftButtonDoubleClicked);
        if ((!clicked && !doubled) || mouse.Position is not { } at)
        {
            return false;
        }

        foreach (var (cardArea, key) in CardAreas(state, Viewport.Size))
        {
            if (cardArea.Contains(at))
            {
                _post(new SelectCard(key));
                if (doubled)
                {
                    _post(new AttachRequested(false));
                }

                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    protected override object Projection(WallState s) =>
        (s.Cards, s.SelectedKey, s.Zoomed, s.Filter, s.Sort, s.Health, s.Answered, s.Width, s.Height, s.Implicit);

    private void Grid(Painter painter, Rectangle area, WallState state)
    {
        var visible = state.VisibleCards();
        if (visible.Count == 0)
        {
            Empty(painter, area, state);
            return;
        }

        var page = state.PageCards();
        var down = state.ShownProblems().Take(Math.Max(0, state.Layout.PerPage - page.Count)).ToList();
        var layout = Stretch(state.Layout, area, page.Count + down.Count);
        var selected = state.SelectedCard()?.Key;
        for (var i = 0; i < page.Count; i++)
        {
            DrawCard(painter, Cell(layout, area, i), page[i], page[i].Key == selected, state);
        }

        for (var i = 0; i < down.Count; i++)
        {
            ServerDownCard(painter, Cell(layout, area, page.Count + i), down[i]);
        }

        var used = page.Count + down.Count;
        for (var i = used; i < layout.Columns * layout.Rows; i++)
        {
            painter.Fill(Cell(layout, area, i), UiStyle.Plain.ToAttribute());
        }
    }

    private void Zoom(Painter painter, Rectangle area, WallState state)
    {
        var page = state.PageCards();
        if (page.Count == 0)
        {
            Empty(painter, area, state);
            return;
        }

        DrawCard(painter, area, page[0], selected: true, state);
    }

    /// <summary><paramref name="layout"/> with only the rows that <paramref name="cells"/> cells need, sharing the height.</summary>
    private static GridLayout Stretch(GridLayout layout, Rectangle area, int cells)
    {
        var rows = Math.Clamp((cells + layout.Columns - 1) / layout.Columns, 1, layout.Rows);
        return rows == layout.Rows ? layout : layout with { Rows = rows, CardHeight = Math.Max(1, area.Height / rows) };
    }

    /// <summary>The rectangle of grid cell <paramref name="index"/>: the last column and row take the remainder.</summary>
    private static Rectangle Cell(GridLayout layout, Rectangle area, int index)
    {
        var column = index % layout.Columns;
        var row = index / layout.Columns;
        var x = area.X + (column * layout.CardWidth);
        var y = area.Y + (row * layout.CardHeight);
        var width = column == layout.Columns - 1 ? area.Right - x : layout.CardWidth;
        var height = row == layout.Rows - 1 ? area.Bottom - y : layout.CardHeight;
        return new Rectangle(x, y, Math.Max(0, width), Math.Max(0, height));
    }

    private void ServerDownCard(Painter painter, Rectangle area, ServerHealth health)
    {
        if (area.Width < 6 || area.Height < 3)
        {
            painter.Fill(area, UiStyle.Plain.ToAttribute());
            return;
        }

        var error = _theme[ThemeSlots.Error].ToAttribute();
        var meta = _theme[ThemeSlots.CardMeta].ToAttribute();
        var inner = Inset(area, 2, 1);
        var lines = Seg.Wrap(Seg.Safe(health.Problem ?? ""), inner.Width).Select(l => (l, error)).ToList();
        lines.Add((Seg.Safe(health.Server.SocketPath), meta));
        lines.Add(("retrying in " + Seconds(health.RetryIn), meta));
        Boxed(painter, area, BoxGlyphs.Rounded, error, [(" tmux server " + Seg.Safe(health.Server.Label) + " ", error)], [], (ref RowWriter row, int y) =>
        {
            var i = y - inner.Y;
            if (i < lines.Count)
            {
                row.TextEllipsis(lines[i].Item1, lines[i].Item2);
            }
        });
    }

    /// <summary>Draws a frame over <paramref name="area"/>, each cell once: the top border carries
    /// <paramref name="title"/> after <c>─</c> on the left and <paramref name="right"/> before <c>─</c> on the right; each
    /// inner row is a border, a blank, what <paramref name="content"/> writes (the rest blank), a blank and a border.</summary>
    internal static void Boxed(
        Painter painter,
        Rectangle area,
        BoxGlyphs glyphs,
        Terminal.Gui.Drawing.Attribute border,
        IReadOnlyList<(string Text, Terminal.Gui.Drawing.Attribute Attr)> title,
        IReadOnlyList<(string Text, Terminal.Gui.Drawing.Attribute Attr)> right,
        RowContent content,
        Terminal.Gui.Drawing.Attribute? background = null)
    {
        var plain = background ?? UiStyle.Plain.ToAttribute();
        var top = painter.Row(area.X, area.Y, area.Width);
        top.Text(glyphs.TopLeft.ToString(), border);
        top.Text(glyphs.Horizontal.ToString(), border);
        var rightWidth = right.Sum(r => CellWidth.Of(r.Text));
        var titleRoom = Math.Max(0, area.Width - 4 - (rightWidth > 0 ? rightWidth + 1 : 0));
        foreach (var (text, attr) in title)
        {
            var room = titleRoom - (top.X - area.X - 2);
            if (room <= 0)
            {
                break;
            }

            top.TextEllipsis(text, attr, room);
        }

        top.FillTo(area.Right - 2 - rightWidth, glyphs.Horizontal, border);
        foreach (var (text, attr) in right)
        {
            top.Text(text, attr, area.Right - 2 - top.X);
        }

        top.FillTo(area.Right - 1, glyphs.Horizontal, border);
        top.Text(glyphs.TopRight.ToString(), border);
        for (var y = area.Y + 1; y < area.Bottom - 1; y++)
        {
            var row = painter.Row(area.X, y, area.Width);
            row.Text(glyphs.Vertical.ToString(), border);
            row.FillTo(area.X + 2, ' ', plain);
            var inner = painter.Row(area.X + 2, y, Math.Max(0, area.Width - 4));
            content(ref inner, y);
            inner.FillRest(' ', plain);
            row = painter.Row(inner.X, y, area.Right - inner.X);
            row.FillTo(area.Right - 1, ' ', plain);
            row.Text(glyphs.Vertical.ToString(), border);
        }

        var bottom = painter.Row(area.X, area.Bottom - 1, area.Width);
        bottom.Text(glyphs.BottomLeft.ToString(), border);
        bottom.FillTo(area.Right - 1, glyphs.Horizontal, border);
        bottom.Text(glyphs.BottomRight.ToString(), border);
    }

    /// <summary>No card to show: a filter that matches nothing, no server answering yet, or servers without sessions.</summary>
    private void Empty(Painter painter, Rectangle area, WallState state)
    {
        var text = _theme[ThemeSlots.CardTitle];
        var meta = _theme[ThemeSlots.CardMeta];
        var error = _theme[ThemeSlots.Error];
        var lines = new List<List<Seg>>();
        var problems = state.ShownProblems();
        var up = state.Servers.Where(s => state.Answered.Contains(s)).ToList();
        if (state.Cards.Length > 0 && state.Filter.Length > 0)
        {
            lines.Add([new("No session matches \"" + Seg.Safe(state.Filter) + "\".", text)]);
            lines.Add([new("Esc clears the filter.", meta)]);
        }
        else if (up.Count == 0 && problems.Count == 0 && !state.Servers.Any(state.IsAbsent))
        {
            lines.Add([new("Connecting to tmux…", meta)]);
        }
        else
        {
            if (up.Count > 0)
            {
                lines.Add([new("No tmux sessions on " + string.Join(", ", up.Select(s => Seg.Safe(s.Label))) + ".", text)]);
                lines.Add([new("Start one with: " + NewSessionCommand(up[0]), meta)]);
            }
            else if (problems.Count == 0)
            {
                lines.Add([new("No tmux server is running.", text)]);
                lines.Add([new("Start one with: tmux new -s work", meta)]);
            }

            foreach (var health in problems)
            {
                if (lines.Count > 0)
                {
                    lines.Add([]);
                }

                lines.Add([new(Seg.Safe(health.Problem ?? "") + " (" + Seg.Safe(health.Server.SocketPath) + ").", error)]);
                lines.Add([new($"Retrying in {Seconds(health.RetryIn)} · start one with: {NewSessionCommand(health.Server)}", meta)]);
            }
        }

        Centered(painter, area, lines);
    }

    /// <summary>Lines centred in <paramref name="area"/>, each cropped with <c>…</c> to its width; every other cell of
    /// the area blank in <paramref name="background"/>.</summary>
    internal static void Centered(Painter painter, Rectangle area, IReadOnlyList<List<Seg>> lines, UiStyle background = default)
    {
        var blank = background.ToAttribute();
        var top = area.Y + Math.Max(0, (area.Height - lines.Count) / 2);
        for (var y = area.Y; y < area.Bottom; y++)
        {
            var row = painter.Row(area.X, y, area.Width);
            var i = y - top;
            if (i >= 0 && i < lines.Count)
            {
                var width = Math.Min(Seg.Width(lines[i]), area.Width);
                row.FillTo(area.X + ((area.Width - width) / 2), ' ', blank);
                foreach (var seg in lines[i])
                {
                    row.TextEllipsis(seg.Text, seg.Style.Over(background).ToAttribute(), area.X + ((area.Width - width) / 2) + width - row.X);
                }
            }

            row.FillRest(' ', blank);
        }
    }

    /// <summary>The command that starts a session on <paramref name="server"/>, socket flags as the user gave them.</summary>
    private static string NewSessionCommand(ServerRef server)
    {
        var flags = server.Label == "default" || server.SocketArgs.Count == 0
            ? ""
            : string.Join(" ", server.SocketArgs.Select(Seg.Safe)) + " ";
        return "tmux " + flags + "new -s work";
    }

    /// <summary>Draws <paramref name="card"/> in <paramref name="area"/>: border with the name as title on the left and the
    /// attached badge on the right (heavy border when selected), the meta line with the state badge right-aligned, a run's
    /// badge (or a loop's progress, state and warning), then the capture's last non-empty lines, cropped.</summary>
    private void DrawCard(Painter painter, Rectangle area, Card card, bool selected, WallState state)
    {
        if (area.Width < 6 || area.Height < 3)
        {
            painter.Fill(area, UiStyle.Plain.ToAttribute());
            return;
        }

        // A card that has just started to need you is drawn once in its state's colours with a heavy border: the next
        // refresh (about a second later) draws it plainly again, so it flashes once.
        var border = _theme[card.Flash ? StateSlot(card.State) : selected ? ThemeSlots.CardBorderSelected : ThemeSlots.CardBorder].ToAttribute();
        var attached = card.AttachedClients switch
        {
            0 => "",
            1 => " attached ",
            _ => " attached " + card.AttachedClients.ToString(CultureInfo.InvariantCulture) + " ",
        };
        List<(string, Terminal.Gui.Drawing.Attribute)> right = area.Width - 6 - CellWidth.Of(attached) >= 8 && attached.Length > 0
            ? [(attached, _theme[ThemeSlots.StateAttached].ToAttribute())]
            : [];
        var nameRoom = area.Width - 6 - (right.Count > 0 ? CellWidth.Of(attached) + 1 : 0);
        List<(string, Terminal.Gui.Drawing.Attribute)> title = area.Width >= 7
            ? [(" ", border), (CellWidth.Crop(Seg.Safe(card.Name), nameRoom), _theme[ThemeSlots.CardTitle].ToAttribute()), (" ", border)]
            : [];
        var inner = Inset(area, 2, 1);
        var head = card.Run switch
        {
            { Loop: { Warning: null } } => 3,
            { Loop: not null } => 4,
            { Badge: not null } => 2,
            _ => 1,
        };
        IReadOnlyList<IReadOnlyList<StyledRun>> lines = card.Capture is null ? [] : Preview(card, Math.Max(0, inner.Height - head));
        var meta = _theme[ThemeSlots.CardMeta].ToAttribute();
        Boxed(painter, area, selected || card.Flash ? BoxGlyphs.Heavy : BoxGlyphs.Rounded, border, title, right, (ref RowWriter row, int y) =>
        {
            var i = y - inner.Y;
            if (i == 0)
            {
                MetaLine(ref row, inner, card, state);
            }
            else if (i < head && card.Run is { Loop: { } loop })
            {
                LoopLine(ref row, inner, loop, i);
            }
            else if (i == 1 && head == 2)
            {
                row.TextEllipsis(card.Run!.Badge!, _theme[ToneSlot(card.Run.Tone)].ToAttribute());
            }
            else if (card.Capture is null)
            {
                if (i == head)
                {
                    row.Text("…", meta);
                }
            }
            else if (i - head < lines.Count)
            {
                row.Runs(lines[i - head]);
            }
        });
    }

    /// <summary>Line <paramref name="i"/> (1 to 3) of a loop's card: the progress (<see cref="LoopLabels.Progress"/>), the
    /// loop's state in its tone, and the warning about items checked without a commit when there is one.</summary>
    private void LoopLine(ref RowWriter row, Rectangle inner, CardLoop loop, int i)
    {
        switch (i)
        {
            case 1:
                row.TextEllipsis(LoopLabels.Progress(loop, inner.Width), _theme[ThemeSlots.CardPreview].ToAttribute());
                break;
            case 2:
                row.TextEllipsis(loop.State, _theme[ToneSlot(loop.Tone)].ToAttribute());
                break;
            default:
                row.TextEllipsis(loop.Warning ?? "", _theme[ThemeSlots.Warning].ToAttribute());
                break;
        }
    }

    private void MetaLine(ref RowWriter row, Rectangle inner, Card card, WallState state)
    {
        var badge = Glyph(card) + " " + Seg.Safe(card.Badge);
        var badgeWidth = Math.Min(CellWidth.Of(badge), inner.Width);
        var what = card.Run is { } run ? (run.Loop is null ? "run " : "loop ") + Seg.Safe(run.Agent) + " · " + run.Elapsed : Seg.Safe(card.Command) + " · " + card.Age;
        var meta = what + (state.ShowServer ? " · " + Seg.Safe(card.Server.Label) : "");
        var room = inner.Width - badgeWidth - 2;
        if (room > 0)
        {
            row.TextEllipsis(meta, _theme[ThemeSlots.CardMeta].ToAttribute(), room);
        }

        row.FillTo(inner.Right - badgeWidth, ' ', UiStyle.Plain.ToAttribute());
        row.TextEllipsis(badge, _theme[StateSlot(card.State)].ToAttribute(), badgeWidth);
    }

    /// <summary>The parsed last lines of a card's capture, cached while the capture (by reference) and the height stay.</summary>
    private IReadOnlyList<IReadOnlyList<StyledRun>> Preview(Card card, int height)
    {
        if (_previews.TryGetValue(card.Key, out var cached) && ReferenceEquals(cached.Capture, card.Capture) && cached.Height == height)
        {
            return cached.Lines;
        }

        var style = _theme[ThemeSlots.CardPreview];
        var raw = card.Capture!.Split('\n');
        var parsed = SgrText.ParseLines(raw, style, !_theme.Monochrome);
        var lines = LastLines(raw, height).Select(i => parsed[i]).ToList();
        _previews[card.Key] = new ParsedPreview(card.Capture!, height, lines);
        return lines;
    }

    private void ForgetPreviews(WallState state)
    {
        if (_previews.Count <= state.Layout.PerPage * 2)
        {
            return;
        }

        var onScreen = state.PageCards().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _previews.Keys.Where(k => !onScreen.Contains(k)).ToList())
        {
            _previews.Remove(key);
        }
    }

    /// <summary>The indexes of the last <paramref name="count"/> of <paramref name="lines"/> after dropping trailing blank
    /// lines and folding each run of blank lines into one (a pane's empty middle, e.g. above tmux's "Pane is dead" line,
    /// would otherwise fill a small card), in screen order.</summary>
    internal static List<int> LastLines(IReadOnlyList<string> lines, int count)
    {
        var picked = new List<int>();
        var previousBlank = true;
        for (var i = lines.Count - 1; i >= 0 && picked.Count < count; i--)
        {
            var blank = ScreenText.IsBlank(lines[i]);
            if (!blank || !previousBlank)
            {
                picked.Add(i);
            }

            previousBlank = blank;
        }

        picked.Reverse();
        return picked;
    }

    /// <summary>A glyph that tells the state without colour.</summary>
    private static string Glyph(Card card) => card.State switch
    {
        AgentState.Working => "●",
        AgentState.Waiting => "◆",
        AgentState.Idle => "○",
        AgentState.RateLimited => "◔",
        AgentState.AuthFailed => "⊘",
        AgentState.ContextLimit => "◍",
        AgentState.Stuck => "◐",
        AgentState.Exited when card.Badge == "exited 0" => "✓",
        _ => "✗",
    };

    /// <summary>The theme slot of a run badge.</summary>
    internal static string ToneSlot(RunTone tone) => tone switch
    {
        RunTone.Verifying => ThemeSlots.Status,
        RunTone.Good => ThemeSlots.StateRunning,
        RunTone.Bad => ThemeSlots.StateDead,
        RunTone.Quiet => ThemeSlots.StateIdle,
        RunTone.Waiting => ThemeSlots.StateWaiting,
        _ => ThemeSlots.StateRunning,
    };

    /// <summary>The theme slot of a state's badge.</summary>
    internal static string StateSlot(AgentState state) => state switch
    {
        AgentState.Working => ThemeSlots.StateRunning,
        AgentState.Waiting => ThemeSlots.StateWaiting,
        AgentState.Idle => ThemeSlots.StateIdle,
        AgentState.RateLimited => ThemeSlots.StateLimited,
        AgentState.AuthFailed => ThemeSlots.StateAuth,
        AgentState.ContextLimit => ThemeSlots.StateContext,
        AgentState.Stuck => ThemeSlots.StateStuck,
        AgentState.Exited => ThemeSlots.StateExited,
        _ => ThemeSlots.StateDead,
    };

    internal static Rectangle Inset(Rectangle r, int dx, int dy) =>
        new(r.X + dx, r.Y + dy, Math.Max(0, r.Width - (2 * dx)), Math.Max(0, r.Height - (2 * dy)));

    /// <summary>A duration as messages say it: <c>4s</c>, <c>2m</c>.</summary>
    internal static string Seconds(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? Math.Ceiling(Math.Max(0, span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s"
        : Cards.Duration(span);

    private sealed record ParsedPreview(string Capture, int Height, IReadOnlyList<IReadOnlyList<StyledRun>> Lines);
}
