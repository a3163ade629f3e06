using System.Collections.Immutable;
using System.Drawing;
using System.Globalization;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The history list: Terminal.Gui's <see cref="TableView"/> over <see cref="WallState.History"/> (newest first, as loaded),
/// showing the columns that fit (created goes first, then server, last seen, command), the selected row from the state.
/// Its own navigation keys are replaced by the key map's; a click on a row opens its last screen.
/// </summary>
internal sealed class HistoryTable : TableView
{
    private readonly Theme _theme;
    private readonly Action<Msg> _post;
    private ImmutableArray<HistoryEntry> _rows = [];
    private int _width = -1;

    public HistoryTable(Theme theme, Action<Msg> post)
    {
        _theme = theme;
        _post = post;
        CanFocus = true;
        FullRowSelect = true;
        MultiSelect = false;
        Style.ShowVerticalCellLines = false;
        Style.ShowVerticalHeaderLines = false;
        Style.ShowHorizontalHeaderOverline = false;
        Style.ShowHorizontalHeaderUnderline = true;
        Style.ExpandLastColumn = true;
        Style.AlwaysShowHeaders = true;
        CollectionNavigator = null;
        var normal = _theme[ThemeSlots.CardMeta].ToAttribute();
        var selected = _theme[ThemeSlots.Selection].ToAttribute();
        SetScheme(new Scheme(normal) { Focus = selected, HotFocus = selected, Active = selected, Highlight = selected });
        AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
    }

    /// <summary>Shows <paramref name="state"/>'s rows and selection.</summary>
    public void Show(WallState state)
    {
        if (state.History != _rows || state.Width != _width)
        {
            _rows = state.History;
            _width = state.Width;
            var columns = Fit(state.History, Math.Max(1, state.Width));
            Style.ColumnStyles.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                var column = columns[i];
                var style = Style.GetOrCreateColumnStyle(i);
                style.MinWidth = column.Width;
                style.MaxWidth = column.Width;
                style.ColorGetter = args => Scheme(column, args.RowIndex, args.RowScheme);
            }

            Table = new HistorySource(state.History, columns);
        }

        if (state.History.Length > 0)
        {
            var row = Math.Clamp(state.HistorySelected, 0, state.History.Length - 1);
            if (Value?.SelectedCell.Y != row)
            {
                SetSelection(0, row, extendExistingSelection: false);
                EnsureCursorIsVisible();
            }
        }

        SetNeedsDraw();
    }

    /// <summary>A UTC time as <c>2026-11-21 15:04Z</c>: deterministic whatever the machine's zone.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <inheritdoc />
    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown) || mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _post(new PageMove(mouse.Flags.HasFlag(MouseFlags.WheeledDown) ? 1 : -1));
            return true;
        }

        if ((mouse.Flags.HasFlag(MouseFlags.LeftButtonClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonDoubleClicked))
            && mouse.Position is { } at && ScreenToCell(at, out _) is { } cell)
        {
            _post(new OpenHistoryRow(cell.Y));
            return true;
        }

        return mouse.Flags != MouseFlags.None;
    }

    private Scheme? Scheme(Column column, int row, Scheme rowScheme)
    {
        if (row < 0 || row >= _rows.Length)
        {
            return null;
        }

        var style = column.Style(_rows[row], _theme);
        return rowScheme with { Normal = style.Over(_theme[ThemeSlots.CardMeta]).ToAttribute() };
    }

    private static List<Column> Fit(IReadOnlyList<HistoryEntry> entries, int width)
    {
        const int gap = 1;
        var nameWidth = Math.Clamp(entries.Select(e => CellWidth.Of(Seg.Safe(e.Name))).DefaultIfEmpty(10).Max(), 10, 28);
        var serverWidth = Math.Clamp(entries.Select(e => CellWidth.Of(Seg.Safe(e.Server))).DefaultIfEmpty(6).Max(), 6, 16);
        var all = new List<Column>
        {
            new("name", nameWidth, 0, e => Seg.Safe(e.Name), (_, t) => t[ThemeSlots.CardTitle]),
            new("server", serverWidth, 2, e => Seg.Safe(e.Server), (_, t) => t[ThemeSlots.CardMeta]),
            new("created", 17, 1, e => Time(e.Created), (_, t) => t[ThemeSlots.CardMeta]),
            new("ended", 13, 5, e => e.EndText, EndStyle),
            new("last seen", 17, 3, e => Time(e.LastSeen), (_, t) => t[ThemeSlots.CardMeta]),
            new("command", 10, 4, e => Seg.Safe(e.Command ?? ""), (_, t) => t[ThemeSlots.CardPreview]),
        };

        var kept = new List<Column>(all);
        while (kept.Count > 1 && kept.Sum(c => c.Width) + (gap * kept.Count) > width)
        {
            kept.Remove(kept.Where(c => c.Title != "name").MinBy(c => c.Priority)!);
        }

        return kept;
    }

    private static UiStyle EndStyle(HistoryEntry entry, Theme theme) => entry.EndReason switch
    {
        null => theme[ThemeSlots.StateRunning],
        EndReason.Exited when entry.ExitStatus == 0 => theme[ThemeSlots.StateIdle],
        EndReason.Exited => theme[ThemeSlots.StateExited],
        EndReason.Vanished => theme[ThemeSlots.StateIdle],
        _ => theme[ThemeSlots.StateDead],
    };

    private sealed record Column(string Title, int Width, int Priority, Func<HistoryEntry, string> Value, Func<HistoryEntry, Theme, UiStyle> Style);

    /// <summary>The table's data: one row per history entry, the chosen columns as text.</summary>
    private sealed class HistorySource(ImmutableArray<HistoryEntry> rows, List<Column> columns) : ITableSource
    {
        public string[] ColumnNames { get; } = [.. columns.Select(c => c.Title)];

        public int Columns => columns.Count;

        public int Rows => rows.Length;

        public object this[int row, int col] => columns[col].Value(rows[row]);
    }
}

/// <summary>One history row's stored last screen, framed and titled with what it was, scrolled as
/// <see cref="WallState.HistoryScroll"/> says (↑↓ PgUp PgDn and the wheel); <c>loading…</c> until it arrives.</summary>
internal sealed class ScreenView(Theme theme, Action<Msg> post) : StateView(post)
{
    private readonly Theme _theme = theme;
    private readonly Action<Msg> _post = post;
    private (string Screen, IReadOnlyList<IReadOnlyList<StyledRun>> Lines)? _parsed;

    /// <inheritdoc />
    protected override object Projection(WallState state) =>
        (state.HistoryScreen, state.HistoryScroll, state.HistorySelected, state.History, state.Width, state.Height);

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state) =>
        Draw(painter, new Rectangle(0, 0, painter.Width, painter.Height), state);

    /// <inheritdoc />
    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown) || mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _post(new MoveSelection(0, mouse.Flags.HasFlag(MouseFlags.WheeledDown) ? 3 : -3));
            return true;
        }

        return false;
    }

    private void Draw(Painter painter, Rectangle area, WallState state)
    {
        if (area.Width < 6 || area.Height < 3)
        {
            painter.Fill(area, UiStyle.Plain.ToAttribute());
            return;
        }

        var border = _theme[ThemeSlots.CardBorderSelected].ToAttribute();
        var meta = _theme[ThemeSlots.CardMeta].ToAttribute();
        List<(string, Terminal.Gui.Drawing.Attribute)> title = [];
        if (state.HistorySelected >= 0 && state.HistorySelected < state.History.Length)
        {
            var entry = state.History[state.HistorySelected];
            title = [(" ", border), (Seg.Safe(entry.Name), _theme[ThemeSlots.CardTitle].ToAttribute()),
                ($" · {Seg.Safe(entry.Server)} · {entry.EndText} · last seen {HistoryTable.Time(entry.LastSeen)} ", meta)];
        }

        var inner = GridView.Inset(area, 2, 1);
        var lines = Lines(state);
        List<(string, Terminal.Gui.Drawing.Attribute)> right = [];
        if (lines is not null && lines.Count > inner.Height)
        {
            var last = Math.Min(lines.Count, state.HistoryScroll + inner.Height);
            right = [($" {state.HistoryScroll + 1}–{last}/{lines.Count} ", meta)];
        }

        var message = state.HistoryScreen is null ? "loading…" : lines is null ? "The last screen was empty." : null;
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
            else if (state.HistoryScroll + i < lines!.Count)
            {
                row.Runs(lines[state.HistoryScroll + i]);
            }
        });
    }

    /// <summary>The parsed lines of the loaded screen, or null when it is blank.</summary>
    private IReadOnlyList<IReadOnlyList<StyledRun>>? Lines(WallState state)
    {
        if (state.HistoryScreen is not { } screen || screen.Trim().Length == 0)
        {
            return null;
        }

        if (_parsed is not { } parsed || !ReferenceEquals(parsed.Screen, screen))
        {
            var style = _theme[ThemeSlots.CardPreview];
            parsed = (screen, SgrText.ParseLines(ScreenText.Lines(screen), style, !_theme.Monochrome).ToList());
            _parsed = parsed;
        }

        return parsed.Lines;
    }
}
