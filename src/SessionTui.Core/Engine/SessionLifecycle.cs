namespace SessionTui.Core.Engine;

/// <summary>
/// Tells from two consecutive listings of one server which sessions ended and how: a session missing from the newer
/// listing vanished; an active pane that turned dead exited (with its status) or died (by a signal).
/// </summary>
public static class SessionLifecycle
{
    /// <summary>The ends between <paramref name="before"/> and <paramref name="after"/> (both from the same server).</summary>
    /// <param name="before">The previous listing, or empty at start.</param>
    /// <param name="after">The new listing.</param>
    /// <param name="at">Time of the new listing, UTC.</param>
    /// <param name="screens">Last known screen per pane id, attached to the ends.</param>
    /// <returns>Pairs of end and session name, in <paramref name="before"/>'s order, then <paramref name="after"/>'s.</returns>
    public static IReadOnlyList<(SessionEnd End, string Name)> Ends(
        IReadOnlyCollection<SessionInfo> before,
        IReadOnlyCollection<SessionInfo> after,
        DateTimeOffset at,
        Func<string, string?> screens)
    {
        var now = after.ToDictionary(s => (s.SessionId, s.Created));
        var was = before.ToDictionary(s => (s.SessionId, s.Created));
        var ends = new List<(SessionEnd, string)>();
        foreach (var s in before)
        {
            if (!now.ContainsKey((s.SessionId, s.Created)) && !s.ActivePane.Dead)
            {
                ends.Add((new SessionEnd(s.Server, s.SessionId, s.Created, EndReason.Vanished, null, at, screens(s.ActivePane.PaneId)), s.Name));
            }
        }

        foreach (var s in after)
        {
            var turnedDead = s.ActivePane.Dead && (!was.TryGetValue((s.SessionId, s.Created), out var old) || !old.ActivePane.Dead);
            if (turnedDead)
            {
                ends.Add((new SessionEnd(s.Server, s.SessionId, s.Created, EndReason.Exited, s.ActivePane.DeadStatus, at, screens(s.ActivePane.PaneId)), s.Name));
            }
        }

        return ends;
    }
}
