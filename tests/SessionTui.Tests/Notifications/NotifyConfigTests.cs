using SessionTui.Workcells;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class NotifyConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-notify-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_the_notify_key_there_is_no_channel_and_the_defaults_hold()
    {
        var notify = WorkcellConfig.Load(Write("{}")).Notify;

        Assert.False(notify.HasChannels);
        Assert.Equal(
            (6, true, 4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)),
            (notify.RateLimitPerMinute, notify.QuietWhileAttached, notify.RetryAttempts, notify.RetryFirstDelay, notify.Timeout));
        Assert.Equal(NotificationKinds.All.Where(k => k != NotificationKind.Test), notify.Events.Order());
    }

    [Fact]
    public void Every_key_is_read()
    {
        var file = Write("""
            {
              "notify": {
                "events": ["needs-input", "run-ended"],
                "rate_limit_per_minute": 3, "quiet_while_attached": false, "retry_attempts": 2, "retry_first_delay": "500ms", "timeout": "3s",
                "terminal": { "osc": ["777", "9"], "bell": true },
                "tmux": { "display": "0s" },
                "desktop": {},
                "webhooks": [
                  { "url": "https://hooks.slack.com/services/T/B/x", "preset": "slack" },
                  { "url": "https://api.telegram.org/bot1:abc/sendMessage", "preset": "telegram", "chat_id": "123" },
                  { "url": "http://127.0.0.1:8080/hook", "headers": { "Authorization": "Bearer x" } }
                ],
                "commands": [ { "argv": ["/usr/local/bin/on-agent-event", "--quiet"] } ]
              }
            }
            """);

        var notify = WorkcellConfig.Load(file).Notify;

        Assert.Equal([NotificationKind.NeedsInput, NotificationKind.RunEnded], notify.Events.Order());
        Assert.Equal((3, false, 2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), (notify.RateLimitPerMinute, notify.QuietWhileAttached, notify.RetryAttempts, notify.RetryFirstDelay, notify.Timeout));
        Assert.Equal([TerminalOsc.Osc777, TerminalOsc.Osc9], notify.Terminal!.Osc);
        Assert.True(notify.Terminal.Bell);
        Assert.Equal(TimeSpan.Zero, notify.Tmux!.Display);
        Assert.NotNull(notify.Desktop);
        Assert.Equal([WebhookPreset.Slack, WebhookPreset.Telegram, WebhookPreset.Json], notify.Webhooks.Select(w => w.Preset));
        Assert.Equal("123", notify.Webhooks[1].ChatId);
        Assert.Equal("Bearer x", notify.Webhooks[2].Headers["authorization"]);
        Assert.Equal(["/usr/local/bin/on-agent-event", "--quiet"], notify.Commands[0].Argv);
    }

    [Fact]
    public void An_empty_channel_object_enables_it_with_its_defaults()
    {
        var notify = WorkcellConfig.Load(Write("""{ "notify": { "terminal": {}, "tmux": {} } }""")).Notify;

        Assert.Equal([TerminalOsc.Osc9], notify.Terminal!.Osc);
        Assert.False(notify.Terminal.Bell);
        Assert.Equal(TimeSpan.FromSeconds(5), notify.Tmux!.Display);
        Assert.Null(notify.Desktop);
        Assert.True(notify.HasChannels);
    }

    [Theory]
    [InlineData("""{ "notify": { "evnets": [] } }""", "evnets")]
    [InlineData("""{ "notify": { "terminal": { "bel": true } } }""", "bel")]
    [InlineData("""{ "notify": { "events": ["waiting"] } }""", "notify.events: 'waiting' is not one of needs-input, rate-limited")]
    [InlineData("""{ "notify": { "rate_limit_per_minute": 0 } }""", "notify.rate_limit_per_minute must be at least 1")]
    [InlineData("""{ "notify": { "retry_attempts": 11 } }""", "notify.retry_attempts must be from 0 to 10")]
    [InlineData("""{ "notify": { "timeout": "10" } }""", "notify.timeout: '10' is not a duration")]
    [InlineData("""{ "notify": { "retry_first_delay": "0s" } }""", "notify.retry_first_delay: '0s' is not a duration above zero")]
    [InlineData("""{ "notify": { "terminal": { "osc": ["99"] } } }""", "notify.terminal.osc: '99' is not \"9\" or \"777\"")]
    [InlineData("""{ "notify": { "terminal": { "osc": [] } } }""", "with no osc and no bell")]
    [InlineData("""{ "notify": { "webhooks": [ { "url": "ftp://x" } ] } }""", "notify.webhooks[0].url must be an absolute http or https URL")]
    [InlineData("""{ "notify": { "webhooks": [ { "url": "https://x", "preset": "discord" } ] } }""", "'discord' is not json, slack or telegram")]
    [InlineData("""{ "notify": { "webhooks": [ { "url": "https://x", "preset": "telegram" } ] } }""", "the telegram preset needs \"chat_id\"")]
    [InlineData("""{ "notify": { "webhooks": [ { "url": "https://x", "headers": { "X-A": "a\nb" } } ] } }""", "notify.webhooks[0].headers: 'X-A'")]
    [InlineData("""{ "notify": { "commands": [ { "argv": [] } ] } }""", "notify.commands[0] needs a non-empty \"argv\"")]
    public void A_bad_notify_value_is_one_line_naming_the_file_and_the_key(string text, string expected)
    {
        var file = Write(text);

        var e = Assert.Throws<ConfigException>(() => WorkcellConfig.Load(file));

        Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var path = Path.Join(_dir, "config.json");
        File.WriteAllText(path, text);
        return path;
    }
}
