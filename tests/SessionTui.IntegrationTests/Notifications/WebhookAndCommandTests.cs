using System.Runtime.Versioning;
using System.Text.Json;

namespace SessionTui.IntegrationTests.Notifications;

/// <summary><c>sessiontui notify test</c> through webhooks to a local listener on 127.0.0.1, commands, notify-send, and its exit codes.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class WebhookAndCommandTests : IDisposable
{
    private readonly NotifyFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Each_webhook_preset_posts_its_documented_body_with_the_configured_headers()
    {
        // Given three webhooks on a local listener: json with a header, slack and telegram
        await using var server = new LocalHttpServer(_ => 200);
        _f.Config($$"""
            { "notify": { "webhooks": [
                { "url": "{{server.Url}}/json", "headers": { "Authorization": "Bearer s3cret" } },
                { "url": "{{server.Url}}/slack", "preset": "slack" },
                { "url": "{{server.Url}}/bot123:abc/sendMessage", "preset": "telegram", "chat_id": "-10042" } ] } }
            """);

        // When the test notification is sent through every webhook
        var result = await _f.Run("notify", "test", "--channel", "webhook", "--json");

        // Then each got one POST of its body
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(["webhook-1", "webhook-2", "webhook-3"], NotifyFixture.Json(result).GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var requests = server.Requests.ToDictionary(r => r.Target);
        Assert.All(requests.Values, r => Assert.Equal(("POST", "application/json; charset=utf-8"), (r.Method, r.Headers["content-type"])));

        var json = requests["/json"];
        Assert.Equal("Bearer s3cret", json.Headers["authorization"]);
        using var doc = JsonDocument.Parse(json.Body);
        var e = doc.RootElement;
        Assert.Equal(
            ["kind", "session", "sessionId", "server", "state", "reason", "title", "body", "at", "attached", "resetsAt", "runId", "exitStatus"],
            e.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("test", "sessiontui", "SessionTui test notification", false), (e.GetProperty("kind").GetString(), e.GetProperty("session").GetString(), e.GetProperty("title").GetString(), e.GetProperty("attached").GetBoolean()));
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", e.GetProperty("at").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("resetsAt").ValueKind);

        Assert.Equal("""{"text":"SessionTui test notification\nIf you can read this, notifications reach you here."}""", requests["/slack"].Body);
        Assert.Equal("""{"chat_id":"-10042","text":"SessionTui test notification\nIf you can read this, notifications reach you here."}""", requests["/bot123:abc/sendMessage"].Body);
        Assert.False(requests["/slack"].Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task A_listener_that_answers_500_twice_gets_retried_with_doubling_delays_until_it_answers_200()
    {
        // Given a listener that fails twice, and retries starting at 300 ms
        await using var server = new LocalHttpServer(n => n <= 2 ? 500 : 200);
        _f.Config($$"""{ "notify": { "retry_attempts": 3, "retry_first_delay": "300ms", "webhooks": [ { "url": "{{server.Url}}/hook" } ] } }""");

        // When the test notification is sent
        var result = await _f.Run("notify", "test");

        // Then the third POST went through, 300 ms then 600 ms after the ones before
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("webhook-1  ok\n", result.StandardOutput);
        var at = server.Requests.Select(r => r.At).ToArray();
        Assert.Equal(3, at.Length);
        // (each gap is at least its delay, less 20 ms for a timer that fires early; a busy machine only adds to a gap, so the
        // doubling itself is read from the delays the sender announced below, not from the ratio of the gaps)
        Assert.InRange(at[1] - at[0], TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(5));
        Assert.InRange(at[2] - at[1], TimeSpan.FromMilliseconds(580), TimeSpan.FromSeconds(5));
        Assert.Contains("webhook-1 failed (test for sessiontui, attempt 1 of 4): 127.0.0.1:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("answered HTTP 500 Internal Server Error; retrying in 300ms", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("retrying in 600ms", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_reported_after_its_retries_with_exit_1()
    {
        await using var server = new LocalHttpServer(_ => 500);
        _f.Config($$"""{ "notify": { "retry_attempts": 1, "retry_first_delay": "50ms", "webhooks": [ { "url": "{{server.Url}}/bot1:TOKEN/sendMessage", "preset": "telegram", "chat_id": "1" } ] } }""");

        var result = await _f.Run("notify", "test");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"webhook-1  failed: {new Uri(server.Url).Authority} answered HTTP 500 Internal Server Error (2 attempts)\n", result.StandardOutput);
        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain("TOKEN", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_gets_the_event_in_its_environment_and_as_json_on_stdin_and_a_failing_one_fails()
    {
        // Given a script that writes its environment and stdin to files, and one that fails
        var record = _f.Script("record.sh", $"""
            env | grep '^SESSIONTUI_EVENT_' | sort > '{_f.Home}/env.txt'
            cat > '{_f.Home}/stdin.json'
            """);
        var fail = _f.Script("fail.sh", "echo broken >&2; exit 3");
        _f.Config($$"""{ "notify": { "retry_attempts": 0, "commands": [ { "argv": ["{{record}}", "--flag"] }, { "argv": ["{{fail}}"] } ] } }""");

        // When the test notification is sent
        var result = await _f.Run("notify", "test");

        // Then the first got every variable and the JSON, and the second's failure is reported
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("command-1  ok\ncommand-2  failed: fail.sh exited with 3: broken\n", result.StandardOutput);
        var env = File.ReadAllLines(Path.Join(_f.Home, "env.txt"));
        Assert.Equal(
            [
                "SESSIONTUI_EVENT_AT", "SESSIONTUI_EVENT_ATTACHED=0", "SESSIONTUI_EVENT_BODY=If you can read this, notifications reach you here.",
                "SESSIONTUI_EVENT_EXIT_STATUS=", "SESSIONTUI_EVENT_KIND=test", "SESSIONTUI_EVENT_REASON=sessiontui notify test",
                "SESSIONTUI_EVENT_RESETS_AT=", "SESSIONTUI_EVENT_RUN_ID=", "SESSIONTUI_EVENT_SERVER=", "SESSIONTUI_EVENT_SESSION=sessiontui",
                "SESSIONTUI_EVENT_SESSION_ID=", "SESSIONTUI_EVENT_STATE=test", "SESSIONTUI_EVENT_TITLE=SessionTui test notification",
            ],
            env.Select(l => l.StartsWith("SESSIONTUI_EVENT_AT=", StringComparison.Ordinal) ? "SESSIONTUI_EVENT_AT" : l));
        var stdin = File.ReadAllText(Path.Join(_f.Home, "stdin.json"));
        Assert.EndsWith("}\n", stdin, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdin);
        Assert.Equal(env.Single(l => l.StartsWith("SESSIONTUI_EVENT_AT=", StringComparison.Ordinal))["SESSIONTUI_EVENT_AT=".Length..], doc.RootElement.GetProperty("at").GetString());
    }

    [Fact]
    public async Task Desktop_runs_notify_send_from_PATH_and_without_it_says_so()
    {
        // Given a notify-send on PATH that records its arguments
        var bin = Directory.CreateDirectory(Path.Join(_f.Home, "bin")).FullName;
        File.WriteAllText(Path.Join(bin, "notify-send"), $"#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > '{_f.Home}/argv.txt'\n");
        File.SetUnixFileMode(Path.Join(bin, "notify-send"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _f.Config("""{ "notify": { "desktop": {} } }""");

        // When the test notification is sent with it, then without it
        var sent = await _f.Run(new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" }, "notify", "test");
        var missing = await _f.Run(new Dictionary<string, string?> { ["PATH"] = Directory.CreateDirectory(Path.Join(_f.Home, "empty")).FullName }, "notify", "test");

        // Then notify-send got the app name, urgency and text, and without it the channel is reported unavailable
        Assert.Equal((0, "desktop  ok\n"), (sent.ExitCode, sent.StandardOutput));
        Assert.Equal(["--app-name", "SessionTui", "--urgency", "normal", "--", "SessionTui test notification", "If you can read this, notifications reach you here."], File.ReadAllLines(Path.Join(_f.Home, "argv.txt")));
        Assert.Equal((1, "desktop  failed: notify-send not found on PATH (it comes with libnotify, e.g. apt-get install libnotify-bin)\n"), (missing.ExitCode, missing.StandardOutput));
    }

    [Fact]
    public async Task Without_a_channel_or_with_an_unknown_one_the_exit_code_is_2()
    {
        var none = await _f.Run("notify", "test");
        _f.Config("""{ "notify": { "commands": [ { "argv": ["true"] } ] } }""");
        var unknown = await _f.Run("notify", "test", "--channel", "terminal");
        var invalid = await WriteAndRun("""{ "notify": { "terminal": { "osc": ["99"] } } }""");

        Assert.Equal((2, $"sessiontui: no notification channel is configured: add a \"notify\" object to {_f.ConfigFile}\n"), (none.ExitCode, none.StandardError));
        Assert.Equal((2, "sessiontui: no channel 'terminal' is configured (configured: command-1)\n"), (unknown.ExitCode, unknown.StandardError));
        Assert.Equal((2, $"sessiontui: {_f.ConfigFile}: notify.terminal.osc: '99' is not \"9\" or \"777\"\n"), (invalid.ExitCode, invalid.StandardError));
    }

    private Task<SessionTui.Tmux.ProcessResult> WriteAndRun(string config)
    {
        _f.Config(config);
        return _f.Run("notify", "test");
    }
}
