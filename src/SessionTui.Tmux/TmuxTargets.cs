namespace SessionTui.Tmux;

/// <summary>
/// Target strings for <c>-t</c> (tmux(1) COMMANDS, target-session / target-pane). Target by id whenever possible; a bare name is
/// never produced because tmux prefix-matches it (<c>-t api</c> finds <c>api-prod</c>).
/// </summary>
public static class TmuxTargets
{
    /// <summary>A session by id: the id itself, e.g. <c>$3</c>.</summary>
    /// <param name="sessionId">A session id <c>$N</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is not <c>$</c> followed by digits.</exception>
    public static string Session(string sessionId) => Checked(sessionId, '$', nameof(sessionId));

    /// <summary>A pane by id: the id itself, e.g. <c>%7</c>.</summary>
    /// <param name="paneId">A pane id <c>%N</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%</c> followed by digits.</exception>
    public static string Pane(string paneId) => Checked(paneId, '%', nameof(paneId));

    /// <summary>Whether <paramref name="value"/> is a session id: <c>$</c> followed by one or more ASCII digits.</summary>
    /// <param name="value">The text to test.</param>
    public static bool IsSessionId(string? value) => IsId(value, '$');

    internal static bool IsId(string? value, char sigil) =>
        value is { Length: > 1 } && value[0] == sigil && !value.AsSpan(1).ContainsAnyExceptInRange('0', '9');

    private static string Checked(string id, char sigil, string parameter) =>
        IsId(id, sigil) ? id : throw new ArgumentException($"not a tmux id like {sigil}3: '{id}'", parameter);
}
