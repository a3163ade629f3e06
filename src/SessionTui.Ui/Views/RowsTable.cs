using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>One column of a <see cref="RowsTable{TRow}"/>.</summary>
/// <param name="Title">Header text; the column titled <c>name</c> is never dropped.</param>
/// <param name="Width">Width in cells.</param>
/// <param name="Priority">Columns that do not fit are dropped lowest priority first.</param>
/// <param name="Value">The cell's text.</param>
/// <param name="Style">The cell's style, laid over the table's meta style.</param>
internal sealed record TableColumn<TRow>(string Title, int Width, int Priority, Func<TRow, string> Value, Func<TRow, Theme, UiStyle> Style);

/// <summary>
/// A list screen: Terminal.Gui's <see cref="TableView"/> over rows of the state, showing the columns that fit the width and
/// the selected row from the state. Its own navigation keys are replaced by the key map's (type-to-search is off); the
/// wheel pages and a click on a row opens it.
/// </summary>
/// <typeparam name="TRow">One row's record.</typeparam>
internal abstract class RowsTable<TRow> : TableView
{
    private readonly Theme _theme;
    private readonly Action<Msg> _post;
    private ImmutableArray<TRow> _rows = [];
    private int _width = -1;

    protected RowsTable(Theme theme, Action<Msg> post)
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

    /// <summary>Shows <paramref name="state"/>'s rows and selection; the columns are fitted again only when the rows or the
    /// width changed.</summary>
    public void Show(WallState state)
    {
        var rows = RowsOf(state);
        if (rows != _rows || state.Width != _width)
        {
            _rows = rows;
            _width = state.Width;
            var columns = Fit(Columns(rows, state), Math.Max(1, state.Width));
            Style.ColumnStyles.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                var column = columns[i];
                var style = Style.GetOrCreateColumnStyle(i);
                style.MinWidth = column.Width;
                style.MaxWidth = column.Width;
                style.ColorGetter = args => Scheme(column, args.RowIndex, args.RowScheme);
            }

            Table = new Source(rows, columns);
        }

        if (rows.Length > 0)
        {
            var row = Math.Clamp(SelectedOf(state), 0, rows.Length - 1);
            if (Value?.SelectedCell.Y != row)
            {
                SetSelection(0, row, extendExistingSelection: false);
                EnsureCursorIsVisible();
            }
        }

        SetNeedsDraw();
    }

    /// <summary>The rows of the state this table shows.</summary>
    protected abstract ImmutableArray<TRow> RowsOf(WallState state);

    /// <summary>The selected row's index in the state.</summary>
    protected abstract int SelectedOf(WallState state);

    /// <summary>Every column, widths measured on <paramref name="rows"/>, in display order (settings such as the time zone from
    /// <paramref name="state"/>).</summary>
    protected abstract IReadOnlyList<TableColumn<TRow>> Columns(IReadOnlyList<TRow> rows, WallState state);

    /// <summary>The message that opens row <paramref name="row"/> (a click).</summary>
    protected abstract Msg Open(int row);

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
            _post(Open(cell.Y));
            return true;
        }

        return mouse.Flags != MouseFlags.None;
    }

    /// <summary>The columns that fit <paramref name="width"/> with a one-cell gap: the lowest priority goes first, never
    /// <c>name</c>.</summary>
    private static List<TableColumn<TRow>> Fit(IReadOnlyList<TableColumn<TRow>> all, int width)
    {
        const int gap = 1;
        var kept = new List<TableColumn<TRow>>(all);
        while (kept.Count > 1 && kept.Sum(c => c.Width) + (gap * kept.Count) > width)
        {
            kept.Remove(kept.Where(c => c.Title != "name").MinBy(c => c.Priority)!);
        }

        return kept;
    }

    private Scheme? Scheme(TableColumn<TRow> column, int row, Scheme rowScheme)
    {
        if (row < 0 || row >= _rows.Length)
        {
            return null;
        }

        var style = column.Style(_rows[row], _theme);
        return rowScheme with { Normal = style.Over(_theme[ThemeSlots.CardMeta]).ToAttribute() };
    }

    /// <summary>The table's data: one row per record, the chosen columns as text.</summary>
    private sealed class Source(ImmutableArray<TRow> rows, List<TableColumn<TRow>> columns) : ITableSource
    {
        public string[] ColumnNames { get; } = [.. columns.Select(c => c.Title)];

        public int Columns => columns.Count;

        public int Rows => rows.Length;

        public object this[int row, int col] => columns[col].Value(rows[row]);
    }
}
