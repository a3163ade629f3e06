using System.Reactive.Concurrency;
using SessionTui.Core;
using SessionTui.Core.Engine;
using static SessionTui.Tests.Core.Given;

namespace SessionTui.Tests.Core;

public sealed class SnapshotPollerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Polls_at_once_then_every_interval()
    {
        var clock = new HistoricalScheduler(T0);
        var fetches = 0;
        using var poller = new SnapshotPoller(Default, _ => { fetches++; return Task.FromResult(Snapshot(Default, clock.Now)); }, clock, Second, TimeSpan.FromSeconds(30));
        var got = new List<Msg>();
        using var _ = poller.Messages.Subscribe(got.Add);

        clock.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fetches);
        clock.AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.Equal(4, fetches);
        Assert.All(got, m => Assert.IsType<SnapshotReceived>(m));
    }

    [Fact]
    public void Failures_back_off_exponentially_up_to_the_cap_and_recovery_resets_the_interval()
    {
        var clock = new HistoricalScheduler(T0);
        var up = false;
        var times = new List<DateTimeOffset>();
        using var poller = new SnapshotPoller(
            Default,
            _ =>
            {
                times.Add(clock.Now);
                return up ? Task.FromResult(Snapshot(Default, clock.Now)) : Task.FromException<ServerSnapshot>(new InvalidOperationException("no server running on /tmp/x\nsecond line"));
            },
            clock,
            Second,
            TimeSpan.FromSeconds(8));
        var got = new List<Msg>();
        using var _ = poller.Messages.Subscribe(got.Add);

        clock.AdvanceBy(TimeSpan.FromSeconds(40));

        var offsets = times.Select(t => (t - T0).TotalSeconds).ToList();
        Assert.Equal([0, 2, 6, 14, 22, 30, 38], offsets);
        var first = Assert.IsType<ServerUnavailable>(got[0]);
        Assert.Equal(("no server running on /tmp/x", TimeSpan.FromSeconds(2)), (first.Reason, first.RetryIn));

        up = true;
        clock.AdvanceBy(TimeSpan.FromSeconds(8));
        var afterRecovery = times.Count;
        clock.AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.IsType<SnapshotReceived>(got[^1]);
        Assert.Equal(afterRecovery + 3, times.Count);
    }

    [Fact]
    public void Ticks_never_overlap_and_a_refresh_during_a_fetch_runs_once_after_it()
    {
        var clock = new HistoricalScheduler(T0);
        var pending = new List<TaskCompletionSource<ServerSnapshot>>();
        using var poller = new SnapshotPoller(
            Default,
            _ =>
            {
                var tcs = new TaskCompletionSource<ServerSnapshot>();
                pending.Add(tcs);
                return tcs.Task;
            },
            clock,
            Second,
            TimeSpan.FromSeconds(30));
        using var _ = poller.Messages.Subscribe(_ => { });

        clock.AdvanceBy(TimeSpan.FromSeconds(5));
        poller.RefreshNow();
        poller.RefreshNow();
        Assert.Single(pending);

        pending[0].SetResult(Snapshot(Default, clock.Now));

        Assert.Equal(2, pending.Count);
    }

    [Fact]
    public void Refresh_now_polls_before_the_next_tick()
    {
        var clock = new HistoricalScheduler(T0);
        var fetches = 0;
        using var poller = new SnapshotPoller(Default, _ => { fetches++; return Task.FromResult(Snapshot(Default, clock.Now)); }, clock, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        using var _ = poller.Messages.Subscribe(_ => { });
        clock.AdvanceBy(TimeSpan.FromSeconds(1));

        poller.RefreshNow();

        Assert.Equal(2, fetches);
    }
}
