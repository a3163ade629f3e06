using System.Collections.Concurrent;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class NotifierTests : IAsyncDisposable
{
    private readonly ManualClock _clock = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<Notifier> _notifiers = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var notifier in _notifiers)
        {
            await notifier.DisposeAsync();
        }
    }

    private Notifier Make(NotifySettings settings, params INotificationChannel[] channels)
    {
        var notifier = new Notifier(settings, channels, _clock, _log.Enqueue);
        _notifiers.Add(notifier);
        return notifier;
    }

    private static NotifySettings Settings => new() { Terminal = new TerminalOptions() };

    [Fact]
    public async Task The_same_session_and_kind_twice_sends_once_and_again_after_it_was_cleared()
    {
        var channel = new FakeChannel("a");
        var notifier = Make(Settings, channel);
        var e = Events.Of();

        Assert.True(notifier.Post(e));
        Assert.False(notifier.Post(e with { Body = "another line" }));
        Assert.True(notifier.Post(e with { Kind = NotificationKind.Stuck }));
        notifier.Cleared(e.SessionKey, NotificationKind.NeedsInput);
        Assert.True(notifier.Post(e));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([NotificationKind.NeedsInput, NotificationKind.NeedsInput, NotificationKind.Stuck], channel.Calls.Select(c => c.Kind).Order());
    }

    [Fact]
    public async Task Run_ends_dedupe_by_run_id_so_two_runs_in_one_session_both_notify()
    {
        var channel = new FakeChannel("a");
        var notifier = Make(Settings, channel);

        Assert.True(notifier.Post(Events.RunEnded("run-1")));
        Assert.False(notifier.Post(Events.RunEnded("run-1")));
        Assert.True(notifier.Post(Events.RunEnded("run-2")));
        Assert.True(notifier.Post(Events.RunEnded("run-1") with { Kind = NotificationKind.LoopEnded }));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, channel.Calls.Count);
    }

    [Fact]
    public async Task An_event_about_an_attached_session_is_quiet_and_not_remembered()
    {
        var channel = new FakeChannel("a");
        var notifier = Make(Settings, channel);

        Assert.False(notifier.Post(Events.Of(attached: true)));
        Assert.False(notifier.Post(Events.RunEnded("run-1") with { Attached = true }));
        Assert.True(notifier.Post(Events.Of(attached: false)));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(Assert.Single(channel.Calls).Attached);
    }

    [Fact]
    public async Task With_quiet_while_attached_off_an_attached_session_notifies()
    {
        var channel = new FakeChannel("a");
        var notifier = Make(Settings with { QuietWhileAttached = false }, channel);

        Assert.True(notifier.Post(Events.Of(attached: true)));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Single(channel.Calls);
    }

    [Fact]
    public void Kinds_outside_the_events_setting_and_a_notifier_without_channels_send_nothing()
    {
        var notifier = Make(Settings with { Events = new HashSet<NotificationKind> { NotificationKind.RunEnded } }, new FakeChannel("a"));

        Assert.False(notifier.Post(Events.Of(NotificationKind.NeedsInput)));
        Assert.False(notifier.Post(Events.Of(NotificationKind.Test)));
        Assert.True(notifier.Post(Events.RunEnded("r")));
        Assert.False(Make(Settings).Post(Events.Of()));
        Assert.False(Make(Settings, new FakeChannel("a")).Post(Events.Of(NotificationKind.Test)));
    }

    [Fact]
    public void The_rate_limit_is_a_sliding_minute_and_logs_one_suppressed_line_when_it_lifts()
    {
        var notifier = Make(Settings with { RateLimitPerMinute = 2 }, new FakeChannel("a"));

        Assert.True(notifier.Post(Events.Of(session: "s1")));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(notifier.Post(Events.Of(session: "s2")));
        Assert.False(notifier.Post(Events.Of(session: "s3")));
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(notifier.Post(Events.Of(session: "s4")));
        Assert.False(notifier.Post(Events.Of(session: "s5")));
        Assert.DoesNotContain(_log, l => l.Contains("suppressed", StringComparison.Ordinal));

        // At 60 s the first event leaves the window: one line counts the three dropped, and one more fits
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["notify: 3 notifications suppressed by the rate limit (2 a minute)"], _log.Where(l => l.Contains("suppressed", StringComparison.Ordinal)));
        Assert.True(notifier.Post(Events.Of(session: "s3")));
        Assert.False(notifier.Post(Events.Of(session: "s6")));

        // The event dropped over the limit was not remembered, so s3 could still go out above
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _log.Count(l => l.Contains("suppressed", StringComparison.Ordinal)));
        Assert.EndsWith("1 notification suppressed by the rate limit (2 a minute)", _log.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_is_retried_with_doubling_delays_from_the_settings()
    {
        var channel = new FakeChannel("webhook-1", (n, _, _) => n < 3 ? Task.FromException(new NotificationDeliveryException("HTTP 500")) : Task.CompletedTask);
        var notifier = Make(Settings with { RetryAttempts = 3, RetryFirstDelay = TimeSpan.FromMilliseconds(100) }, channel);

        Assert.True(notifier.Post(Events.Of()));
        Eventually.True(() => channel.Calls.Count == 1 && _clock.HasTimerDueIn(TimeSpan.FromMilliseconds(100)), "the first retry to wait 100 ms");
        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Single(channel.Calls);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Eventually.True(() => channel.Calls.Count == 2 && _clock.HasTimerDueIn(TimeSpan.FromMilliseconds(200)), "the second retry to wait 200 ms");
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, channel.Calls.Count);
        Assert.Equal(
            [
                "notify: webhook-1 failed (needs-input for claude-refactor, attempt 1 of 4): HTTP 500; retrying in 100ms",
                "notify: webhook-1 failed (needs-input for claude-refactor, attempt 2 of 4): HTTP 500; retrying in 200ms",
            ],
            _log);
    }

    [Fact]
    public async Task A_channel_that_keeps_failing_gives_up_after_the_retries()
    {
        var channel = new FakeChannel("command-1", (_, _, _) => throw new NotificationDeliveryException("hook exited with 1: boom"));
        var notifier = Make(Settings with { RetryAttempts = 1, RetryFirstDelay = TimeSpan.FromSeconds(1) }, channel);

        notifier.Post(Events.Of());
        Eventually.True(() => _clock.HasTimerDueIn(TimeSpan.FromSeconds(1)), "the retry");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, channel.Calls.Count);
        Assert.Equal("notify: command-1 failed (needs-input for claude-refactor): hook exited with 1: boom; gave up after 2 attempts", _log.Last());
    }

    [Fact]
    public void A_failing_channel_delays_neither_another_channel_nor_its_own_next_event()
    {
        // Given a channel that always fails (its retry waits an hour on a clock that does not move) and a working one
        var failing = new FakeChannel("failing", (_, _, _) => Task.FromException(new NotificationDeliveryException("down")));
        var working = new FakeChannel("working");
        var notifier = Make(Settings with { RetryFirstDelay = TimeSpan.FromHours(1) }, failing, working);

        // When two events are posted
        notifier.Post(Events.Of(session: "s1"));
        notifier.Post(Events.Of(session: "s2"));

        // Then the working channel has both, and the failing one tried the second while the first waits to be retried
        Eventually.True(() => working.Calls.Count == 2, "the working channel to get both events");
        Eventually.True(() => failing.Calls.Count == 2, "the failing channel to try both events");
    }

    [Fact]
    public async Task Post_never_blocks_on_a_channel_that_hangs_and_a_hung_send_times_out_and_is_retried()
    {
        // Given a channel that blocks its thread on its first send, one that never answers and ignores its token, and a
        // working one
        using var release = new ManualResetEventSlim(false);
        var blocking = new FakeChannel("blocking", (n, _, _) =>
        {
            if (n == 1)
            {
                release.Wait();
            }

            return Task.CompletedTask;
        });
        var silent = new FakeChannel("silent", (_, _, _) => new TaskCompletionSource().Task);
        var working = new FakeChannel("working");
        var notifier = Make(Settings with { Timeout = TimeSpan.FromSeconds(1), RetryAttempts = 1, RetryFirstDelay = TimeSpan.FromSeconds(5) }, blocking, silent, working);

        try
        {
            // When three events are posted, Post returns at once and the other channels get them all
            var posted = Task.Run(() => new[] { "s1", "s2", "s3" }.Select(s => notifier.Post(Events.Of(session: s))).ToArray());
            var accepted = await posted.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.All(accepted, Assert.True);
            Eventually.True(() => working.Calls.Count == 3 && silent.Calls.Count == 3 && blocking.Calls.Count == 3, "every channel to get every event");

            // Then the silent channel's sends time out after 1 s (one timer each, and one for the blocked send) and are retried 5 s later
            Eventually.True(() => _clock.TimersDueIn(TimeSpan.FromSeconds(1)) == 4, "the four send timeouts");
            _clock.Advance(TimeSpan.FromSeconds(1));
            Eventually.True(() => _clock.TimersDueIn(TimeSpan.FromSeconds(5)) == 3, "three retries to wait 5 s");
            Assert.Equal(3, _log.Count(l => l.StartsWith("notify: silent failed", StringComparison.Ordinal) && l.EndsWith("no answer within 1s; retrying in 5s", StringComparison.Ordinal)));
            _clock.Advance(TimeSpan.FromSeconds(5));
            Eventually.True(() => silent.Calls.Count == 6, "the retries");
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task An_unavailable_channel_is_not_retried_and_logged_once()
    {
        var desktop = new FakeChannel("desktop", (_, _, _) => throw new ChannelUnavailableException("notify-send not found on PATH"));
        var notifier = Make(Settings, desktop);

        notifier.Post(Events.Of(session: "s1"));
        notifier.Post(Events.Of(session: "s2"));
        await notifier.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, desktop.Calls.Count);
        Assert.Equal(["notify: desktop: notify-send not found on PATH; it sends nothing"], _log);
    }

    [Fact]
    public async Task Send_now_bypasses_kinds_dedupe_and_the_rate_limit_and_reports_each_channel()
    {
        var ok = new FakeChannel("terminal");
        var failing = new FakeChannel("webhook-1", (_, _, _) => Task.FromException(new NotificationDeliveryException("HTTP 404")));
        var notifier = Make(Settings with { RateLimitPerMinute = 1, RetryAttempts = 0 }, ok, failing);
        notifier.Post(Events.Of());

        var results = await notifier.SendNowAsync(Events.Of(NotificationKind.Test), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var only = await notifier.SendNowAsync(Events.Of(NotificationKind.Test), [ok], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([new ChannelResult("terminal", null, 1), new ChannelResult("webhook-1", "HTTP 404", 1)], results);
        Assert.Equal([new ChannelResult("terminal", null, 1)], only);
    }

    [Fact]
    public async Task Dispose_returns_promptly_while_a_send_hangs_and_later_posts_are_refused()
    {
        var silent = new FakeChannel("silent", (_, _, _) => new TaskCompletionSource().Task);
        var notifier = new Notifier(Settings, [silent], _clock, _log.Enqueue);
        notifier.Post(Events.Of());
        Eventually.True(() => silent.Calls.Count == 1, "the send");

        await notifier.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(notifier.Post(Events.Of(session: "later")));
    }
}
