using System.Collections.Immutable;
using System.Drawing;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The runs list of the history screen: Terminal.Gui's <see cref="TableView"/> over <see cref="WallState.RunHistory"/>
/// (newest first), the columns that fit (the outcome goes last, then the start), the selected row from the state. Its own
/// navigation keys are replaced by the key map's; a click on a row opens the run.
/// </summary>
internal sealed class RunsTable(Theme theme, Action<Msg> post) : RowsTable<RunRecord>(theme, post)
{
    /// <summary>What a run's outcome column says: its badge, or its state while it has none.</summary>
    public static string Outcome(RunRecord run) => RunCards.Badge(run).Badge ?? RunStates.Text(run.State);

    /// <inheritdoc />
    protected override ImmutableArray<RunRecord> RowsOf(WallState state) => state.RunHistory;

    /// <inheritdoc />
    protected override int SelectedOf(WallState state) => state.RunSelected;

    /// <inheritdoc />
    protected override Msg Open(int row) => new OpenRunRow(row);

    /// <inheritdoc />
    protected override IReadOnlyList<TableColumn<RunRecord>> Columns(IReadOnlyList<RunRecord> runs)
    {
        var nameWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Seg.Safe(r.Name))).DefaultIfEmpty(10).Max(), 10, 24);
        var agentWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Seg.Safe(r.Agent))).DefaultIfEmpty(6).Max(), 6, 12);
        var outcomeWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Outcome(r))).DefaultIfEmpty(9).Max(), 9, 40);
        return
        [
            new("name", nameWidth, 0, r => Seg.Safe(r.Name), (_, t) => t[ThemeSlots.CardTitle]),
            new("outcome", outcomeWidth, 5, Outcome, OutcomeStyle),
            new("agent", agentWidth, 4, r => Seg.Safe(r.Agent), (_, t) => t[ThemeSlots.CardMeta]),
            new("started", 17, 3, r => HistoryTable.Time(r.Started), (_, t) => t[ThemeSlots.CardMeta]),
            new("took", 5, 2, r => r.Ended is { } ended ? Cards.Duration(ended - r.Started) : "", (_, t) => t[ThemeSlots.CardMeta]),
            new("run", 24, 1, r => Seg.Safe(r.RunId), (_, t) => t[ThemeSlots.CardPreview]),
        ];
    }

    private static UiStyle OutcomeStyle(RunRecord run, Theme theme) =>
        theme[GridView.ToneSlot(RunCards.Badge(run).Tone)];
}

/// <summary>One run in full (<see cref="WallState.RunDoc"/>: summary, brief and handoff rendered from markdown, verification,
/// diagnosis, last screen), framed and titled with its name and outcome, scrolled as <see cref="WallState.RunScroll"/> says
/// (↑↓ PgUp PgDn and the wheel); <c>loading…</c> until it arrives.</summary>
internal sealed class RunDetailView(Theme theme, Action<Msg> post) : StateView(post)
{
    private readonly Theme _theme = theme;
    private readonly Action<Msg> _post = post;

    /// <inheritdoc />
    protected override object Projection(WallState state) =>
        (state.RunDetail, state.RunDoc, state.RunScroll, state.RunSelected, state.RunHistory, state.Width, state.Height);

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
        var run = state.RunDetail?.Run ?? (state.RunSelected < state.RunHistory.Length ? state.RunHistory[state.RunSelected] : null);
        List<(string, Terminal.Gui.Drawing.Attribute)> title = [];
        if (run is not null)
        {
            var (badge, tone) = RunCards.Badge(run);
            title = [(" ", border), (Seg.Safe(run.Name), _theme[ThemeSlots.CardTitle].ToAttribute()), (" · ", meta),
                (badge ?? RunStates.Text(run.State), _theme[GridView.ToneSlot(tone)].ToAttribute()), (" ", meta)];
        }

        var inner = GridView.Inset(area, 2, 1);
        List<(string, Terminal.Gui.Drawing.Attribute)> right = [];
        if (state.RunDoc.Length > inner.Height)
        {
            var last = Math.Min(state.RunDoc.Length, state.RunScroll + inner.Height);
            right = [($" {state.RunScroll + 1}–{last}/{state.RunDoc.Length} ", meta)];
        }

        var loading = state.RunDetail is null;
        GridView.Boxed(painter, area, BoxGlyphs.Rounded, border, title, right, (ref RowWriter row, int y) =>
        {
            var i = y - inner.Y;
            if (loading)
            {
                if (i == inner.Height / 2)
                {
                    row.FillTo(inner.X + Math.Max(0, (inner.Width - 8) / 2), ' ', UiStyle.Plain.ToAttribute());
                    row.Text("loading…", meta);
                }
            }
            else if (state.RunScroll + i < state.RunDoc.Length)
            {
                foreach (var span in state.RunDoc[state.RunScroll + i].Spans)
                {
                    row.TextEllipsis(Seg.Safe(span.Text), Style(span.Style).ToAttribute());
                }
            }
        });
    }

    private UiStyle Style(DocStyle style) => style switch
    {
        DocStyle.Section => _theme[ThemeSlots.Key],
        DocStyle.Heading => UiStyle.Of(TextStyle.Bold).Over(_theme[ThemeSlots.CardTitle]),
        DocStyle.Strong => UiStyle.Of(TextStyle.Bold).Over(_theme[ThemeSlots.CardPreview]),
        DocStyle.Code => new UiStyle(_theme[ThemeSlots.StateAttached].Foreground, null, TextStyle.None).Over(_theme[ThemeSlots.CardPreview]),
        DocStyle.Meta => _theme[ThemeSlots.CardMeta],
        DocStyle.Good => _theme[ThemeSlots.StateRunning],
        DocStyle.Bad => _theme[ThemeSlots.StateDead],
        _ => _theme[ThemeSlots.CardPreview],
    };
}
