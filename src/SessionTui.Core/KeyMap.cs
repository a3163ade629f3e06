namespace SessionTui.Core;

/// <summary>
/// One key binding: which keys, in which modes, mean which intent. The same list drives dispatch and the help overlay.
/// </summary>
/// <param name="Keys">How the keys are written in help, e.g. <c>↑ k</c>.</param>
/// <param name="Description">What the binding does, for help.</param>
/// <param name="Modes">Modes in which it applies.</param>
/// <param name="Matches">Whether a key press is this binding.</param>
/// <param name="Intent">The intent it produces.</param>
/// <param name="Dangerous">Whether it destroys something (shown marked in help; it always asks first).</param>
public sealed record KeyBinding(
    string Keys,
    string Description,
    IReadOnlyList<WallMode> Modes,
    Func<KeyInput, bool> Matches,
    Msg Intent,
    bool Dangerous = false);

/// <summary>The wall's one key map.</summary>
public static class KeyMap
{
    private static readonly WallMode[] GridModes = [WallMode.Grid];
    private static readonly WallMode[] CardModes = [WallMode.Grid, WallMode.Zoom];
    private static readonly WallMode[] ListModes = [WallMode.Grid, WallMode.Zoom, WallMode.History];
    private static readonly WallMode[] Browsing = [WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.HistoryDetail, WallMode.Help];

    /// <summary>Every binding, in help order.</summary>
    public static IReadOnlyList<KeyBinding> Bindings { get; } =
    [
        new("← h", "move left", CardModes, k => Is(k, ConsoleKey.LeftArrow, 'h'), new MoveSelection(-1, 0)),
        new("→ l", "move right", CardModes, k => Is(k, ConsoleKey.RightArrow, 'l'), new MoveSelection(1, 0)),
        new("↑ k", "move up", ListModes, k => Is(k, ConsoleKey.UpArrow, 'k'), new MoveSelection(0, -1)),
        new("↓ j", "move down", ListModes, k => Is(k, ConsoleKey.DownArrow, 'j'), new MoveSelection(0, 1)),
        new("PgUp", "previous page", ListModes, k => Is(k, ConsoleKey.PageUp), new PageMove(-1)),
        new("PgDn", "next page", ListModes, k => Is(k, ConsoleKey.PageDown), new PageMove(1)),
        new("Enter", "attach to the session", CardModes, k => Is(k, ConsoleKey.Enter), new AttachRequested(false)),
        new("a", "attach read-only", CardModes, k => Is(k, 'a'), new AttachRequested(true)),
        new("x", "kill the session (asks first)", CardModes, k => Is(k, 'x'), new KillRequested(), Dangerous: true),
        new("y Enter", "confirm the kill", [WallMode.ConfirmKill], k => Is(k, ConsoleKey.Enter, 'y'), new KillConfirmed(), Dangerous: true),
        new("n Esc", "cancel the kill", [WallMode.ConfirmKill], k => Is(k, ConsoleKey.Escape, 'n'), new Back()),
        new("z", "zoom the card to full screen", CardModes, k => Is(k, 'z'), new ZoomRequested()),
        new("/", "filter by name, command, path", CardModes, k => Is(k, '/'), new FilterStarted()),
        new("Enter", "keep the filter", [WallMode.Filter], k => Is(k, ConsoleKey.Enter), new FilterCommitted()),
        new("Esc", "clear the filter", [WallMode.Filter], k => Is(k, ConsoleKey.Escape), new Back()),
        new("s", "cycle sort: name, activity, created", GridModes, k => Is(k, 's'), new SortCycled()),
        new("H", "history of sessions", CardModes, k => Is(k, 'H'), new HistoryRequested()),
        new("Enter", "show the last screen", [WallMode.History], k => Is(k, ConsoleKey.Enter), new HistoryOpenRequested()),
        new("r", "refresh now", [WallMode.Grid, WallMode.Zoom, WallMode.History], k => Is(k, 'r'), new RefreshRequested()),
        new("?", "help", Browsing, k => Is(k, '?'), new HelpToggled()),
        new("Esc", "back", [WallMode.Grid, WallMode.Zoom, WallMode.History, WallMode.HistoryDetail, WallMode.Help], k => Is(k, ConsoleKey.Escape), new Back()),
        new("q", "quit", Browsing, k => Is(k, 'q'), new QuitRequested()),
        new("Ctrl-C", "quit", Enum.GetValues<WallMode>(), k => k.Ctrl && (k.Key == ConsoleKey.C || k.Char == '\u0003'), new QuitRequested()),
    ];

    /// <summary>The intent of <paramref name="key"/> in <paramref name="mode"/>, or null when the key means nothing there.</summary>
    public static Msg? Resolve(WallMode mode, KeyInput key)
    {
        foreach (var b in Bindings)
        {
            if (b.Modes.Contains(mode) && b.Matches(key))
            {
                return b.Intent;
            }
        }

        return null;
    }

    /// <summary>The bindings that apply in <paramref name="mode"/>, in help order.</summary>
    public static IEnumerable<KeyBinding> For(WallMode mode) => Bindings.Where(b => b.Modes.Contains(mode));

    private static bool Is(KeyInput k, ConsoleKey key, char c = '\0') =>
        !k.Ctrl && !k.Alt && ((k.Key == key && key != 0) || (c != '\0' && k.Char == c));

    private static bool Is(KeyInput k, char c) => !k.Ctrl && !k.Alt && k.Char == c;
}
