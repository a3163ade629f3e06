using System.Text;
using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Cli;

/// <summary>
/// Which session a command that drives one (<c>send</c>, <c>wait</c>, <c>capture</c>, <c>status</c>) means: the session
/// whose exact name or id (<c>$N</c>) is given, across the watched servers; with no name and exactly one session on them,
/// that one; otherwise an error that lists the candidates (exit 3). Never a prefix or pattern, unlike tmux's <c>-t</c>.
/// </summary>
internal static class SessionTargets
{
    /// <summary>Lists the servers and picks the session (<see cref="Pick"/>). A server that is not running has no sessions.</summary>
    /// <exception cref="SessionNotFoundException">No session, or several, match.</exception>
    public static async Task<SessionInfo> ResolveAsync(TmuxClient tmux, IReadOnlyList<ServerRef> servers, string? target, CancellationToken ct)
    {
        var found = new List<SessionInfo>();
        var down = new List<string>();
        foreach (var server in servers)
        {
            try
            {
                found.AddRange(await tmux.ListSessionsAsync(server, ct).ConfigureAwait(false));
            }
            catch (TmuxServerUnavailableException)
            {
                down.Add(server.Label);
            }
        }

        return Pick(found, target, [.. servers.Select(s => s.Label)], down);
    }

    /// <summary>Picks the session <paramref name="target"/> names among <paramref name="sessions"/> (see
    /// <see cref="SessionTargets"/>).</summary>
    /// <param name="sessions">Every session of the watched servers.</param>
    /// <param name="target">An exact name or a <c>$N</c> id, or null for "the only session".</param>
    /// <param name="servers">The labels of the watched servers, for the message.</param>
    /// <param name="down">The labels of those that are not running, for the message.</param>
    /// <exception cref="SessionNotFoundException">No session, or several, match; the message is one printable line.</exception>
    public static SessionInfo Pick(IReadOnlyList<SessionInfo> sessions, string? target, IReadOnlyList<string> servers, IReadOnlyList<string> down)
    {
        var notRunning = down.Count > 0 ? $" (no server running on {string.Join(", ", down)})" : "";
        if (target is null)
        {
            return sessions.Count switch
            {
                1 => sessions[0],
                0 => throw new SessionNotFoundException($"no sessions on {string.Join(", ", servers)}{notRunning}"),
                _ => throw new SessionNotFoundException($"{sessions.Count} sessions, name one: {Candidates(sessions)}"),
            };
        }

        var found = TmuxClient.Resolve(sessions, target);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new SessionNotFoundException(
                $"no session named or with id {Quoted(target)} on {string.Join(", ", servers)}{notRunning}"),
            _ => throw new SessionNotFoundException(
                $"{Quoted(target)} matches {found.Count} sessions: {Candidates(found)}; name one server with -L/-S"),
        };
    }

    /// <summary>The names, quoted when needed, each with its id and server when a name is on several servers.</summary>
    private static string Candidates(IReadOnlyList<SessionInfo> sessions)
    {
        var ordered = sessions.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Server.Label, StringComparer.Ordinal).ToList();
        var repeated = ordered.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return string.Join(", ", ordered.Select(s => Quote(s.Name) + (repeated.Contains(s.Name) ? $" ({s.SessionId} on {s.Server.Label})" : "")));
    }

    /// <summary>A name always in double quotes, as <see cref="Quote"/> writes them.</summary>
    private static string Quoted(string name) => Quote(name) is var q && q.StartsWith('"') ? q : "\"" + q + "\"";

    /// <summary>A name as it can be typed back: bare when it is plain, else in double quotes with <c>"</c> and <c>\</c>
    /// escaped; control characters become <c>?</c>.</summary>
    internal static string Quote(string name)
    {
        var plain = name.Length > 0 && name[0] != '-' && name.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('"' or '\'' or ',' or '\\' or ';' or '$' or '`'));
        if (plain || TmuxTargets.IsSessionId(name))
        {
            return name;
        }

        var b = new StringBuilder("\"");
        foreach (var c in name)
        {
            b.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => "?",
                _ => c.ToString(),
            });
        }

        return b.Append('"').ToString();
    }
}
