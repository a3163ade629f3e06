namespace SessionTui.Core.Engine;

/// <summary>
/// Tells from two consecutive listings of one server which sessions ended and how: a session missing from the newer
/// listing vanished; an active pane that turned dead exited (with its status) or died (by a signal). Sessions are told
/// apart by their <see cref="SessionIdentity"/>.
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
        var now = after.ToDictionary(s => s.Identity);
        var was = before.ToDictionary(s => s.Identity);
        var ends = new List<(SessionEnd, string)>();
        foreach (var s in before)
        {
            if (!now.ContainsKey(s.Identity) && !Ended(s))
            {
                ends.Add((new SessionEnd(s.Server, s.SessionId, s.Created, EndReason.Vanished, null, at, screens(s.ActivePane.PaneId)) { ServerPid = s.ServerPid }, s.Name));
            }
        }

        foreach (var s in after)
        {
            var turnedDead = Ended(s) && (!was.TryGetValue(s.Identity, out var old) || !Ended(old));
            if (turnedDead)
            {
                ends.Add((new SessionEnd(s.Server, s.SessionId, s.Created, EndReason.Exited, s.ActivePane.DeadStatus, at, screens(s.ActivePane.PaneId)) { ServerPid = s.ServerPid }, s.Name));
            }
        }

        return ends;
    }

    /// <summary>Dead with its status or signal known: tmux 3.3a can show a pane dead before it has reaped the process, and
    /// the status then arrives on a later tick.</summary>
    private static bool Ended(SessionInfo s) =>
        s.ActivePane.Dead && (s.ActivePane.DeadStatus is not null || s.ActivePane.DeadSignal is not null);
}
