using System.Diagnostics;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

/// <summary>A channel that records every send and behaves as told per call (1-based call number).</summary>
internal sealed class FakeChannel(string name, Func<int, NotificationEvent, CancellationToken, Task>? behaviour = null) : INotificationChannel
{
    private readonly Lock _gate = new();
    private readonly List<NotificationEvent> _calls = [];

    public string Name => name;

    public IReadOnlyList<NotificationEvent> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        int n;
        lock (_gate)
        {
            _calls.Add(e);
            n = _calls.Count;
        }

        return behaviour?.Invoke(n, e, ct) ?? Task.CompletedTask;
    }
}

/// <summary>Waits on conditions with a short timeout, never a blind sleep.</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"waited {timeoutMs} ms for {what}");
            }

            Thread.Sleep(2);
        }
    }
}
