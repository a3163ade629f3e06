namespace SessionTui.Core;

/// <summary>One key as the key map names it: a special key (<see cref="Special"/>) or a printable character
/// (<see cref="Char"/>), optionally with Control. The input adapter turns chords into its toolkit's keys; Core never sees a
/// terminal byte.</summary>
/// <param name="Special">A non-printing key such as <see cref="ConsoleKey.Enter"/>, or <c>0</c> for a character.</param>
/// <param name="Char">The character for printable keys (case matters: <c>H</c> is Shift+h), <c>\0</c> otherwise.</param>
/// <param name="Ctrl">Whether Control is held (only with a letter).</param>
/// <param name="Shift">Whether Shift is held (only with a special key, e.g. Shift+Tab; a shifted letter is its capital).</param>
public readonly record struct KeyChord(ConsoleKey Special, char Char, bool Ctrl = false, bool Shift = false)
{
    /// <summary>A printable character, e.g. <c>KeyChord.Of('x')</c> or <c>KeyChord.Of('?')</c>.</summary>
    public static KeyChord Of(char c) => new(0, c);

    /// <summary>A special key, e.g. <c>KeyChord.Of(ConsoleKey.Enter)</c>.</summary>
    public static KeyChord Of(ConsoleKey key) => new(key, '\0');

    /// <summary>Control plus a letter, e.g. <c>KeyChord.CtrlOf('c')</c>.</summary>
    public static KeyChord CtrlOf(char letter) => new(0, char.ToLowerInvariant(letter), Ctrl: true);

    /// <summary>Shift plus a special key, e.g. <c>KeyChord.ShiftOf(ConsoleKey.Tab)</c>.</summary>
    public static KeyChord ShiftOf(ConsoleKey key) => new(key, '\0', Shift: true);
}

/// <summary>
/// One key binding: which keys, in which modes, mean which intent. The same list drives the toolkit's key bindings and the
/// help overlay.
/// </summary>
/// <param name="Keys">How the keys are written in help, e.g. <c>↑ k</c>.</param>
/// <param name="Description">What the binding does, for help.</param>
/// <param name="Modes">Modes in which it applies.</param>
/// <param name="Chords">The keys that trigger it.</param>
/// <param name="Intent">The intent it produces.</param>
/// <param name="Hint">The one-word label of the footer and the dialogs, e.g. <c>attach</c>.</param>
/// <param name="Dangerous">Whether it destroys something (shown marked in help; it always asks first).</param>
public sealed record KeyBinding(
    string Keys,
    string Description,
    IReadOnlyList<WallMode> Modes,
    IReadOnlyList<KeyChord> Chords,
    Msg Intent,
    string Hint,
    bool Dangerous = false);

/// <summary>The wall's one key map.</summary>
public static class KeyMap
{
    private static readonly WallMode[] GridModes = [WallMode.Grid];
    private static readonly WallMode[] CardModes = [WallMode.Grid, WallMode.Zoom];
    private static readonly WallMode[] ListModes = [WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.HistoryDetail, WallMode.Runs, WallMode.RunDetail, WallMode.IterationDetail];
    private static readonly WallMode[] Browsing = [WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.HistoryDetail, WallMode.Runs, WallMode.RunDetail, WallMode.IterationDetail, WallMode.Help];
    private static readonly WallMode[] RunModes = [WallMode.Grid, WallMode.Zoom, WallMode.Runs, WallMode.RunDetail, WallMode.IterationDetail];

    /// <summary>Every binding, in help order.</summary>
    public static IReadOnlyList<KeyBinding> Bindings { get; } =
    [
        new("← h", "move left", CardModes, [KeyChord.Of(ConsoleKey.LeftArrow), KeyChord.Of('h')], new MoveSelection(-1, 0), "left"),
        new("→ l", "move right", CardModes, [KeyChord.Of(ConsoleKey.RightArrow), KeyChord.Of('l')], new MoveSelection(1, 0), "right"),
        new("↑ k", "move up (scroll a last screen)", ListModes, [KeyChord.Of(ConsoleKey.UpArrow), KeyChord.Of('k')], new MoveSelection(0, -1), "up"),
        new("↓ j", "move down (scroll a last screen)", ListModes, [KeyChord.Of(ConsoleKey.DownArrow), KeyChord.Of('j')], new MoveSelection(0, 1), "down"),
        new("PgUp", "previous page", ListModes, [KeyChord.Of(ConsoleKey.PageUp)], new PageMove(-1), "page up"),
        new("PgDn", "next page", ListModes, [KeyChord.Of(ConsoleKey.PageDown)], new PageMove(1), "page down"),
        new("Enter", "attach to the session", CardModes, [KeyChord.Of(ConsoleKey.Enter)], new AttachRequested(false), "attach"),
        new("a", "attach read-only", CardModes, [KeyChord.Of('a')], new AttachRequested(true), "read-only"),
        new("x", "kill the session (asks first)", CardModes, [KeyChord.Of('x')], new KillRequested(), "kill", Dangerous: true),
        new("y Enter", "confirm the kill", [WallMode.ConfirmKill], [KeyChord.Of('y'), KeyChord.Of(ConsoleKey.Enter)], new KillConfirmed(), "kill", Dangerous: true),
        new("n Esc", "cancel the kill", [WallMode.ConfirmKill], [KeyChord.Of('n'), KeyChord.Of(ConsoleKey.Escape)], new Back(), "cancel"),
        new("n", "new run: launch an agent into a workcell", CardModes, [KeyChord.Of('n')], new LaunchRequested(), "new run"),
        new("Enter", "launch the run", [WallMode.Launch], [KeyChord.Of(ConsoleKey.Enter)], new LaunchSubmitted(), "launch"),
        new("Esc", "cancel the launch", [WallMode.Launch], [KeyChord.Of(ConsoleKey.Escape)], new Back(), "cancel"),
        new("Tab ↓", "next field", [WallMode.Launch], [KeyChord.Of(ConsoleKey.Tab), KeyChord.Of(ConsoleKey.DownArrow)], new LaunchFocusMoved(1), "next"),
        new("S-Tab ↑", "previous field", [WallMode.Launch], [KeyChord.ShiftOf(ConsoleKey.Tab), KeyChord.Of(ConsoleKey.UpArrow)], new LaunchFocusMoved(-1), "previous"),
        new("z", "zoom the card to full screen and back", CardModes, [KeyChord.Of('z')], new ZoomRequested(), "zoom"),
        new("/", "filter by name, command, path", CardModes, [KeyChord.Of('/')], new FilterStarted(), "filter"),
        new("Enter", "keep the filter", [WallMode.Filter], [KeyChord.Of(ConsoleKey.Enter)], new FilterCommitted(), "keep"),
        new("Esc", "clear the filter", [WallMode.Filter], [KeyChord.Of(ConsoleKey.Escape)], new Back(), "clear"),
        new("s", "cycle sort: name, activity, created, urgency", GridModes, [KeyChord.Of('s')], new SortCycled(), "sort"),
        new("Tab", "next session that needs you", CardModes, [KeyChord.Of(ConsoleKey.Tab)], new NextNeedingYou(1), "needs you"),
        new("S-Tab", "previous one that needs you", CardModes, [KeyChord.ShiftOf(ConsoleKey.Tab)], new NextNeedingYou(-1), "previous"),
        new("H", "history of sessions", CardModes, [KeyChord.Of('H')], new HistoryRequested(), "history"),
        new("Enter", "show the last screen", [WallMode.History], [KeyChord.Of(ConsoleKey.Enter)], new HistoryOpenRequested(), "open"),
        new("Tab", "history: sessions or runs", [WallMode.History, WallMode.Runs], [KeyChord.Of(ConsoleKey.Tab)], new RunsToggled(), "runs"),
        new("Enter", "show the run", [WallMode.Runs], [KeyChord.Of(ConsoleKey.Enter)], new RunOpenRequested(), "open"),
        new("Enter", "a loop's run: show the selected iteration", [WallMode.RunDetail], [KeyChord.Of(ConsoleKey.Enter)], new IterationOpenRequested(), "iteration"),
        new("e", "edit the run's handoff.md in $EDITOR", RunModes, [KeyChord.Of('e')], new EditHandoffRequested(), "handoff"),
        new("R", "resume the run from its handoff", RunModes, [KeyChord.Of('R')], new ResumeRequested(), "resume"),
        new("r", "refresh now", [WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.Runs], [KeyChord.Of('r')], new RefreshRequested(), "refresh"),
        new("?", "help", Browsing, [KeyChord.Of('?')], new HelpToggled(), "help"),
        new("Esc", "back", Browsing, [KeyChord.Of(ConsoleKey.Escape)], new Back(), "back"),
        new("q", "quit", Browsing, [KeyChord.Of('q')], new QuitRequested(), "quit"),
        new("Ctrl-C", "quit", Enum.GetValues<WallMode>(), [KeyChord.CtrlOf('c')], new QuitRequested(), "quit"),
    ];

    /// <summary>The intent of <paramref name="key"/> in <paramref name="mode"/>, or null when the key means nothing there.</summary>
    public static Msg? Resolve(WallMode mode, KeyChord key)
    {
        foreach (var b in Bindings)
        {
            if (b.Modes.Contains(mode) && b.Chords.Contains(key))
            {
                return b.Intent;
            }
        }

        return null;
    }

    /// <summary>The bindings that apply in <paramref name="mode"/>, in help order.</summary>
    public static IEnumerable<KeyBinding> For(WallMode mode) => Bindings.Where(b => b.Modes.Contains(mode));
}
