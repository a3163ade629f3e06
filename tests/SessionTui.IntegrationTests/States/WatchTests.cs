using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.States;

/// <summary><c>sessiontui watch</c> on a private server: one JSON line per transition, the transitions in SQLite, one
/// notifier per database, a clean end on SIGTERM.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class WatchTests : IDisposable
{
    private readonly WorkcellFixture _w = new();
    private readonly List<Process> _started = [];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var p in _started.Where(p => !p.HasExited))
        {
            p.Kill(entireProcessTree: true);
        }

        _w.Dispose();
    }

    [Fact]
    public async Task Watch_prints_each_transition_records_it_and_ends_cleanly_on_SIGTERM()
    {
        // Given three sessions: one keeps printing, one shows a permission dialog and one exits 3 once the test says go
        var go = Path.Join(_w.Home, "go");
        var ask = _w.Agent("ask.sh", $$"""
            echo "⏺ Reading the migration"
            while [ ! -f '{{go}}' ]; do sleep 0.1; done
            printf ' Bash command\n\n   rm -rf build/\n\n Do you want to proceed?\n ❯ 1. Yes\n   2. No\n'
            sleep 300
            """);
        var fail = _w.Agent("fail.sh", $$"""
            while [ ! -f '{{go}}' ]; do sleep 0.1; done
            echo "Error: boom"
            exit 3
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "busy", "-x", "80", "-y", "20", "while true; do echo tick; sleep 0.2; done");
        _w.Tmux("new-session", "-d", "-s", "ask 'me'", "-x", "80", "-y", "20", ask);
        _w.Tmux("new-session", "-d", "-s", "fail", "-x", "80", "-y", "20", fail, ";", "set-option", "-p", "remain-on-exit", "on");

        // When watch runs and the agents move on
        var (watch, lines, errors) = StartWatch();
        await Task.Delay(600);
        File.WriteAllText(go, "");

        // Then one JSON line says each change, with the rule that decided it
        TmuxTestServer.WaitUntil(() => Events(lines).Count(e => e.GetProperty("to").GetString() is "waiting" or "exited") >= 2, TimeSpan.FromSeconds(20), () => "two transitions; got " + string.Join("\n", lines));
        var events = Events(lines);
        var waiting = events.Single(e => e.GetProperty("to").GetString() == "waiting");
        Assert.Equal(("ask 'me'", "state", "claude.waiting.menu", true), (waiting.GetProperty("session").GetString(), waiting.GetProperty("kind").GetString(), waiting.GetProperty("rule").GetString(), waiting.GetProperty("needsYou").GetBoolean()));
        var exited = events.Single(e => e.GetProperty("to").GetString() == "exited");
        Assert.Equal(("fail", 3, "tmux.exited"), (exited.GetProperty("session").GetString(), exited.GetProperty("exitStatus").GetInt32(), exited.GetProperty("rule").GetString()));
        // (the busy one only has the line of the state it was found in: nothing was recorded for it before this watch)
        var busy = events.Where(e => e.GetProperty("session").GetString() == "busy").ToList();
        Assert.Equal([(JsonValueKind.Null, "working")], busy.Select(e => (e.GetProperty("from").ValueKind, e.GetProperty("to").GetString())));

        // And a second watcher on the same database is told that the first one notifies
        var second = Watch("--json");
        var secondErrors = Lines(second.StandardError);
        TmuxTestServer.WaitUntil(() => secondErrors.Any(l => l.Contains("another watcher (watch, pid " + watch.Id, StringComparison.Ordinal)), TimeSpan.FromSeconds(20), () => "the refusal; got " + string.Join("\n", secondErrors));

        // And SIGTERM ends the first at once with exit 0
        var sw = Stopwatch.StartNew();
        await _w.Runner.RunAsync(new ProcessSpec("kill", ["-TERM", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(10)), "watch ended on SIGTERM");
        Assert.Equal(0, watch.ExitCode);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");

        // And the second one takes over the lock within its retry
        TmuxTestServer.WaitUntil(() => secondErrors.Any(l => l.Contains("this watch now records and notifies", StringComparison.Ordinal)), TimeSpan.FromSeconds(15), () => "the take-over; got " + string.Join("\n", secondErrors));

        // And the transitions are in the database
        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        var recorded = store.ListTransitions(50);
        Assert.Contains(recorded, t => t.Name == "ask 'me'" && t.To == AgentState.Waiting && t.From == AgentState.Working && t.Rule == "claude.waiting.menu");
        Assert.Contains(recorded, t => t.Name == "fail" && t.To == AgentState.Exited && t.ExitStatus == 3);
    }

    [Fact]
    public async Task Watch_notifies_a_session_that_starts_waiting_once_and_not_while_a_client_is_attached()
    {
        // Given a command channel that appends each event's kind, session and stdin to a file
        var events = NotifyCommand();

        // And two agents that ask for permission when told: one nobody watches, one with a client attached
        var go = Path.Join(_w.Home, "go");
        var ask = _w.Agent("ask.sh", $$"""
            echo "⏺ Working on it"
            while [ ! -f '{{go}}' ]; do sleep 0.1; done
            printf ' Do you want to proceed?\n ❯ 1. Yes\n   2. No\n'
            sleep 300
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "alone", "-x", "80", "-y", "20", ask);
        _w.Tmux("new-session", "-d", "-s", "watched by me", "-x", "80", "-y", "20", ask);
        using var host = new TmuxTestServer();
        host.NewSession("client", "env", "-u", "TMUX", "tmux", "-S", _w.Socket, "attach-session", "-t", "=watched by me");
        TmuxTestServer.WaitUntil(() => _w.Tmux("list-clients", "-F", "#{session_name}").Contains("watched by me", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the client to attach");

        // When watch runs and both agents start waiting
        var (watch, lines, errors) = StartWatch();
        await Task.Delay(600);
        File.WriteAllText(go, "");
        TmuxTestServer.WaitUntil(() => Events(lines).Count(e => e.GetProperty("to").GetString() == "waiting") >= 2, TimeSpan.FromSeconds(20), () => "both to wait; got " + string.Join("\n", lines));
        TmuxTestServer.WaitUntil(() => File.Exists(events) && File.ReadAllText(events).Contains("needs-input|alone|waiting|", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => "the notification; stderr: " + string.Join("\n", errors));

        // Then the lone session notified once, with the event as JSON on stdin, and the attached one did not notify
        await Task.Delay(1500);
        var text = File.ReadAllText(events);
        Assert.Equal(1, text.Split("needs-input|alone|", StringSplitOptions.None).Length - 1);
        Assert.Contains("\"title\":\"alone needs input\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("watched by me", text, StringComparison.Ordinal);
        Assert.True(Events(lines).Single(e => e.GetProperty("session").GetString() == "watched by me" && e.GetProperty("to").GetString() == "waiting").GetProperty("attached").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_session_already_waiting_is_notified_once_across_restarts_and_a_change_while_nobody_watched_is_caught_up()
    {
        // Given a command channel, and an agent that is waiting before any watcher runs (and exits 0 when told)
        var events = NotifyCommand();
        var go = Path.Join(_w.Home, "go");
        var early = _w.Agent("early.sh", $$"""
            printf ' Do you want to proceed?\n ❯ 1. Yes\n   2. No\n'
            while [ ! -f '{{go}}' ]; do sleep 0.1; done
            exit 0
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "early", "-x", "80", "-y", "20", early, ";", "set-option", "-p", "remain-on-exit", "on");

        // When the first watch finds it
        var (first, firstLines, _) = StartWatch();
        TmuxTestServer.WaitUntil(() => NeedsInput(events, "early") == 1 && StateLines(firstLines, "early").Count > 0, TimeSpan.FromSeconds(20), "the first watch to notify and print");
        Assert.Equal([(JsonValueKind.Null, "waiting")], StateLines(firstLines, "early"));
        await Stop(first);

        // And a second one starts while it still waits (a new session after its start proves it has been looking)
        var (second, secondLines, _) = StartWatch();
        _w.Tmux("new-session", "-d", "-s", "late", "-x", "80", "-y", "20", "sleep 300");
        TmuxTestServer.WaitUntil(() => StateLines(secondLines, "late").Count > 0, TimeSpan.FromSeconds(20), "the second watch to see the new session");
        await Task.Delay(500);

        // Then the second watch neither notified nor printed anything for it
        Assert.Equal(1, NeedsInput(events, "early"));
        Assert.Empty(StateLines(secondLines, "early"));
        await Stop(second);

        // And when it exits while nobody watches, the third watch records the change from the state last recorded
        File.WriteAllText(go, "");
        // (a child that exits nudges tmux 3.3a, which can miss a pane's SIGCHLD)
        TmuxTestServer.WaitUntil(() => _w.Tmux("run-shell", "true", ";", "display-message", "-p", "-t", "=early:", "#{pane_dead}").Trim() == "1", null, "early to exit");
        var (third, thirdLines, _) = StartWatch();
        TmuxTestServer.WaitUntil(() => StateLines(thirdLines, "early").Count > 0, TimeSpan.FromSeconds(20), "the third watch to catch up");
        Assert.Equal([(JsonValueKind.String, "exited")], StateLines(thirdLines, "early"));
        Assert.Equal("waiting", Events(thirdLines).Single(e => e.GetProperty("session").GetString() == "early").GetProperty("from").GetString());
        await Stop(third);
        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        Assert.Equal(
            [(null, AgentState.Waiting), (AgentState.Waiting, AgentState.Exited)],
            store.ListTransitions(50).Where(t => t.Name == "early").Reverse().Select(t => (t.From, t.To)));
    }

    [Fact]
    public void Watch_without_json_prints_one_text_line_for_a_session_found_waiting()
    {
        // Given an agent already at a permission dialog
        var ask = _w.Agent("ask.sh", "printf ' Do you want to proceed?\\n ❯ 1. Yes\\n   2. No\\n'; sleep 300");
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "asker", "-x", "80", "-y", "20", ask);

        // When watch runs without --json
        var watch = Watch("--interval", "200");
        var lines = Lines(watch.StandardOutput);

        // Then its text line says it is new and waiting, with the rule and the matched line
        TmuxTestServer.WaitUntil(() => lines.Any(l => l.Contains("asker", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), () => "the line; got " + string.Join("\n", lines));
        Assert.Matches(@"^\d\d:\d\d:\d\d  asker \(\$\d+ on [^)]+\)  new → waiting  \[claude\.waiting\.menu\]  ❯ 1\. Yes$", lines.First(l => l.Contains("asker", StringComparison.Ordinal)));
    }

    /// <summary>A command channel in the config that appends each event's kind, session and state, then its JSON, to the
    /// returned file.</summary>
    private string NotifyCommand()
    {
        var events = Path.Join(_w.Home, "events.txt");
        var hook = _w.Agent("hook.sh", $$"""
            { printf '%s|%s|%s|' "$SESSIONTUI_EVENT_KIND" "$SESSIONTUI_EVENT_SESSION" "$SESSIONTUI_EVENT_STATE"; cat; } >> '{{events}}'
            """);
        Directory.CreateDirectory(Path.Join(_w.Home, "config", "sessiontui"));
        File.WriteAllText(Path.Join(_w.Home, "config", "sessiontui", "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["notify"] = new Dictionary<string, object> { ["commands"] = new[] { new Dictionary<string, object> { ["argv"] = new[] { hook } } } },
        }));
        return events;
    }

    private static int NeedsInput(string events, string session) =>
        File.Exists(events) ? File.ReadAllText(events).Split("needs-input|" + session + "|", StringSplitOptions.None).Length - 1 : 0;

    /// <summary><c>watch --json --interval 200</c>, once it says it is watching.</summary>
    private (Process Watch, ConcurrentQueue<string> Lines, ConcurrentQueue<string> Errors) StartWatch()
    {
        var watch = Watch("--json", "--interval", "200");
        var lines = Lines(watch.StandardOutput);
        var errors = Lines(watch.StandardError);
        TmuxTestServer.WaitUntil(() => errors.Any(l => l.StartsWith("sessiontui: watching", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "watch to start");
        return (watch, lines, errors);
    }

    private async Task Stop(Process watch)
    {
        await _w.Runner.RunAsync(new ProcessSpec("kill", ["-TERM", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(10)), "watch ended on SIGTERM");
    }

    /// <summary>The state lines of one session: (the kind of <c>from</c>, <c>to</c>).</summary>
    private static List<(JsonValueKind From, string? To)> StateLines(IEnumerable<string> lines, string session) =>
        [.. Events(lines).Where(e => e.GetProperty("kind").GetString() == "state" && e.GetProperty("session").GetString() == session)
            .Select(e => (e.GetProperty("from").ValueKind, e.GetProperty("to").GetString()))];

    private Process Watch(params string[] args)
    {
        var p = _w.Start(["watch", .. args]);
        _started.Add(p);
        return p;
    }

    private static ConcurrentQueue<string> Lines(StreamReader reader)
    {
        var lines = new ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
            }
        });
        return lines;
    }

    private static List<JsonElement> Events(IEnumerable<string> lines) =>
        [.. lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
