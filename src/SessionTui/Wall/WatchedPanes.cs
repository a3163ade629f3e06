using System.Collections.Immutable;
using SessionTui.Core;

namespace SessionTui.Wall;

/// <summary>
/// The panes each poller captures on its next tick, set by the wall after every state change that moves what is on
/// screen. Thread-safe: written on the UI thread, read by pollers.
/// </summary>
public sealed class WatchedPanes
{
    private volatile WatchPanes _current = new(ImmutableDictionary<ServerRef, ImmutableHashSet<string>>.Empty, 1);

    /// <summary>Pane ids to capture on <paramref name="server"/>.</summary>
    public IReadOnlyCollection<string> For(ServerRef server) =>
        _current.Panes.TryGetValue(server, out var panes) ? panes : [];

    /// <summary>Lines of each pane to capture.</summary>
    public int Lines => _current.Lines;

    /// <summary>Replaces the watched set.</summary>
    /// <returns>The servers that gained a pane or need more lines (worth a tick now rather than in a second).</returns>
    public IReadOnlyList<ServerRef> Set(WatchPanes next)
    {
        var before = _current;
        _current = next;
        return next.Panes
            .Where(kv => next.Lines > before.Lines
                || !before.Panes.TryGetValue(kv.Key, out var old)
                || !kv.Value.IsSubsetOf(old))
            .Select(kv => kv.Key)
            .ToList();
    }
}
