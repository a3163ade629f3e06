using SessionTui.Tmux;

namespace SessionTui.Workcells.Sending;

/// <summary>What showed that a pasted text reached the program in a pane.</summary>
public enum DeliveryEvidence
{
    /// <summary>Nothing yet.</summary>
    None,

    /// <summary>The end of the text's last non-blank line (<see cref="DeliveryCheck.Needle"/>) is on a line new since the
    /// paste: the program echoed it, or shows it in its input box.</summary>
    Echoed,

    /// <summary>The pane changed since the paste (text or cursor) and then held still for the settle time: the program
    /// reacted without echoing (a paste placeholder such as <c>[Pasted text #1 +80 lines]</c>, a hidden prompt).</summary>
    Changed,
}

/// <summary>
/// Decides from successive looks at a pane whether a pasted text has arrived, honestly for a long text that scrolls: the
/// text's end must show on a line that is new since the look before the paste (<see cref="ScreenDiff"/>), or the pane must
/// have changed and settled. A pane that never changes, or keeps changing without ever showing the text (a spinner),
/// stays unconfirmed. Not thread-safe; one instance per paste.
/// </summary>
public sealed class DeliveryCheck
{
    /// <summary>At most this many characters of the last line are looked for.</summary>
    public const int NeedleLength = 40;

    private readonly PaneText _before;
    private readonly int _settleLooks;
    private PaneText? _previous;
    private int _still;

    /// <summary>Starts a check.</summary>
    /// <param name="text">The pasted text (decoded).</param>
    /// <param name="before">The pane just before the paste.</param>
    /// <param name="settleLooks">How many looks in a row after a change must equal the one before them for
    /// <see cref="DeliveryEvidence.Changed"/> (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="settleLooks"/> is below 1.</exception>
    public DeliveryCheck(string text, PaneText before, int settleLooks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentOutOfRangeException.ThrowIfLessThan(settleLooks, 1);
        Needle = NeedleOf(text);
        _before = before;
        _settleLooks = settleLooks;
    }

    /// <summary>The text looked for: the end (at most <see cref="NeedleLength"/> characters) of the text's last non-blank
    /// line, after its last control character (a tab shows as spaces), trimmed; null when nothing printable is left.</summary>
    public string? Needle { get; }

    /// <summary>Takes the next look at the pane.</summary>
    /// <param name="now">The pane now.</param>
    /// <returns>The evidence of delivery so far, <see cref="DeliveryEvidence.None"/> while there is none.</returns>
    public DeliveryEvidence Observe(PaneText now)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (Needle is { } needle && ScreenDiff.Added(_before.Lines, now.Lines).Any(l => l.Contains(needle, StringComparison.Ordinal)))
        {
            return DeliveryEvidence.Echoed;
        }

        var changed = !Same(now, _before);
        _still = changed && _previous is not null && Same(now, _previous) ? _still + 1 : 0;
        _previous = now;
        return changed && _still >= _settleLooks ? DeliveryEvidence.Changed : DeliveryEvidence.None;
    }

    /// <summary>See <see cref="Needle"/>.</summary>
    public static string? NeedleOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var last = text.ReplaceLineEndings("\n").Split('\n').LastOrDefault(l => l.Trim().Length > 0);
        if (last is null)
        {
            return null;
        }

        var cut = last.AsSpan().LastIndexOfAnyInRange('\0', '\x1f');
        var tail = last[(cut + 1)..].Trim();
        if (tail.Length > NeedleLength)
        {
            var from = tail.Length - NeedleLength;
            if (char.IsLowSurrogate(tail[from]))
            {
                from++;
            }

            tail = tail[from..].TrimStart();
        }

        return tail.Length == 0 ? null : tail;
    }

    private static bool Same(PaneText a, PaneText b) =>
        a.CursorX == b.CursorX && a.CursorY == b.CursorY && a.Lines.SequenceEqual(b.Lines, StringComparer.Ordinal);
}
