using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using SessionTui.Core;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The dispatcher: takes notifications from the state engine (<see cref="Post"/>), decides which go out, and delivers each
/// through every channel in the background.
/// <list type="bullet">
/// <item>Kinds: only those in <see cref="NotifySettings.Events"/>.</item>
/// <item>Quiet while attached: with <see cref="NotifySettings.QuietWhileAttached"/>, an event whose session has a client
/// attached (<see cref="NotificationEvent.Attached"/>) is dropped, run and loop ends included.</item>
/// <item>Dedupe: once a (session, kind) pair went out, the same pair is dropped until <see cref="Cleared"/> says the state
/// ended. <see cref="NotificationKind.RunEnded"/> and <see cref="NotificationKind.LoopEnded"/> dedupe by
/// <see cref="NotificationEvent.RunId"/> instead (by session when it is null). Only queued events count: one dropped as quiet
/// or over the rate limit is not remembered, so posting it again later can still notify.</item>
/// <item>Rate limit: at most <see cref="NotifySettings.RateLimitPerMinute"/> events are queued in any 60 s (a sliding window,
/// all sessions together); the rest are dropped, and one line <c>notify: N notifications suppressed ...</c> is logged when the
/// window lets events through again (or at dispose).</item>
/// <item>Delivery: a <see cref="Channel{T}"/> queue read by one background loop, which starts one delivery per channel and
/// event on the thread pool. A delivery sends with a <see cref="NotifySettings.Timeout"/> (a send that does not honour its
/// token is abandoned, not awaited), and retries a failure after <see cref="NotifySettings.RetryFirstDelay"/>, doubling,
/// <see cref="NotifySettings.RetryAttempts"/> times, logging each failure. So a slow, hung or failing channel delays neither
/// the others nor later events. A <see cref="ChannelUnavailableException"/> is not retried and is logged once per channel.</item>
/// </list>
/// Every wait uses the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class Notifier : IAsyncDisposable
{
    /// <summary>The rate limit's window.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>The most dedupe entries kept; past it the oldest are forgotten.</summary>
    private const int MaxRemembered = 10_000;

    private readonly NotifySettings _settings;
    private readonly IReadOnlyList<INotificationChannel> _channels;
    private readonly TimeProvider _clock;
    private readonly Action<string> _log;
    private readonly Channel<NotificationEvent> _queue =
        Channel.CreateUnbounded<NotificationEvent>(new UnboundedChannelOptions { SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<(NotificationKind Kind, string Key), DateTimeOffset> _posted = [];
    private readonly Queue<DateTimeOffset> _window = new();
    private readonly ConcurrentDictionary<string, bool> _unavailable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly Task _dispatcher;
    private int _suppressed;
    private ITimer? _suppressedTimer;
    private int _outstanding;
    private TaskCompletionSource _idle = Completed();
    private bool _disposed;

    /// <summary>Creates the notifier and starts its background loop.</summary>
    /// <param name="settings">Kinds, limits, retries and timeout.</param>
    /// <param name="channels">The channels every event goes through; none makes <see cref="Post"/> a no-op.</param>
    /// <param name="clock">Time for the rate limit, timeouts and retry delays.</param>
    /// <param name="log">Receives one line per failure or suppression (<c>notify: ...</c>); called from any thread, must not
    /// throw.</param>
    public Notifier(NotifySettings settings, IReadOnlyList<INotificationChannel> channels, TimeProvider clock, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(log);
        _settings = settings;
        _channels = [.. channels];
        _clock = clock;
        _log = log;
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>The channels, in order.</summary>
    public IReadOnlyList<INotificationChannel> Channels => _channels;

    /// <summary>
    /// Offers a notification. Never blocks and never throws: the checks are in memory and the sending happens in the background.
    /// </summary>
    /// <param name="e">The notification.</param>
    /// <returns>Whether it was queued; false when there is no channel, its kind is not in the events, it is quiet (attached),
    /// it was already posted (dedupe), it is over the rate limit, or the notifier is disposed.</returns>
    public bool Post(NotificationEvent e)
    {
        if (e is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_disposed || _channels.Count == 0 || !_settings.Events.Contains(e.Kind) || (_settings.QuietWhileAttached && e.Attached))
            {
                return false;
            }

            var key = DedupeKey(e.Kind, e.Kind is NotificationKind.RunEnded or NotificationKind.LoopEnded ? e.RunId ?? e.SessionKey : e.SessionKey);
            if (_posted.ContainsKey(key))
            {
                return false;
            }

            var now = _clock.GetUtcNow();
            while (_window.Count > 0 && now - _window.Peek() >= RateWindow)
            {
                _window.Dequeue();
            }

            if (_window.Count >= _settings.RateLimitPerMinute)
            {
                _suppressed++;
                if (_suppressedTimer is null)
                {
                    var lifts = _window.Peek() + RateWindow - now;
                    _suppressedTimer = _clock.CreateTimer(_ => ReportSuppressed(), null, lifts, Timeout.InfiniteTimeSpan);
                }

                return false;
            }

            _window.Enqueue(now);
            Remember(key, now);
            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _queue.Writer.TryWrite(e);
            return true;
        }
    }

    /// <summary>Says the state of <paramref name="kind"/> ended for a session: its next transition into it notifies again.
    /// (Run and loop ends dedupe by run id and need no clearing.)</summary>
    /// <param name="sessionKey">The session, as in <see cref="NotificationEvent.SessionKey"/>.</param>
    /// <param name="kind">The state that ended.</param>
    public void Cleared(string sessionKey, NotificationKind kind)
    {
        if (sessionKey is null)
        {
            return;
        }

        lock (_gate)
        {
            _posted.Remove(DedupeKey(kind, sessionKey));
        }
    }

    /// <summary>
    /// Sends <paramref name="e"/> through <paramref name="channels"/> now, bypassing kinds, quiet, dedupe and the rate limit,
    /// with the same timeout and retries as queued events, all channels at once (<c>sessiontui notify test</c>).
    /// </summary>
    /// <param name="e">The notification.</param>
    /// <param name="channels">Which channels; null for all.</param>
    /// <param name="ct">Cancels the sends and the waits between retries.</param>
    /// <returns>One result per channel, in the order given, once every channel has succeeded or given up.</returns>
    public async Task<IReadOnlyList<ChannelResult>> SendNowAsync(NotificationEvent e, IReadOnlyList<INotificationChannel>? channels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var deliveries = (channels ?? _channels).Select(c => Task.Run(() => DeliverAsync(c, e, ct), CancellationToken.None)).ToArray();
        return await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    /// <summary>Completes when every queued event has been delivered or given up on by every channel (at once when none is
    /// pending), e.g. to let notifications out before the process exits.</summary>
    /// <param name="ct">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
    public Task WhenIdleAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(ct);
        }
    }

    /// <summary>Stops: later posts are refused, queued and running deliveries are cancelled (a hung send is abandoned), and a
    /// pending suppression count is logged.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _dispatcher.ConfigureAwait(false);
        await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
        ReportSuppressed();
        _stop.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private static (NotificationKind, string) DedupeKey(NotificationKind kind, string key) => (kind, key);

    private async Task DispatchAsync()
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                var deliveries = _channels.Select(c => Track(Task.Run(() => DeliverAsync(c, e, _stop.Token), CancellationToken.None))).ToArray();
                _ = Task.WhenAll(deliveries).ContinueWith(_ => Delivered(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: what is still queued is dropped.
        }
    }

    private Task Track(Task task)
    {
        _inFlight[task] = true;
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return task;
    }

    private void Delivered()
    {
        lock (_gate)
        {
            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Sends through one channel with the timeout and retries; never throws.</summary>
    private async Task<ChannelResult> DeliverAsync(INotificationChannel channel, NotificationEvent e, CancellationToken ct)
    {
        var tries = 1 + _settings.RetryAttempts;
        var delay = _settings.RetryFirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendOnceAsync(channel, e, ct).ConfigureAwait(false);
                return new ChannelResult(channel.Name, null, attempt);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return new ChannelResult(channel.Name, "cancelled", attempt);
            }
            catch (ChannelUnavailableException x)
            {
                if (_unavailable.TryAdd(channel.Name, true))
                {
                    Log($"notify: {channel.Name}: {OneLine.Of(x)}; it sends nothing");
                }

                return new ChannelResult(channel.Name, OneLine.Of(x), attempt);
            }
            catch (Exception x)
            {
                var error = OneLine.Of(x);
                var what = NotificationKinds.Text(e.Kind) + " for " + NotificationText.Cap(NotificationText.Clean(e.Session), 40);
                if (attempt >= tries)
                {
                    Log($"notify: {channel.Name} failed ({what}): {error}; gave up after {Attempts(attempt)}");
                    return new ChannelResult(channel.Name, error, attempt);
                }

                Log($"notify: {channel.Name} failed ({what}, attempt {attempt.ToString(CultureInfo.InvariantCulture)} of {tries.ToString(CultureInfo.InvariantCulture)}): {error}; retrying in {Durations.Text(delay)}");
                try
                {
                    await Task.Delay(delay, _clock, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return new ChannelResult(channel.Name, "cancelled", attempt);
                }

                delay *= 2;
            }
        }
    }

    /// <summary>One send, bounded by the timeout even when the channel ignores its token (one timer: the timeout's token both
    /// cancels the send and ends the wait).</summary>
    /// <exception cref="TimeoutException">No answer within the timeout.</exception>
    private async Task SendOnceAsync(INotificationChannel channel, NotificationEvent e, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_settings.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        Task send;
        try
        {
            send = channel.SendAsync(e, linked.Token);
        }
        catch (Exception x)
        {
            send = Task.FromException(x);
        }

        try
        {
            await send.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (!send.IsCompleted)
            {
                // Abandoned: observe its eventual failure so it is not reported as unobserved.
                _ = send.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            ct.ThrowIfCancellationRequested();
            throw new TimeoutException("no answer within " + Durations.Text(_settings.Timeout));
        }
    }

    private void Remember((NotificationKind, string) key, DateTimeOffset now)
    {
        if (_posted.Count >= MaxRemembered)
        {
            foreach (var old in _posted.OrderBy(p => p.Value).Take(MaxRemembered / 10).Select(p => p.Key).ToArray())
            {
                _posted.Remove(old);
            }
        }

        _posted[key] = now;
    }

    private void ReportSuppressed()
    {
        int count;
        lock (_gate)
        {
            count = _suppressed;
            _suppressed = 0;
            _suppressedTimer?.Dispose();
            _suppressedTimer = null;
        }

        if (count > 0)
        {
            Log($"notify: {count.ToString(CultureInfo.InvariantCulture)} notification{(count == 1 ? "" : "s")} suppressed by the rate limit ({_settings.RateLimitPerMinute.ToString(CultureInfo.InvariantCulture)} a minute)");
        }
    }

    private static string Attempts(int n) => n == 1 ? "1 attempt" : n.ToString(CultureInfo.InvariantCulture) + " attempts";

    private void Log(string line)
    {
        try
        {
            _log(line);
        }
        catch (Exception)
        {
            // A log sink that throws must not break the notifier.
        }
    }
}

/// <summary>How one channel's delivery of one notification ended.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Error">The last failure, one line; null when it was delivered.</param>
/// <param name="Attempts">How many sends were made.</param>
public sealed record ChannelResult(string Channel, string? Error, int Attempts)
{
    /// <summary>Whether it was delivered.</summary>
    public bool Ok => Error is null;
}
