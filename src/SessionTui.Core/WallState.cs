using System.Collections.Immutable;
using SessionTui.Core.History;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>Which screen or overlay has the keyboard.</summary>
public enum WallMode
{
    /// <summary>The grid of cards.</summary>
    Grid,

    /// <summary>One card at full screen.</summary>
    Zoom,

    /// <summary>Typing a filter; the grid narrows as you type.</summary>
    Filter,

    /// <summary>The kill confirmation dialog.</summary>
    ConfirmKill,

    /// <summary>The help overlay.</summary>
    Help,

    /// <summary>The history list.</summary>
    History,

    /// <summary>One history row's last screen.</summary>
    HistoryDetail,

    /// <summary>The launch form (a dialog over the grid or zoom).</summary>
    Launch,

    /// <summary>The history of workcell runs, newest first.</summary>
    Runs,

    /// <summary>One run: summary, brief, handoff, verification, diagnosis, last screen; for a loop also its iterations.</summary>
    RunDetail,

    /// <summary>One iteration of the loop shown in <see cref="RunDetail"/>.</summary>
    IterationDetail,
}

/// <summary>Card order.</summary>
public enum SortOrder
{
    /// <summary>By name, ordinal, then server.</summary>
    Name,

    /// <summary>Most recent output first.</summary>
    LastActivity,

    /// <summary>Newest session first.</summary>
    Created,

    /// <summary>Sessions that need you first, most urgent first (<see cref="AgentStates.Urgency"/>), then by name.</summary>
    Urgency,
}

/// <summary>Whether a server answered its last tick.</summary>
/// <param name="Server">The server.</param>
/// <param name="Problem">Null when the last tick succeeded; else one line saying why it failed.</param>
/// <param name="RetryIn">Backoff before the next attempt when it failed.</param>
public sealed record ServerHealth(ServerRef Server, string? Problem, TimeSpan RetryIn)
{
    /// <summary>Whether the problem is that no server runs on the socket (see <see cref="ServerUnavailable.NoServer"/>).</summary>
    public bool NoServer { get; init; }
}

/// <summary>Settings of the wall that do not change while it runs.</summary>
/// <param name="IdleAfter">No output change for this long makes a card <c>idle</c>.</param>
/// <param name="HistoryLimit">Rows loaded into the history view.</param>
public sealed record WallSettings(TimeSpan IdleAfter, int HistoryLimit)
{
    /// <summary>60 s idle threshold, 500 history rows.</summary>
    public static WallSettings Default { get; } = new(TimeSpan.FromSeconds(60), 500);

    /// <summary>Runs loaded to match cards (newest first): a run older than the newest this many has no run badge.</summary>
    public int RunLimit { get; init; } = 100;

    /// <summary>Width of a text in terminal cells, for wrapping the run detail (the UI's measure; string length by default).</summary>
    public Func<string, int> Measure { get; init; } = text => text.Length;

    /// <summary>The zone clock times are shown in (<c>waiting for limit reset 16:05</c>): the machine's local zone in the
    /// app, UTC by default.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Reads agent states from screens: the watchdog's rule files in the app; a generic prompt reader
    /// (<see cref="PromptClassifier"/>) by default.</summary>
    public IStateClassifier Classifier { get; init; } = PromptClassifier.Instance;

    /// <summary>No output change for this long turns a working card stuck (default 10 min, <c>--stuck-after</c>).</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a new state read from the screen (or from freshness) must hold before the card shows it: 1 s, so
    /// at the default 1 s interval two refreshes in a row must read it. Exited and dead show at once.</summary>
    public TimeSpan StateSettle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the runs are read again while a card's loop runs (its progress), counted on snapshot times.</summary>
    public TimeSpan LoopRefresh { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// The whole state of the wall. Immutable; <see cref="WallUpdate.Update"/> returns the same instance when nothing visible
/// changed, so "render only when the state changed" is a reference comparison.
/// </summary>
public sealed record WallState
{
    /// <summary>Servers watched, in the order given.</summary>
    public required ImmutableArray<ServerRef> Servers { get; init; }

    /// <summary>Health of each server, keyed by server.</summary>
    public required ImmutableDictionary<ServerRef, ServerHealth> Health { get; init; }

    /// <summary>Every session's card, unfiltered, in tmux's order per server.</summary>
    public ImmutableArray<Card> Cards { get; init; } = [];

    /// <summary>Whether each server has answered at least once (cards shown) since start.</summary>
    public ImmutableHashSet<ServerRef> Answered { get; init; } = [];

    /// <summary>Keys of the cards whose state the watchdog has been told of (<see cref="StatesFound"/>): a card is found once
    /// its pane has been captured or has died, since a state read before that is only output freshness. Only found cards
    /// emit <see cref="AgentStateChanged"/>.</summary>
    public ImmutableHashSet<string> Found { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Key of the selected card, kept across re-sorts and refreshes.</summary>
    public string? SelectedKey { get; init; }

    /// <summary>Screen or overlay with the keyboard.</summary>
    public WallMode Mode { get; init; } = WallMode.Grid;

    /// <summary>The mode under an overlay (<see cref="WallMode.ConfirmKill"/>, <see cref="WallMode.Help"/>): where
    /// <see cref="Back"/> returns.</summary>
    public WallMode Underneath { get; init; } = WallMode.Grid;

    /// <summary>The card awaiting kill confirmation (a copy, so the dialog names what dies even if the card changes).</summary>
    public Card? KillTarget { get; init; }

    /// <summary>Case-insensitive substring filter on name, command, path and server; empty shows all.</summary>
    public string Filter { get; init; } = "";

    /// <summary>Card order.</summary>
    public SortOrder Sort { get; init; } = SortOrder.Name;

    /// <summary>Terminal width in columns.</summary>
    public required int Width { get; init; }

    /// <summary>Terminal height in rows.</summary>
    public required int Height { get; init; }

    /// <summary>History rows, newest first, when the history view was opened.</summary>
    public ImmutableArray<HistoryEntry> History { get; init; } = [];

    /// <summary>Index of the selected history row.</summary>
    public int HistorySelected { get; init; }

    /// <summary>The last screen shown in <see cref="WallMode.HistoryDetail"/>.</summary>
    public string? HistoryScreen { get; init; }

    /// <summary>One-line message in the status bar (result of the last action), or null.</summary>
    public string? Status { get; init; }

    /// <summary>Why history is not being written, or null when it is.</summary>
    public string? StoreProblem { get; init; }

    /// <summary>Fixed settings.</summary>
    public WallSettings Settings { get; init; } = WallSettings.Default;

    /// <summary>Servers watched without the user asking for them (the default socket when <c>-L</c>/<c>-S</c> name others):
    /// when no server runs there they are simply left out, never reported as down.</summary>
    public ImmutableHashSet<ServerRef> Implicit { get; init; } = [];

    /// <summary>Servers watched by default that are left out while no server runs there <em>and</em> another watched server
    /// answers (the default socket next to a running workcell server): with nothing running anywhere, the wall still says
    /// that no tmux server runs on the default socket.</summary>
    public ImmutableHashSet<ServerRef> Fallback { get; init; } = [];

    /// <summary>What history has recorded of the sessions seen (the tracker whose steps become history Cmds).</summary>
    public HistoryTracker Recorded { get; init; } = HistoryTracker.Empty;

    /// <summary>First line of <see cref="HistoryScreen"/> shown in <see cref="WallMode.HistoryDetail"/> (its scroll position).</summary>
    public int HistoryScroll { get; init; }

    /// <summary>The workcells launches go to, or null when the wall cannot launch (no state folder).</summary>
    public WorkcellInfo? Workcells { get; init; }

    /// <summary>The launch form while <see cref="WallMode.Launch"/> is open.</summary>
    public LaunchForm? Launch { get; init; }

    /// <summary>Recent runs (newest first, at most <see cref="WallSettings.RunLimit"/>), matched to cards.</summary>
    public ImmutableArray<RunRecord> Runs { get; init; } = [];

    /// <summary>Whether a load of <see cref="Runs"/> is in flight (another is not asked for meanwhile).</summary>
    public bool RunsLoading { get; init; }

    /// <summary>Whether <see cref="Runs"/> were ever asked for.</summary>
    public bool RunsAsked { get; init; }

    /// <summary>When <see cref="Runs"/> were last read, UTC (<see cref="RunsLoaded.At"/>).</summary>
    public DateTimeOffset RunsAt { get; init; }

    /// <summary>Runs the reconciler was already asked about (each is asked about once).</summary>
    public ImmutableHashSet<string> Reconciled { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Key of a card to select as soon as a snapshot shows it (a run just launched), or null.</summary>
    public string? SelectWhenSeen { get; init; }

    /// <summary>The runs list of the history screen, newest first.</summary>
    public ImmutableArray<RunRecord> RunHistory { get; init; } = [];

    /// <summary>Index of the selected row of <see cref="RunHistory"/>.</summary>
    public int RunSelected { get; init; }

    /// <summary>The run shown in <see cref="WallMode.RunDetail"/>; null while it loads.</summary>
    public RunReport? RunDetail { get; init; }

    /// <summary>The lines of <see cref="RunDetail"/> at the current width.</summary>
    public ImmutableArray<DocLine> RunDoc { get; init; } = [];

    /// <summary>First line of <see cref="RunDoc"/> shown (its scroll position).</summary>
    public int RunScroll { get; init; }

    /// <summary>Index of the selected iteration in <see cref="RunDetail"/>'s <see cref="RunReport.Iterations"/> (a loop's).</summary>
    public int IterationSelected { get; init; }

    /// <summary>The lines of the selected iteration while <see cref="WallMode.IterationDetail"/> shows it, at the current width.</summary>
    public ImmutableArray<DocLine> IterationDoc { get; init; } = [];

    /// <summary>First line of <see cref="IterationDoc"/> shown (its scroll position).</summary>
    public int IterationScroll { get; init; }

    /// <summary>Whether more than one server is watched (cards then name their server).</summary>
    public bool ShowServer => Servers.Count(s => !IsAbsent(s)) > 1;

    /// <summary>Whether one card fills the body: zoom, or an overlay (kill dialog, help) over zoom.</summary>
    public bool Zoomed => Mode == WallMode.Zoom || (Mode is WallMode.ConfirmKill or WallMode.Help or WallMode.Launch && Underneath == WallMode.Zoom);

    /// <summary>Whether the history screen shows (sessions, runs, or one of either), also under help.</summary>
    public bool InHistory => Mode is WallMode.History or WallMode.HistoryDetail or WallMode.Runs or WallMode.RunDetail or WallMode.IterationDetail
        || (Mode == WallMode.Help && Underneath is WallMode.History or WallMode.HistoryDetail or WallMode.Runs or WallMode.RunDetail or WallMode.IterationDetail);

    /// <summary>The run of <paramref name="runId"/> among <see cref="Runs"/>, <see cref="RunHistory"/> and the open detail.</summary>
    public RunRecord? RunById(string runId) =>
        RunDetail?.Run is { } shown && shown.RunId == runId ? shown
        : Runs.FirstOrDefault(r => r.RunId == runId) ?? RunHistory.FirstOrDefault(r => r.RunId == runId);

    /// <summary>The servers whose problem the wall shows, in watch order: every failing server except an implicit one with
    /// no server running.</summary>
    public IReadOnlyList<ServerHealth> ShownProblems() =>
        [.. Servers.Select(s => Health.TryGetValue(s, out var h) ? h : null).OfType<ServerHealth>().Where(h => h.Problem is not null && !IsAbsent(h.Server))];

    /// <summary>Whether <paramref name="server"/> is not shown at all: it is implicit and has no server running, or it is a
    /// <see cref="Fallback"/> with no server running while another watched server answers.</summary>
    public bool IsAbsent(ServerRef server) =>
        Health.TryGetValue(server, out var h) && h.NoServer
        && (Implicit.Contains(server) || (Fallback.Contains(server) && Servers.Any(o => !o.Equals(server) && Health.TryGetValue(o, out var oh) && oh.Problem is null)));

    /// <summary>Creates the start state.</summary>
    public static WallState Initial(IEnumerable<ServerRef> servers, int width, int height, WallSettings? settings = null)
    {
        var list = servers.Distinct().ToImmutableArray();
        return new WallState
        {
            Servers = list,
            Health = list.ToImmutableDictionary(s => s, s => new ServerHealth(s, null, TimeSpan.Zero)),
            Width = width,
            Height = height,
            Settings = settings ?? WallSettings.Default,
        };
    }

    /// <summary>The cards the grid shows: filtered, then sorted.</summary>
    public IReadOnlyList<Card> VisibleCards()
    {
        IEnumerable<Card> cards = Cards;
        if (Filter.Length > 0)
        {
            cards = cards.Where(c => Matches(c, Filter));
        }

        return Sort switch
        {
            SortOrder.LastActivity => cards.OrderByDescending(c => c.LastActivity).ThenBy(c => c.Name, StringComparer.Ordinal).ToList(),
            SortOrder.Created => cards.OrderByDescending(c => c.Created).ThenBy(c => c.Name, StringComparer.Ordinal).ToList(),
            SortOrder.Urgency => cards.OrderBy(c => AgentStates.Urgency(c.State, c.Verdict?.ExitStatus)).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Server.Label, StringComparer.Ordinal).ToList(),
            _ => cards.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Server.Label, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>The grid geometry for the current size.</summary>
    public GridLayout Layout => GridLayout.For(Width, Height);

    /// <summary>Index of the selected card in <see cref="VisibleCards"/>, or -1 when there are none.</summary>
    public int SelectedIndex(IReadOnlyList<Card> visible)
    {
        if (visible.Count == 0)
        {
            return -1;
        }

        for (var i = 0; i < visible.Count; i++)
        {
            if (visible[i].Key == SelectedKey)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The selected card, or null when there are no visible cards.</summary>
    public Card? SelectedCard()
    {
        var visible = VisibleCards();
        var i = SelectedIndex(visible);
        return i < 0 ? null : visible[i];
    }

    /// <summary>The cards on the current page (or the zoomed card), in grid order.</summary>
    public IReadOnlyList<Card> PageCards()
    {
        var visible = VisibleCards();
        var i = SelectedIndex(visible);
        if (i < 0)
        {
            return [];
        }

        if (Zoomed)
        {
            return [visible[i]];
        }

        var perPage = Layout.PerPage;
        var page = i / perPage;
        return visible.Skip(page * perPage).Take(perPage).ToList();
    }

    private static bool Matches(Card c, string filter) =>
        c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || c.Command.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || c.Path.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || c.Server.Label.Contains(filter, StringComparison.OrdinalIgnoreCase);
}
