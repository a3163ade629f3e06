using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Sending;
using SessionTui.Workcells.States;

namespace SessionTui.Cli;

/// <summary>
/// Driving one session from a script: <c>send</c> (paste a text through a tmux buffer, press Enter, confirm it arrived, wait
/// for an answer), <c>wait</c> (for a pattern or an agent state), <c>capture</c> (the pane's text) and <c>status</c> (one
/// session with its agent state and run). The session is named as <see cref="SessionTargets"/> says.
/// </summary>
internal static class SendCommands
{
    /// <summary>Time between two looks at a pane.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>History lines read above the visible screen by <c>send</c>, so that output scrolling between two looks is seen.</summary>
    private const int HistoryLines = 200;

    /// <summary>Looks in a row without change that make a changed pane count as settled (3 × 100 ms).</summary>
    private const int SettleLooks = 3;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The command-line shapes.</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        yield return Send(g, json, guard);
        yield return Wait(g, json, guard);
        yield return Capture(g, guard);
        yield return Status(g, json, guard);
    }

    private static Argument<string?> Target() => new("session")
    {
        Description = "exact session name, or session id like $3; may be left out when only one session runs",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Option<string> TimeoutOption() => new("--timeout")
    {
        Description = "how long to wait in all: 500ms, 30s, 2m …",
        HelpName = "DURATION",
        DefaultValueFactory = _ => "30s",
    };

    private static Command Send(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var words = new Argument<string[]>("words")
        {
            Description = "[SESSION] -- TEXT: the session (may be left out when only one runs), then after -- the text (words joined by spaces; - reads it from stdin)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var enter = new Option<bool>("--enter") { Description = "press Enter once the text has arrived" };
        var waitFor = new Option<string?>("--wait-for") { Description = "then wait until new output matches this .NET regex", HelpName = "REGEX" };
        var ifIdle = new Option<bool>("--if-idle") { Description = "send only when the agent is idle or waiting (else exit 6)" };
        var timeout = TimeoutOption();
        var send = new Command("send", "paste a text into a session's active pane through a tmux buffer, confirm it arrived, optionally press Enter and wait for an answer")
        {
            words, enter, waitFor, ifIdle, timeout, json,
        };
        send.SetAction((pr, ct) => guard(async () =>
        {
            if (!SplitWords(pr, pr.GetValue(words) ?? [], out var target, out var text, out var problem)
                || !TryDuration(pr.GetValue(timeout)!, out var limit, out problem)
                || !TryRegex(pr.GetValue(waitFor), out var pattern, out problem))
            {
                return await Usage(problem).ConfigureAwait(false);
            }

            byte[] bytes;
            if (text == "-")
            {
                using var stdin = Console.OpenStandardInput();
                using var read = new MemoryStream();
                await stdin.CopyToAsync(read, ct).ConfigureAwait(false);
                bytes = read.ToArray();
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(text);
            }

            if (bytes.Length == 0 && !pr.GetValue(enter))
            {
                return await Usage("nothing to send: give a TEXT after --, or --enter").ConfigureAwait(false);
            }

            using var c = new Composition(g.Servers(pr), dbPath: null);
            var request = new SendRequest(target, bytes, pr.GetValue(enter), pattern, limit, pr.GetValue(ifIdle), pr.GetValue(json));
            return await SendAsync(c.Tmux, c.Servers, StateCommands.Classifier(g, pr), request, ct).ConfigureAwait(false);
        }));
        return send;
    }

    /// <summary>What <c>send</c> was asked to do.</summary>
    private sealed record SendRequest(string? Target, byte[] Bytes, bool Enter, Regex? WaitFor, TimeSpan Timeout, bool IfIdle, bool Json);

    /// <summary>
    /// <c>sessiontui send</c>: resolves the session; with <c>--if-idle</c> refuses (exit 6) unless its agent is idle or
    /// waiting; pastes the text (<see cref="TmuxClient.PasteAsync"/>) and looks at the pane until it shows the text's end or
    /// changed and settled (<see cref="DeliveryCheck"/>); presses Enter only then; with <c>--wait-for</c> looks until new
    /// output (<see cref="NewOutput"/>) matches. Exit 0 delivered (and matched), 5 when the timeout ran out first, 3 no such
    /// session, 1 when the pane has exited.
    /// </summary>
    private static async Task<int> SendAsync(TmuxClient tmux, IReadOnlyList<ServerRef> servers, StateClassifier classifier, SendRequest r, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var session = await SessionTargets.ResolveAsync(tmux, servers, r.Target, ct).ConfigureAwait(false);
        (session, var verdict) = await StateCommands.ClassifyAsync(tmux, session, classifier, ct).ConfigureAwait(false);
        var pane = session.ActivePane.PaneId;
        var who = Who(session);
        var report = new SendReport(session, verdict, r.Bytes.Length);
        if (verdict.State is AgentState.Exited or AgentState.Dead)
        {
            return await Fail(ExitCodes.Failure, $"not sent: {who} has {StateCommands.StateText(verdict)}, nothing reads its input", r.Json ? report : null).ConfigureAwait(false);
        }

        if (r.IfIdle && verdict.State is not (AgentState.Idle or AgentState.Waiting))
        {
            return await Fail(ExitCodes.Refused, $"not sent: {who} is {StateCommands.StateText(verdict)} (rule {verdict.Rule}{Matched(verdict)}); --if-idle sends only to an idle or waiting agent", r.Json ? report : null).ConfigureAwait(false);
        }

        var text = Encoding.UTF8.GetString(r.Bytes);
        var seen = await tmux.ReadPaneAsync(session.Server, pane, HistoryLines, ct).ConfigureAwait(false);
        if (r.Bytes.Length > 0)
        {
            var check = new DeliveryCheck(text, seen, SettleLooks);
            await tmux.PasteAsync(session.Server, pane, r.Bytes, ct).ConfigureAwait(false);
            var evidence = DeliveryEvidence.None;
            while (evidence == DeliveryEvidence.None)
            {
                if (TimeProvider.System.GetElapsedTime(started) >= r.Timeout)
                {
                    var looked = check.Needle is { } n ? $"neither showed '{RunText.Printable(n)}' nor changed and settled" : "did not change and settle";
                    return await Fail(ExitCodes.Timeout, $"timed out after {Durations.Text(r.Timeout)}: pasted {r.Bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes into {who}, but it {looked}; Enter not pressed", r.Json ? report : null).ConfigureAwait(false);
                }

                await Task.Delay(Poll, ct).ConfigureAwait(false);
                seen = await ReadAliveAsync(tmux, session, HistoryLines, ct).ConfigureAwait(false);
                evidence = check.Observe(seen);
            }

            report = report with { Evidence = evidence };
        }

        if (r.Enter)
        {
            await tmux.SendKeysAsync(session.Server, pane, ["Enter"], ct).ConfigureAwait(false);
        }

        report = report with { Delivered = true, Enter = r.Enter };
        if (r.WaitFor is { } pattern)
        {
            var output = new NewOutput(seen.Lines, new EchoFilter(text));
            string? match = null;
            while (match is null)
            {
                if (TimeProvider.System.GetElapsedTime(started) >= r.Timeout)
                {
                    return await Fail(ExitCodes.Timeout, $"timed out after {Durations.Text(r.Timeout)}: delivered to {who}, but no new output matched /{RunText.Printable(pattern.ToString())}/", r.Json ? report : null).ConfigureAwait(false);
                }

                await Task.Delay(Poll, ct).ConfigureAwait(false);
                var fresh = output.Next((await ReadAliveAsync(tmux, session, HistoryLines, ct).ConfigureAwait(false)).Lines);
                match = fresh.Count > 0 && pattern.Match(string.Join('\n', fresh)) is { Success: true } m ? m.Value : null;
            }

            report = report with { Matched = match };
        }

        if (r.Json)
        {
            Console.WriteLine(report.ToJson());
        }
        else
        {
            Console.WriteLine($"sent {r.Bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes{(r.Enter ? " and Enter" : "")} to {who}"
                + (report.Evidence is DeliveryEvidence.None ? "" : report.Evidence == DeliveryEvidence.Echoed ? ": it shows the text" : ": it changed"));
            if (report.Matched is { } matched)
            {
                Console.WriteLine("matched " + RunText.Printable(matched));
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>What <c>send --json</c> prints.</summary>
    private sealed record SendReport(SessionInfo Session, StateVerdict Verdict, int Bytes)
    {
        public bool Delivered { get; init; }

        public bool Enter { get; init; }

        public DeliveryEvidence Evidence { get; init; }

        public string? Matched { get; init; }

        public string ToJson() => Json(w =>
        {
            WriteSession(w, Session);
            w.WriteBoolean("delivered", Delivered);
            w.WriteString("evidence", Evidence switch { DeliveryEvidence.Echoed => "echoed", DeliveryEvidence.Changed => "changed", _ => null });
            w.WriteNumber("bytes", Bytes);
            w.WriteBoolean("enter", Enter);
            w.WriteString("matched", Matched);
            WriteVerdict(w, Verdict);
        });
    }

    private static Command Wait(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var target = Target();
        var pattern = new Option<string?>("--for") { Description = "wait until the visible screen matches this .NET regex", HelpName = "REGEX" };
        var state = new Option<string?>("--state")
        {
            Description = "wait until the agent is in this state: " + string.Join(", ", AgentStates.All.Select(AgentStates.Text)),
            HelpName = "STATE",
        };
        var timeout = TimeoutOption();
        var wait = new Command("wait", "wait until a session's active pane shows a pattern, or its agent reaches a state") { target, pattern, state, timeout, json };
        wait.SetAction((pr, ct) => guard(async () =>
        {
            var stateText = pr.GetValue(state);
            if (!TryDuration(pr.GetValue(timeout)!, out var limit, out var problem) || !TryRegex(pr.GetValue(pattern), out var regex, out problem))
            {
                return await Usage(problem).ConfigureAwait(false);
            }

            if ((regex is null) == (stateText is null))
            {
                return await Usage("wait needs exactly one of --for REGEX and --state STATE").ConfigureAwait(false);
            }

            AgentState? wanted = null;
            if (stateText is not null)
            {
                if (!AgentStates.TryParse(stateText, out var parsed))
                {
                    return await Usage($"'{RunText.Printable(stateText)}' is not a state: one of {string.Join(", ", AgentStates.All.Select(AgentStates.Text))}").ConfigureAwait(false);
                }

                wanted = parsed;
            }

            using var c = new Composition(g.Servers(pr), dbPath: null);
            return await WaitAsync(c.Tmux, c.Servers, StateCommands.Classifier(g, pr), pr.GetValue(target), regex, wanted, limit, pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        return wait;
    }

    /// <summary><c>sessiontui wait</c>: looks at the session every 100 ms until its visible screen matches
    /// <paramref name="pattern"/>, or its agent is in <paramref name="wanted"/> (a session that is gone counts as
    /// <c>dead</c>). Exit 0 when it does, 5 when the timeout runs out first, 3 no such session (or gone while waiting for
    /// another state).</summary>
    private static async Task<int> WaitAsync(TmuxClient tmux, IReadOnlyList<ServerRef> servers, StateClassifier classifier, string? target, Regex? pattern, AgentState? wanted, TimeSpan timeout, bool json, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var session = await SessionTargets.ResolveAsync(tmux, servers, target, ct).ConfigureAwait(false);
        var who = Who(session);
        while (true)
        {
            var now = await FindAsync(tmux, session, ct).ConfigureAwait(false);
            if (now is null)
            {
                if (wanted == AgentState.Dead)
                {
                    var gone = new StateVerdict(AgentState.Dead, "tmux.gone", "tmux", ["the session is gone"], null);
                    Print(json, session, gone, null, $"{who} is gone");
                    return ExitCodes.Ok;
                }

                await Console.Error.WriteLineAsync($"sessiontui: {who} is gone (it ended without leaving its pane; wait for --state dead to accept that)").ConfigureAwait(false);
                return ExitCodes.NoSuchSession;
            }

            string notYet;
            if (pattern is not null)
            {
                var screen = await tmux.ReadPaneAsync(now.Server, now.ActivePane.PaneId, 0, ct).ConfigureAwait(false);
                if (pattern.Match(string.Join('\n', screen.Lines)) is { Success: true } m)
                {
                    Print(json, now, null, m.Value, "matched " + RunText.Printable(m.Value));
                    return ExitCodes.Ok;
                }

                notYet = $"the screen of {who} did not match /{RunText.Printable(pattern.ToString())}/";
            }
            else
            {
                var (classified, verdict) = await StateCommands.ClassifyAsync(tmux, now, classifier, ct).ConfigureAwait(false);
                if (verdict.State == wanted)
                {
                    Print(json, classified, verdict, null, $"{who} is {StateCommands.StateText(verdict)} (rule {verdict.Rule})");
                    return ExitCodes.Ok;
                }

                notYet = $"{who} is {StateCommands.StateText(verdict)} (rule {verdict.Rule}), not {AgentStates.Text(wanted!.Value)}";
            }

            if (TimeProvider.System.GetElapsedTime(started) >= timeout)
            {
                return await Fail(ExitCodes.Timeout, $"timed out after {Durations.Text(timeout)}: {notYet}", null).ConfigureAwait(false);
            }

            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The session as tmux lists it now, by server and id; null when it (or its server) is gone.</summary>
    private static async Task<SessionInfo?> FindAsync(TmuxClient tmux, SessionInfo session, CancellationToken ct)
    {
        try
        {
            return (await tmux.ListSessionsAsync(session.Server, ct).ConfigureAwait(false)).FirstOrDefault(s => s.SessionId == session.SessionId);
        }
        catch (TmuxServerUnavailableException)
        {
            return null;
        }
    }

    private static void Print(bool json, SessionInfo session, StateVerdict? verdict, string? matched, string line)
    {
        if (!json)
        {
            Console.WriteLine(line);
            return;
        }

        Console.WriteLine(Json(w =>
        {
            WriteSession(w, session);
            w.WriteString("matched", matched);
            if (verdict is not null)
            {
                WriteVerdict(w, verdict);
            }
        }));
    }

    private static Command Capture(GlobalOptions g, Func<Func<Task<int>>, Task<int>> guard)
    {
        var target = Target();
        var lines = new Option<int>("--lines", "-n") { Description = "history lines above the visible screen to include", HelpName = "N" };
        lines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--lines must be 0 or more");
            }
        });
        var ansi = new Option<bool>("--ansi") { Description = "keep colours and attributes (SGR escape sequences)" };
        var capture = new Command("capture", "print the text of a session's active pane: N lines of history, then the visible screen") { target, lines, ansi };
        capture.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), dbPath: null);
            var session = await SessionTargets.ResolveAsync(c.Tmux, c.Servers, pr.GetValue(target), ct).ConfigureAwait(false);
            var text = await c.Tmux.CapturePaneAsync(session.Server, session.ActivePane.PaneId, pr.GetValue(lines), ct).ConfigureAwait(false);
            var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(Encoding.UTF8.GetBytes((pr.GetValue(ansi) ? text : Ansi.Strip(text)) + "\n"), ct).ConfigureAwait(false);
            await stdout.FlushAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return capture;
    }

    private static Command Status(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var target = Target();
        var status = new Command("status", "one session: server, pane, command, clients, age, agent state and the rule that decided it, its workcell run") { target, json };
        status.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            var session = await SessionTargets.ResolveAsync(c.Tmux, c.Servers, pr.GetValue(target), ct).ConfigureAwait(false);
            (session, var verdict) = await StateCommands.ClassifyAsync(c.Tmux, session, StateCommands.Classifier(g, pr), ct).ConfigureAwait(false);
            var run = RunCommands.Find(c.Workcells, session.Name) is { } found
                && found.SessionId == session.SessionId && found.Socket == session.Server.SocketPath ? found : null;
            Console.Write(pr.GetValue(json) ? StatusJson(session, verdict, run) + "\n" : StatusText(session, verdict, run));
            return ExitCodes.Ok;
        }));
        return status;
    }

    private static string StatusText(SessionInfo s, StateVerdict v, RunRecord? run)
    {
        var now = DateTimeOffset.UtcNow;
        var b = new StringBuilder();
        RunText.Line(b, "session", $"{s.Name} ({s.SessionId} on {s.Server.Label})");
        RunText.Line(b, "pane", $"{s.ActivePane.PaneId} {s.ActivePane.CurrentCommand} (pid {s.ActivePane.Pid.ToString(CultureInfo.InvariantCulture)})");
        RunText.Line(b, "path", s.ActivePane.CurrentPath);
        RunText.Line(b, "clients", s.AttachedClients.ToString(CultureInfo.InvariantCulture) + " attached");
        RunText.Line(b, "age", Cards.Duration(now - s.Created) + " (created " + Utc(s.Created) + ")");
        RunText.Line(b, "state", StateCommands.StateText(v));
        RunText.Line(b, "reason", $"{v.Rule} ({v.Source})" + (v.Lines.Count > 0 ? ": " + v.Lines[0] : ""));
        RunText.Line(b, "run", run is null ? "none" : $"{run.RunId} {RunStates.Text(run.State)}");
        return b.ToString();
    }

    private static string StatusJson(SessionInfo s, StateVerdict v, RunRecord? run) => Json(w =>
    {
        WriteSession(w, s);
        w.WriteString("command", s.ActivePane.CurrentCommand);
        w.WriteNumber("pid", s.ActivePane.Pid);
        w.WriteString("path", s.ActivePane.CurrentPath);
        w.WriteNumber("attachedClients", s.AttachedClients);
        w.WriteString("created", Utc(s.Created));
        w.WriteNumber("ageSeconds", (long)Math.Max(0, (DateTimeOffset.UtcNow - s.Created).TotalSeconds));
        WriteVerdict(w, v);
        if (run is null)
        {
            w.WriteNull("run");
        }
        else
        {
            w.WriteStartObject("run");
            w.WriteString("id", run.RunId);
            w.WriteString("state", RunStates.Text(run.State));
            w.WriteString("dir", run.RunDir);
            w.WriteEndObject();
        }
    });

    private static void WriteSession(Utf8JsonWriter w, SessionInfo s)
    {
        w.WriteString("session", s.Name);
        w.WriteString("id", s.SessionId);
        w.WriteString("server", s.Server.Label);
        w.WriteString("socket", s.Server.SocketPath);
        w.WriteString("pane", s.ActivePane.PaneId);
    }

    private static void WriteVerdict(Utf8JsonWriter w, StateVerdict v)
    {
        w.WriteString("state", AgentStates.Text(v.State));
        if (v.ExitStatus is { } status)
        {
            w.WriteNumber("exitStatus", status);
        }

        w.WriteString("reason", v.Rule);
        w.WriteString("source", v.Source);
        w.WriteString("resetsAt", v.ResetsAt is { } r ? Utc(r) : null);
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Who(SessionInfo s) => $"{SessionTargets.Quote(s.Name)} ({s.SessionId} {s.ActivePane.PaneId} on {s.Server.Label})";

    private static string Matched(StateVerdict v) => v.Lines.Count > 0 ? ": " + RunText.Printable(v.Lines[0]) : "";

    /// <summary>Re-reads the pane; a session that went away meanwhile is a <see cref="SessionNotFoundException"/>.</summary>
    private static async Task<PaneText> ReadAliveAsync(TmuxClient tmux, SessionInfo session, int lines, CancellationToken ct)
    {
        try
        {
            return await tmux.ReadPaneAsync(session.Server, session.ActivePane.PaneId, lines, ct).ConfigureAwait(false);
        }
        catch (TmuxCommandException e)
        {
            throw new SessionNotFoundException($"{Who(session)} is gone: {e.Message}");
        }
    }

    /// <summary>Splits <c>send</c>'s words at <c>--</c>: before it at most the session, after it the text. Without <c>--</c>
    /// the first word is the session and the rest the text.</summary>
    private static bool SplitWords(ParseResult pr, string[] words, out string? target, out string text, out string problem)
    {
        var dash = -1;
        for (var i = 0; i < pr.Tokens.Count; i++)
        {
            if (pr.Tokens[i].Type == TokenType.DoubleDash)
            {
                dash = i;
                break;
            }
        }

        var after = dash < 0 ? Math.Max(0, words.Length - 1) : pr.Tokens.Count - dash - 1;
        var before = words.Length - after;
        target = before > 0 ? words[0] : null;
        text = string.Join(' ', words.Skip(before));
        problem = before > 1
            ? $"one session name before --, got {before.ToString(CultureInfo.InvariantCulture)}: sessiontui send [SESSION] [options] -- TEXT"
            : "";
        return before <= 1;
    }

    private static bool TryDuration(string text, out TimeSpan duration, out string problem)
    {
        problem = "";
        try
        {
            duration = Durations.Parse(text);
        }
        catch (FormatException e)
        {
            duration = TimeSpan.Zero;
            problem = "--timeout: " + e.Message;
            return false;
        }

        if (duration <= TimeSpan.Zero)
        {
            problem = "--timeout must be more than 0";
            return false;
        }

        return true;
    }

    private static bool TryRegex(string? text, out Regex? regex, out string problem)
    {
        regex = null;
        problem = "";
        if (text is null)
        {
            return true;
        }

        try
        {
            regex = new Regex(text, RegexOptions.Multiline | RegexOptions.CultureInvariant, RegexTimeout);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = $"not a regular expression: '{RunText.Printable(text)}': {e.Message}";
            return false;
        }
    }

    private static async Task<int> Usage(string problem)
    {
        await Console.Error.WriteLineAsync("sessiontui: " + problem).ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static async Task<int> Fail(int code, string message, SendReport? report)
    {
        if (report is not null)
        {
            Console.WriteLine(report.ToJson());
        }

        await Console.Error.WriteLineAsync("sessiontui: " + message).ConfigureAwait(false);
        return code;
    }
}
