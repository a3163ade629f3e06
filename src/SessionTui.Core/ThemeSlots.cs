namespace SessionTui.Core;

/// <summary>
/// The semantic slots every theme file (<c>themes/*.json</c>) must define. Values are style strings: flags, a colour, and
/// <c>on</c> a background colour, e.g. <c>"bold #ff79c6 on #282a36"</c> (parsed by the UI's theme loader).
/// </summary>
public static class ThemeSlots
{
    /// <summary>Header bar (title, server health, counts).</summary>
    public const string Header = "header";

    /// <summary>Footer bar (key hints, status message).</summary>
    public const string Footer = "footer";

    /// <summary>Key names in hints and help.</summary>
    public const string Key = "key";

    /// <summary>Status message after an action.</summary>
    public const string Status = "status";

    /// <summary>An error line (server down, database problem).</summary>
    public const string Error = "error";

    /// <summary>Border of an unselected card.</summary>
    public const string CardBorder = "card.border";

    /// <summary>Border of the selected card.</summary>
    public const string CardBorderSelected = "card.border.selected";

    /// <summary>Session name in a card title.</summary>
    public const string CardTitle = "card.title";

    /// <summary>Secondary text in a card: server, command, age, path.</summary>
    public const string CardMeta = "card.meta";

    /// <summary>Preview text without its own colours.</summary>
    public const string CardPreview = "card.preview";

    /// <summary>Badge of a working session (the slot kept its first name, from when the state was called running).</summary>
    public const string StateRunning = "state.running";

    /// <summary>Badge of a session waiting for input.</summary>
    public const string StateWaiting = "state.waiting";

    /// <summary>Badge of an idle session.</summary>
    public const string StateIdle = "state.idle";

    /// <summary>Badge of a session whose pane exited.</summary>
    public const string StateExited = "state.exited";

    /// <summary>Badge of a session whose pane was killed by a signal.</summary>
    public const string StateDead = "state.dead";

    /// <summary>Badge of a rate-limited session (falls back to <c>state.waiting</c>).</summary>
    public const string StateLimited = "state.limited";

    /// <summary>Badge of a session whose agent cannot log in (falls back to <c>state.dead</c>).</summary>
    public const string StateAuth = "state.auth";

    /// <summary>Badge of a session whose agent's context is full (falls back to <c>state.waiting</c>).</summary>
    public const string StateContext = "state.context";

    /// <summary>Badge of a stuck session: working, no output change for the stuck threshold (falls back to <c>state.waiting</c>).</summary>
    public const string StateStuck = "state.stuck";

    /// <summary>The <c>attached</c> badge.</summary>
    public const string StateAttached = "state.attached";

    /// <summary>A warning that is not a failure (a loop iteration that checked an item without a commit).</summary>
    public const string Warning = "warning";

    /// <summary>Slots added after themes were first written, each with the older slot a theme without it uses instead, so a
    /// user's theme file keeps loading (<c>warning</c> came with loops and falls back to <c>state.waiting</c>).</summary>
    public static IReadOnlyDictionary<string, string> Fallbacks { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Warning] = StateWaiting,
        [StateLimited] = StateWaiting,
        [StateAuth] = StateDead,
        [StateContext] = StateWaiting,
        [StateStuck] = StateWaiting,
    };

    /// <summary>Dialog border and text (kill confirmation, help).</summary>
    public const string Dialog = "dialog";

    /// <summary>Dangerous words in a dialog (what dies).</summary>
    public const string DialogDanger = "dialog.danger";

    /// <summary>Selected row in lists (history).</summary>
    public const string Selection = "selection";

    /// <summary>The filter prompt.</summary>
    public const string Filter = "filter";

    /// <summary>Every slot, for validation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Header, Footer, Key, Status, Error, CardBorder, CardBorderSelected, CardTitle, CardMeta, CardPreview,
        StateRunning, StateWaiting, StateIdle, StateExited, StateDead, StateLimited, StateAuth, StateContext, StateStuck, StateAttached, Warning, Dialog, DialogDanger, Selection, Filter,
    ];
}
