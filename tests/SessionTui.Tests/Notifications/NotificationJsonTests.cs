using System.Text;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class NotificationJsonTests
{
    [Fact]
    public void The_event_object_has_every_key_with_utc_times_and_nulls_for_the_unknown()
    {
        var e = Events.Of(NotificationKind.RateLimited) with
        {
            SessionKey = "/tmp/tmux-1000/default|$3",
            State = "rate-limited",
            Reason = "claude.limit.usage",
            Title = "claude-refactor is rate limited",
            Body = "resets 16:00",
            At = new DateTimeOffset(2026, 11, 28, 17, 0, 5, TimeSpan.FromHours(1)),
            ResetsAt = new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero),
        };

        var json = Encoding.UTF8.GetString(NotificationJson.Event(e));

        Assert.Equal(
            """{"kind":"rate-limited","session":"claude-refactor","sessionId":"$3","server":"default","state":"rate-limited","reason":"claude.limit.usage","title":"claude-refactor is rate limited","body":"resets 16:00","at":"2026-11-28T16:00:05Z","attached":false,"resetsAt":"2026-11-28T16:00:00Z","runId":null,"exitStatus":null}""",
            json);
    }

    [Fact]
    public void A_run_end_carries_its_run_id_and_exit_status()
    {
        var json = Encoding.UTF8.GetString(NotificationJson.Event(Events.RunEnded("20261128-160000-api")));

        Assert.Contains("\"runId\":\"20261128-160000-api\",\"exitStatus\":3}", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"run-ended\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_gets_the_text_with_its_markup_characters_escaped()
    {
        var e = Events.Of() with { Title = "<!channel> & co needs input", Body = "a > b\u001b[0m" };

        var json = Encoding.UTF8.GetString(NotificationJson.Body(e, WebhookPreset.Slack, null));

        Assert.Equal("""{"text":"&lt;!channel&gt; &amp; co needs input\na &gt; b"}""", json);
    }

    [Fact]
    public void Telegram_gets_the_chat_id_and_plain_text()
    {
        var e = Events.Of() with { Title = "api needs input", Body = "Allow \"rm\"?" };

        var json = Encoding.UTF8.GetString(NotificationJson.Body(e, WebhookPreset.Telegram, "-100123"));

        Assert.Equal("""{"chat_id":"-100123","text":"api needs input\nAllow \"rm\"?"}""", json);
    }

    [Fact]
    public void Control_characters_never_reach_the_json()
    {
        var e = Events.Of() with { Session = "a\u0007b", Body = "x\u001b]52;c;ZXZpbA==\u0007y" };

        var json = Encoding.UTF8.GetString(NotificationJson.Event(e));

        Assert.Contains("\"session\":\"ab\"", json, StringComparison.Ordinal);
        Assert.Contains("\"body\":\"xy\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", json, StringComparison.Ordinal);
    }
}
