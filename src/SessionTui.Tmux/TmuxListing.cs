using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>Turns parsed <c>list-panes</c> and <c>list-clients</c> rows into the domain's sessions.</summary>
public static class TmuxListing
{
    /// <summary>
    /// One <see cref="SessionInfo"/> per session, in the order tmux listed them, each with the active pane of its current window
    /// (the row with <c>window_active</c> and <c>pane_active</c> both 1). <see cref="SessionInfo.AttachedClients"/> counts the
    /// client rows on that session that are not control-mode clients.
    /// </summary>
    /// <param name="server">The server the rows came from.</param>
    /// <param name="panes">Rows from <c>list-panes -a</c>, filtered to active panes or not.</param>
    /// <param name="clients">Rows from <c>list-clients</c>.</param>
    public static IReadOnlyList<SessionInfo> Sessions(ServerRef server, IEnumerable<PaneRow> panes, IEnumerable<ClientRow> clients)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(panes);
        ArgumentNullException.ThrowIfNull(clients);
        var attached = clients
            .Where(c => !c.ControlMode && c.SessionId is not null)
            .GroupBy(c => c.SessionId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return panes
            .Where(p => p.WindowActive && p.PaneActive)
            .DistinctBy(p => p.SessionId, StringComparer.Ordinal)
            .Select(p => new SessionInfo(
                server,
                p.SessionId,
                p.SessionName,
                p.SessionCreated,
                attached.GetValueOrDefault(p.SessionId),
                p.SessionWindows,
                p.Pane))
            .ToArray();
    }
}
