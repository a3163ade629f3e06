using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.Versioning;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.History;
using SessionTui.IntegrationTests.Storage;
using SessionTui.Storage;
using SessionTui.Tmux;
using Xunit.Abstractions;

namespace SessionTui.IntegrationTests.HistoryTests;

/// <summary>Runs alone: it counts every byte the test process writes (<c>wchar</c> of <c>/proc/self/io</c>).</summary>
[CollectionDefinition(nameof(WriteVolume), DisableParallelization = true)]
public sealed class WriteVolume;

/// <summary>
/// How many bytes history writes to its database (the <c>.db</c> and <c>-wal</c> files: WAL frames, checkpoints, the final
/// checkpoint at close) for 50 sessions on one server polled every second, simulated with synthetic snapshots over 1 + 10
/// minutes: the first minute (the rows inserted) apart, then the steady state per minute. Bytes are the <c>wchar</c> count of
/// <c>/proc/self/io</c> (bytes passed to write(2)/pwrite(2) by the process) around the run; nothing else in the process writes
/// meanwhile. The reference is a heartbeat that writes every session every tick, which is what the wall must not do.
/// </summary>
[Collection(nameof(WriteVolume))]
[SupportedOSPlatform("linux")]
public sealed class HistoryWriteVolumeTests(ITestOutputHelper output) : IDisposable
{
    private const int Sessions = 50;
    private const int OnScreen = 12;
    private const int SteadyMinutes = 10;
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly ServerRef Server = new("default", ["-S", "/tmp/tmux-0/default"], "/tmp/tmux-0/default");
    private static readonly TmuxClient UnusedTmux = new(new ProcessTmuxTransport(new ProcessRunner(), "tmux"), TimeProvider.System);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_wall_over_fifty_idle_or_busy_sessions_writes_its_history_once_a_minute_not_every_tick()
    {
        // Given 50 sessions polled every second, idle or printing a line a second (12 of them on screen and captured)
        // When their history is written by a heartbeat (every session, every tick) and by the tracker and writer
        var heartbeat = await MeasureAsync("heartbeat", busy: false, Heartbeat);
        var idle = await MeasureAsync("tracker-idle", busy: false, TrackerAndWriter);
        var busy = await MeasureAsync("tracker-busy", busy: true, TrackerAndWriter);

        output.WriteLine("history bytes written, 50 sessions, 1 s ticks (wchar of /proc/self/io)");
        output.WriteLine("| writer | first minute | steady state per minute | at exit | transactions per steady minute |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var v in new[] { heartbeat, idle, busy })
        {
            output.WriteLine(FormattableString.Invariant($"| {v.Name} | {v.FirstMinute} | {v.SteadyPerMinute} | {v.AtExit} | {v.SteadyTransactions / (double)SteadyMinutes:0.#} |"));
        }

        // Then idle and busy alike write one transaction a minute (the refresh of last_seen), a small fraction of the heartbeat
        Assert.Equal(SteadyMinutes, idle.SteadyTransactions);
        Assert.Equal(SteadyMinutes, busy.SteadyTransactions);
        Assert.InRange(idle.SteadyPerMinute, 1, 64 * 1024);
        Assert.InRange(busy.SteadyPerMinute, 1, 64 * 1024);
        Assert.True(idle.SteadyPerMinute * 20 < heartbeat.SteadyPerMinute, $"idle {idle.SteadyPerMinute} B/min against heartbeat {heartbeat.SteadyPerMinute} B/min");
    }

    /// <summary>Writes every session at every tick, in one transaction: the reference.</summary>
    private static Sink Heartbeat(SqliteHistoryStore store)
    {
        var transactions = 0;
        return new Sink(
            snapshot =>
            {
                store.RecordSeen(snapshot.Sessions, snapshot.TakenAt);
                transactions++;
                return Task.CompletedTask;
            },
            _ => Task.CompletedTask,
            () => transactions);
    }

    /// <summary>The tracker computes the writes, the writer runs them; each tick waits until its writes are done.</summary>
    private static Sink TrackerAndWriter(SqliteHistoryStore store)
    {
        var tracker = HistoryTracker.Empty;
        var writer = new HistoryWriter(store, UnusedTmux, m => throw new InvalidOperationException("history write failed: " + m));
        var transactions = 0;

        async Task RunAsync(IReadOnlyList<HistoryCmd> cmds)
        {
            foreach (var cmd in cmds)
            {
                writer.Enqueue(cmd);
                transactions++;
            }

            if (cmds.Count > 0)
            {
                await writer.FlushAsync();
            }
        }

        return new Sink(
            async snapshot =>
            {
                (tracker, var cmds) = tracker.Observe(snapshot);
                await RunAsync(cmds);
            },
            async at =>
            {
                (tracker, var cmds) = tracker.AtExit(at);
                await RunAsync(cmds);
                await writer.DisposeAsync();
            },
            () => transactions);
    }

    private async Task<Volume> MeasureAsync(string name, bool busy, Func<SqliteHistoryStore, Sink> open)
    {
        var store = SqliteHistoryStore.Open(_temp.File(name + ".db"));
        var sink = open(store);
        var start = WrittenBytes();
        var afterFirstMinute = start;
        var transactionsAfterFirstMinute = 0;
        var ticks = (1 + SteadyMinutes) * 60;
        for (var second = 0; second < ticks; second++)
        {
            if (second == 60)
            {
                afterFirstMinute = WrittenBytes();
                transactionsAfterFirstMinute = sink.Transactions();
            }

            await sink.Observe(Tick(second, busy));
        }

        var beforeExit = WrittenBytes();
        var steadyTransactions = sink.Transactions() - transactionsAfterFirstMinute;
        await sink.Exit(T0.AddSeconds(ticks));
        store.Dispose();
        var end = WrittenBytes();
        return new Volume(name, afterFirstMinute - start, (beforeExit - afterFirstMinute) / SteadyMinutes, end - beforeExit, steadyTransactions);
    }

    /// <summary>One poll at <paramref name="second"/>: idle sessions look the same every time; busy ones printed a line since the
    /// last tick (activity, scrollback, cursor and screen change), never their name, command or path.</summary>
    private static ServerSnapshot Tick(int second, bool busy)
    {
        var progress = busy ? second : 0;
        var sessions = Enumerable.Range(1, Sessions).Select(i => new SessionInfo(
            Server,
            "$" + i.ToString(CultureInfo.InvariantCulture),
            "agent-" + i.ToString("00", CultureInfo.InvariantCulture),
            T0.AddHours(-1).AddSeconds(i),
            AttachedClients: 0,
            WindowCount: 1,
            new PaneInfo(
                "%" + i.ToString(CultureInfo.InvariantCulture), 5000 + i, "agent", "/work/agent-" + i.ToString(CultureInfo.InvariantCulture),
                Dead: false, DeadStatus: null, DeadSignal: null, Height: 24, WindowActivity: T0.AddSeconds(progress)))
        { ServerPid = 4242 }).ToImmutableArray();
        var captures = sessions.Take(OnScreen).ToImmutableDictionary(
            s => s.ActivePane.PaneId,
            s => string.Join('\n', Enumerable.Range(progress, 24).Select(line => FormattableString.Invariant($"{s.Name} line {line}: working on step {line}"))));
        return new ServerSnapshot(Server, T0.AddSeconds(second), sessions, captures);
    }

    private static long WrittenBytes() =>
        long.Parse(
            File.ReadLines("/proc/self/io").First(l => l.StartsWith("wchar:", StringComparison.Ordinal))["wchar:".Length..].Trim(),
            CultureInfo.InvariantCulture);

    private sealed record Sink(Func<ServerSnapshot, Task> Observe, Func<DateTimeOffset, Task> Exit, Func<int> Transactions);

    private sealed record Volume(string Name, long FirstMinute, long SteadyPerMinute, long AtExit, int SteadyTransactions);
}
