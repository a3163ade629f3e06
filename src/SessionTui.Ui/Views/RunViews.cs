using System.Collections.Immutable;
using System.Drawing;
using System.Globalization;
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
    /// <inheritdoc />
    protected override ImmutableArray<RunRecord> RowsOf(WallState state) => state.RunHistory;

    /// <inheritdoc />
    protected override int SelectedOf(WallState state) => state.RunSelected;

    /// <inheritdoc />
    protected override Msg Open(int row) => new OpenRunRow(row);

    /// <inheritdoc />
    protected override IReadOnlyList<TableColumn<RunRecord>> Columns(IReadOnlyList<RunRecord> runs, WallState state)
    {
        var zone = state.Settings.TimeZone;
        string Outcome(RunRecord run) => RunCards.Headline(run, zone).Text;
        var nameWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Seg.Safe(r.Name))).DefaultIfEmpty(10).Max(), 10, 24);
        var agentWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Seg.Safe(r.Agent))).DefaultIfEmpty(6).Max(), 6, 12);
        var outcomeWidth = Math.Clamp(runs.Select(r => CellWidth.Of(Outcome(r))).DefaultIfEmpty(9).Max(), 9, 40);
        return
        [
            new("name", nameWidth, 0, r => Seg.Safe(r.Name), (_, t) => t[ThemeSlots.CardTitle]),
            new("outcome", outcomeWidth, 5, Outcome, (r, t) => t[GridView.ToneSlot(RunCards.Headline(r, zone).Tone)]),
            new("agent", agentWidth, 4, r => Seg.Safe(r.Agent), (_, t) => t[ThemeSlots.CardMeta]),
            new("started", 17, 3, r => HistoryTable.Time(r.Started), (_, t) => t[ThemeSlots.CardMeta]),
            new("took", 5, 2, r => r.Ended is { } ended ? Cards.Duration(ended - r.Started) : "", (_, t) => t[ThemeSlots.CardMeta]),
            new("run", 24, 1, r => Seg.Safe(r.RunId), (_, t) => t[ThemeSlots.CardPreview]),
        ];
    }


}

/// <summary>
/// A framed document of the history screen (<see cref="DocLine"/>s), titled, scrolled from the state (↑↓ PgUp PgDn and the
/// wheel), with a selectable list's line highlighted and opened by a click; <c>loading…</c> until it arrives.
/// </summary>
internal abstract class DocumentView(Theme theme, Action<Msg> post) : StateView(post)
{
    private readonly Action<Msg> _post = post;

    /// <summary>The theme.</summary>
    protected Theme Theme { get; } = theme;

    /// <inheritdoc />
    protected override void Paint(Painter painter, WallState state) =>
        Draw(painter, new Rectangle(0, 0, painter.Width, painter.Height), state);

    /// <summary>The pieces of the top border's title.</summary>
    protected abstract List<(string Text, Terminal.Gui.Drawing.Attribute Attr)> Heading(WallState state);

    /// <summary>The document's lines, or null while it loads.</summary>
    protected abstract ImmutableArray<DocLine>? Lines(WallState state);

    /// <summary>The first line shown.</summary>
    protected abstract int Scroll(WallState state);

    /// <summary>The list item drawn selected (<see cref="DocLine.Item"/>), or null.</summary>
    protected virtual int? Selected(WallState state) => null;

    /// <summary>The message a click on the line of list item <paramref name="item"/> posts, or null.</summary>
    protected virtual Msg? Clicked(int item) => null;

    /// <inheritdoc />
    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown) || mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            _post(new MoveSelection(0, mouse.Flags.HasFlag(MouseFlags.WheeledDown) ? 3 : -3));
            return true;
        }

        if ((mouse.Flags.HasFlag(MouseFlags.LeftButtonClicked) || mouse.Flags.HasFlag(MouseFlags.LeftButtonDoubleClicked))
            && mouse.Position is { } at && State is { } state && Lines(state) is { } lines)
        {
            var index = Scroll(state) + at.Y - 1;
            if (index >= 0 && index < lines.Length && lines[index].Item is { } item && Clicked(item) is { } msg)
            {
                _post(msg);
                return true;
            }
        }

        return false;
    }

    private void Draw(Painter painter, Rectangle area, WallState state)
    {
        var lines = Lines(state);
        var doc = lines ?? [];
        var selected = Selected(state);
        var highlight = Theme[ThemeSlots.Selection];
        ScrolledBox.Draw(
            painter, area, Theme[ThemeSlots.CardBorderSelected].ToAttribute(), Theme[ThemeSlots.CardMeta].ToAttribute(), Heading(state), doc.Length, Scroll(state),
            lines is null ? "loading…" : null,
            (ref RowWriter row, int index) =>
            {
                var line = doc[index];
                var chosen = selected is not null && line.Item == selected;
                foreach (var span in line.Spans)
                {
                    var style = Style(span.Style);
                    row.TextEllipsis(Seg.Safe(span.Text), (chosen ? highlight.Over(style) : style).ToAttribute());
                }

                if (chosen)
                {
                    row.FillRest(' ', highlight.ToAttribute());
                }
            });
    }

    private UiStyle Style(DocStyle style) => style switch
    {
        DocStyle.Section => Theme[ThemeSlots.Key],
        DocStyle.Heading => UiStyle.Of(TextStyle.Bold).Over(Theme[ThemeSlots.CardTitle]),
        DocStyle.Strong => UiStyle.Of(TextStyle.Bold).Over(Theme[ThemeSlots.CardPreview]),
        DocStyle.Code => new UiStyle(Theme[ThemeSlots.StateAttached].Foreground, null, TextStyle.None).Over(Theme[ThemeSlots.CardPreview]),
        DocStyle.Meta => Theme[ThemeSlots.CardMeta],
        DocStyle.Good => Theme[ThemeSlots.StateRunning],
        DocStyle.Bad => Theme[ThemeSlots.StateDead],
        DocStyle.Warning => Theme[ThemeSlots.Warning],
        _ => Theme[ThemeSlots.CardPreview],
    };
}

/// <summary>One run in full (<see cref="WallState.RunDoc"/>: summary, brief and handoff rendered from markdown, verification,
/// diagnosis, last screen; a loop's progress and iterations), framed and titled with its name and outcome (a loop's state),
/// scrolled as <see cref="WallState.RunScroll"/> says; a loop's selected iteration highlighted, a click on an iteration
/// opens it.</summary>
internal sealed class RunDetailView(Theme theme, Action<Msg> post) : DocumentView(theme, post)
{
    /// <inheritdoc />
    protected override object Projection(WallState state) =>
        (state.RunDetail, state.RunDoc, state.RunScroll, state.RunSelected, state.RunHistory, state.IterationSelected, state.Width, state.Height);

    /// <inheritdoc />
    protected override List<(string Text, Terminal.Gui.Drawing.Attribute Attr)> Heading(WallState state)
    {
        var run = state.RunDetail?.Run ?? (state.RunSelected < state.RunHistory.Length ? state.RunHistory[state.RunSelected] : null);
        if (run is null)
        {
            return [];
        }

        var border = Theme[ThemeSlots.CardBorderSelected].ToAttribute();
        var meta = Theme[ThemeSlots.CardMeta].ToAttribute();
        var (headline, tone) = RunCards.Headline(run, state.Settings.TimeZone);
        return [(" ", border), (Seg.Safe(run.Name), Theme[ThemeSlots.CardTitle].ToAttribute()), (" · ", meta),
            (headline, Theme[GridView.ToneSlot(tone)].ToAttribute()), (" ", meta)];
    }

    /// <inheritdoc />
    protected override ImmutableArray<DocLine>? Lines(WallState state) => state.RunDetail is null ? null : state.RunDoc;

    /// <inheritdoc />
    protected override int Scroll(WallState state) => state.RunScroll;

    /// <inheritdoc />
    protected override int? Selected(WallState state) => state.RunDetail is { Iterations.IsEmpty: false } ? state.IterationSelected : null;

    /// <inheritdoc />
    protected override Msg? Clicked(int item) => new OpenIterationRow(item);
}

/// <summary>One iteration of the loop in the run detail (<see cref="WallState.IterationDoc"/>: times, command, exit, items,
/// commits, verify, limit, output), titled with the loop's name, the iteration's number and how it ended, scrolled as
/// <see cref="WallState.IterationScroll"/> says.</summary>
internal sealed class IterationDetailView(Theme theme, Action<Msg> post) : DocumentView(theme, post)
{
    /// <inheritdoc />
    protected override object Projection(WallState state) =>
        (state.RunDetail, state.IterationDoc, state.IterationScroll, state.IterationSelected, state.Width, state.Height);

    /// <inheritdoc />
    protected override List<(string Text, Terminal.Gui.Drawing.Attribute Attr)> Heading(WallState state)
    {
        if (state.RunDetail is not { } detail || state.IterationSelected >= detail.Iterations.Length)
        {
            return [];
        }

        var iteration = detail.Iterations[state.IterationSelected];
        var border = Theme[ThemeSlots.CardBorderSelected].ToAttribute();
        var meta = Theme[ThemeSlots.CardMeta].ToAttribute();
        return [(" ", border), (Seg.Safe(detail.Run.Name), Theme[ThemeSlots.CardTitle].ToAttribute()),
            (" · iteration " + iteration.Number.ToString(CultureInfo.InvariantCulture) + " · " + LoopLabels.Exit(iteration) + " ", meta)];
    }

    /// <inheritdoc />
    protected override ImmutableArray<DocLine>? Lines(WallState state) => state.IterationDoc;

    /// <inheritdoc />
    protected override int Scroll(WallState state) => state.IterationScroll;
}
