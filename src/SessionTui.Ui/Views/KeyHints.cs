using SessionTui.Core;

namespace SessionTui.Ui.Views;

/// <summary>Key hints generated from <see cref="KeyMap"/>: the footer, the kill dialog and the help overlay all read the
/// same bindings that dispatch keys, so they cannot drift apart.</summary>
internal static class KeyHints
{
    /// <summary>One hint: keys as shown and a short label.</summary>
    /// <param name="Keys">Keys, e.g. <c>⏎</c>, <c>y/Enter</c>.</param>
    /// <param name="Label">Short label, e.g. <c>attach</c>.</param>
    /// <param name="Pinned">Kept when the footer is too narrow for every hint (help and quit).</param>
    public readonly record struct Hint(string Keys, string Label, bool Pinned);

    /// <summary>The hints of <paramref name="mode"/> in key-map order: movement and paging left out (the arrows speak for
    /// themselves), a second binding with the same label left out (Ctrl-C next to q), Esc left out on a grid without a
    /// filter, card actions left out without a card, and opening an iteration left out in a run that is not a loop (they do
    /// nothing there).</summary>
    /// <param name="state">The state (mode, filter).</param>
    /// <param name="mode">The mode whose bindings to list.</param>
    /// <param name="compact">Glyphs for the footer (<c>⏎</c>, <c>esc</c>, <c>^C</c>) instead of key names.</param>
    public static List<Hint> For(WallState state, WallMode mode, bool compact)
    {
        var hints = new List<Hint>();
        var noCard = mode is WallMode.Grid or WallMode.Zoom && state.SelectedCard() is null;
        var noRun = mode is WallMode.Grid or WallMode.Zoom && state.SelectedCard()?.Run is null;
        foreach (var binding in KeyMap.For(mode))
        {
            if (binding.Intent is MoveSelection or PageMove
                || (binding.Intent is Back && mode == WallMode.Grid && state.Filter.Length == 0)
                || (binding.Intent is AttachRequested or KillRequested or ZoomRequested && noCard)
                || (binding.Intent is EditHandoffRequested or ResumeRequested && noRun)
                || (binding.Intent is IterationOpenRequested && state.RunDetail is not { Iterations.IsEmpty: false })
                || (binding.Intent is NextNeedingYou n && (n.Direction < 0 || !state.Cards.Any(c => c.NeedsYou))))
            {
                continue;
            }

            var label = Label(binding, mode);
            if (hints.Any(h => h.Label == label))
            {
                continue;
            }

            hints.Add(new Hint(Keys(binding.Keys, compact), label, binding.Intent is HelpToggled or QuitRequested));
        }

        return hints;
    }

    /// <summary>How help writes a binding's keys: <c>y Enter</c> becomes <c>y/Enter</c> (or <c>y/⏎</c> compact).</summary>
    public static string Keys(string keys, bool compact) =>
        string.Join("/", keys.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(k => compact ? Glyph(k) : k));

    private static string Glyph(string key) => key switch
    {
        "Enter" => "⏎",
        "Esc" => "esc",
        "Ctrl-C" => "^C",
        "Tab" => "⇥",
        _ => key,
    };

    /// <summary>The binding's hint from the key map, with the labels that depend on where it is pressed: Esc on a filtered
    /// grid clears the filter, z in zoom unzooms, ? in help closes it, Tab in the runs list goes back to sessions.</summary>
    private static string Label(KeyBinding binding, WallMode mode) => binding.Intent switch
    {
        Back when mode == WallMode.Grid => "clear filter",
        ZoomRequested when mode == WallMode.Zoom => "unzoom",
        HelpToggled when mode == WallMode.Help => "close",
        RunsToggled when mode == WallMode.Runs => "sessions",
        _ => binding.Hint,
    };
}
