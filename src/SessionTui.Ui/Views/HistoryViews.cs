using System.Collections.Immutable;
using System.Drawing;
using System.Globalization;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The history list: Terminal.Gui's <see cref="TableView"/> over <see cref="WallState.History"/> (newest first, as loaded),
/// showing the columns that fit (created goes first, then server, last seen, command), the selected row from the state.
/// Its own navigation keys are replaced by the key map's; a click on a row opens its last screen.
/// </summary>
internal sealed class HistoryTable(Theme theme, Action<Msg> post) : RowsTable<HistoryEntry>(theme, post)
{
    /// <summary>A UTC time as <c>2026-11-21 15:04Z</c>: deterministic whatever the machine's zone.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <inheritdoc />
    protected override ImmutableArray<HistoryEntry> RowsOf(WallState state) => state.History;

    /// <inheritdoc />
    protected override int SelectedOf(WallState state) => state.HistorySelected;

    /// <inheritdoc />
    protected override Msg Open(int row) => new OpenHistoryRow(row);

    /// <inheritdoc />
    protected override IReadOnlyList<TableColumn<HistoryEntry>> Columns(IReadOnlyList<HistoryEntry> entries, WallState state)
    {
        var nameWidth = Math.Clamp(entries.Select(e => CellWidth.Of(Seg.Safe(e.Name))).DefaultIfEmpty(10).Max(), 10, 28);
        var serverWidth = Math.Clamp(entries.Select(e => CellWidth.Of(Seg.Safe(e.Server))).DefaultIfEmpty(6).Max(), 6, 16);
        return
        [
            new("name", nameWidth, 0, e => Seg.Safe(e.Name), (_, t) => t[ThemeSlots.CardTitle]),
            new("server", serverWidth, 2, e => Seg.Safe(e.Server), (_, t) => t[ThemeSlots.CardMeta]),
            new("created", 17, 1, e => Time(e.Created), (_, t) => t[ThemeSlots.CardMeta]),
            new("ended", 13, 5, e => e.EndText, EndStyle),
            new("last seen", 17, 3, e => Time(e.LastSeen), (_, t) => t[ThemeSlots.CardMeta]),
            new("command", 10, 4, e => Seg.Safe(e.Command ?? ""), (_, t) => t[ThemeSlots.CardPreview]),
        ];
    }

    private static UiStyle EndStyle(HistoryEntry entry, Theme theme) => entry.EndReason switch
    {
        null => theme[ThemeSlots.StateRunning],
        EndReason.Exited when entry.ExitStatus == 0 => theme[ThemeSlots.StateIdle],
        EndReason.Exited => theme[ThemeSlots.StateExited],
        EndReason.Vanished => theme[ThemeSlots.StateIdle],
        _ => theme[ThemeSlots.StateDead],
    };
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
        var border = _theme[ThemeSlots.CardBorderSelected].ToAttribute();
        var meta = _theme[ThemeSlots.CardMeta].ToAttribute();
        List<(string, Terminal.Gui.Drawing.Attribute)> title = [];
        if (state.HistorySelected >= 0 && state.HistorySelected < state.History.Length)
        {
            var entry = state.History[state.HistorySelected];
            title = [(" ", border), (Seg.Safe(entry.Name), _theme[ThemeSlots.CardTitle].ToAttribute()),
                ($" · {Seg.Safe(entry.Server)} · {entry.EndText} · last seen {HistoryTable.Time(entry.LastSeen)} ", meta)];
        }

        var lines = Lines(state);
        var message = state.HistoryScreen is null ? "loading…" : lines is null ? "The last screen was empty." : null;
        ScrolledBox.Draw(painter, area, border, meta, title, lines?.Count ?? 0, state.HistoryScroll, message, (ref RowWriter row, int index) => row.Runs(lines![index]));
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
