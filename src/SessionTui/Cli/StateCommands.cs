using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionTui.Core;
using SessionTui.Tmux;
using SessionTui.Workcells.States;

namespace SessionTui.Cli;

/// <summary><c>sessiontui explain NAME</c>: a pane's agent state, the rule that decided it and the lines it matched.</summary>
internal static class StateCommands
{
    /// <summary>The command-line shape.</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var target = new Argument<string>("session") { Description = "exact session name, or session id like $3" };
        var explain = new Command("explain", "the agent state of a session's active pane, the rule that decided it and the lines it matched") { target, json };
        explain.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), dbPath: null);
            return await ExplainAsync(c.Tmux, c.Servers, Classifier(g, pr), pr.GetRequiredValue(target), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return explain;
    }

    /// <summary>Classifies the session's active pane and prints why.</summary>
    public static async Task<int> ExplainAsync(TmuxClient tmux, IReadOnlyList<ServerRef> servers, StateClassifier classifier, string target, bool json, CancellationToken ct)
    {
        SessionInfo session;
        try
        {
            session = await Cli.Commands.ResolveAsync(tmux, servers, target, ct).ConfigureAwait(false);
        }
        catch (SessionNotFoundException e)
        {
            await Console.Error.WriteLineAsync("sessiontui: " + e.Message).ConfigureAwait(false);
            return ExitCodes.NoSuchSession;
        }

        (session, var verdict) = await ClassifyAsync(tmux, session, classifier, ct).ConfigureAwait(false);
        var pane = session.ActivePane;
        if (json)
        {
            Console.WriteLine(Json(session, verdict));
            return ExitCodes.Ok;
        }

        var state = StateText(verdict);
        Console.WriteLine($"session   {RunText.Printable(session.Name)} ({session.SessionId} {pane.PaneId} on {session.Server.Label})");
        Console.WriteLine($"state     {state}");
        Console.WriteLine($"rule      {verdict.Rule}  ({verdict.Source})");
        for (var i = 0; i < verdict.Lines.Count; i++)
        {
            Console.WriteLine((i == 0 ? "matched   " : "          ") + RunText.Printable(verdict.Lines[i]));
        }

        if (!pane.Dead)
        {
            var quiet = DateTimeOffset.UtcNow - pane.WindowActivity;
            Console.WriteLine("quiet     " + ((long)Math.Max(0, quiet.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s since the window's last output");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The classifier of the command line: the built-in state rules with the user's (<c>states/</c> in the config
    /// folder), <c>--idle-after</c> and <c>--stuck-after</c> (<see cref="GlobalOptions.Settings"/>).</summary>
    /// <exception cref="StateRuleException">A user's rule file is invalid.</exception>
    internal static StateClassifier Classifier(GlobalOptions g, ParseResult pr) => (StateClassifier)g.Settings(pr).Classifier;

    /// <summary>Classifies the active pane of <paramref name="session"/> as listed: reads its exit status when tmux shows it
    /// dead but has not reaped it yet, captures its last lines (ANSI stripped) and its title, and applies the rules with the
    /// quiet time since its window's last activity.</summary>
    /// <returns>The session with its pane's exit status filled in, and the verdict.</returns>
    /// <exception cref="TmuxCommandException">The pane is gone.</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    internal static async Task<(SessionInfo Session, StateVerdict Verdict)> ClassifyAsync(TmuxClient tmux, SessionInfo session, StateClassifier classifier, CancellationToken ct)
    {
        var (pane, verdict) = await SessionStates.ClassifyAsync(tmux, classifier, session, ct).ConfigureAwait(false);
        return (session with { ActivePane = pane }, verdict);
    }

    /// <summary>The state word of a verdict with an exited pane's status and a limit's reset time in local time:
    /// <c>exited 3</c>, <c>rate-limited · resets 2025-01-02 16:00</c>.</summary>
    internal static string StateText(StateVerdict verdict) =>
        AgentStates.Text(verdict.State)
        + (verdict.ExitStatus is { } status ? " " + status.ToString(CultureInfo.InvariantCulture) : "")
        + (verdict.ResetsAt is { } r ? " · resets " + TimeZoneInfo.ConvertTime(r, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "");

    private static string Json(SessionInfo session, StateVerdict v)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("session", session.Name);
            w.WriteString("id", session.SessionId);
            w.WriteString("pane", session.ActivePane.PaneId);
            w.WriteString("server", session.Server.Label);
            w.WriteString("state", AgentStates.Text(v.State));
            if (v.ExitStatus is { } status)
            {
                w.WriteNumber("exitStatus", status);
            }

            w.WriteString("rule", v.Rule);
            w.WriteString("source", v.Source);
            w.WriteStartArray("lines");
            foreach (var line in v.Lines)
            {
                w.WriteStringValue(line);
            }

            w.WriteEndArray();
            if (v.ResetsAt is { } r)
            {
                w.WriteString("resetsAt", r.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("resetsAt");
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
