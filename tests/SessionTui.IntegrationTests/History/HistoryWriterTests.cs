using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using SessionTui.Core;
using SessionTui.Core.History;
using SessionTui.History;
using SessionTui.IntegrationTests.Storage;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.HistoryTests;

/// <summary>The app's history writer (Linux and macOS only, as the app) against real SQLite files and a private tmux.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class HistoryWriterTests : IDisposable
{
    private static readonly TmuxClient UnusedTmux = new(new ProcessTmuxTransport(new ProcessRunner(), "tmux"), TimeProvider.System);
    private readonly TempFolder _temp = new();
    private readonly ConcurrentQueue<Msg> _posted = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Writes_reach_the_database_in_the_order_given()
    {
        // Given a writer over a new database
        using var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        await using var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);
        var api = Given.Session("$1", "api");
        var web = Given.Session("$2", "web");

        // When two sessions are seen, one vanishes, the other is renamed later
        writer.Enqueue(new RecordSessionsSeen([api, web], Given.At(1)));
        writer.Enqueue(new RecordSessionEnd(Given.End(api, EndReason.Vanished, Given.At(2), "api screen"), "api"));
        writer.Enqueue(new RecordSessionsSeen([web with { Name = "web-2" }], Given.At(3)));
        await writer.FlushAsync();

        // Then the rows say so, and nothing was posted
        var rows = store.List(10).ToDictionary(r => r.SessionId);
        Assert.Equal((EndReason?)EndReason.Vanished, rows["$1"].EndReason);
        Assert.Equal("api screen", store.LoadScreen(rows["$1"].Id));
        Assert.Equal(("web-2", Given.At(3), (EndReason?)null), (rows["$2"].Name, rows["$2"].LastSeen, rows["$2"].EndReason));
        Assert.Empty(_posted);
    }

    [Fact]
    public async Task A_dead_pane_is_captured_before_its_end_is_written()
    {
        // Given a session on a private tmux whose program printed a last word and exited with 3, its pane kept (it waits for
        // Enter before exiting: tmux 3.3a may drop the output of a program that exits at once)
        using var tmux = new TmuxTestServer();
        var session = await tmux.Client.NewSessionAsync(tmux.Server, new NewSessionRequest("ender", ["sh", "-c", "echo goodbye; read line; exit 3"]) { RemainOnExit = true });
        tmux.WaitForText(session.ActivePane.PaneId, "goodbye");
        tmux.Tmux("send-keys", "-t", session.ActivePane.PaneId, "Enter");
        tmux.WaitForDeadPane(session.ActivePane.PaneId);
        using var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        await using var writer = new HistoryWriter(store, tmux.Client, _posted.Enqueue);

        // When the writer is asked to capture the dead pane (its height of scrollback, as the tracker asks) and record the end,
        // with an older screen as fallback
        var end = new SessionEnd(tmux.Server, session.SessionId, session.Created, EndReason.Exited, 3, Given.At(5), "older screen") { ServerPid = session.ServerPid };
        writer.Enqueue(new CaptureEndedPane(end, "ender", session.ActivePane.PaneId, session.ActivePane.Height));
        await writer.FlushAsync();

        // Then the end is stored with the fresh capture, not the fallback
        var row = Assert.Single(store.List(10));
        Assert.Equal(((EndReason?)EndReason.Exited, (int?)3), (row.EndReason, row.ExitStatus));
        var screen = store.LoadScreen(row.Id);
        Assert.Contains("goodbye", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("older screen", screen, StringComparison.Ordinal);
        Assert.Empty(_posted);
    }

    [Fact]
    public async Task A_capture_that_fails_records_the_end_with_the_fallback_screen()
    {
        // Given a running tmux server without the pane to capture
        using var tmux = new TmuxTestServer();
        using var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        await using var writer = new HistoryWriter(store, tmux.Client, _posted.Enqueue);

        // When the writer is asked to capture a pane that is gone
        var api = Given.Session("$1", "api", server: tmux.Server);
        writer.Enqueue(new CaptureEndedPane(Given.End(api, EndReason.Exited, Given.At(5), "older screen", exitStatus: 0), "api", "%999", 0));
        await writer.FlushAsync();

        // Then the end is stored with the fallback screen, and that is no failure
        var row = Assert.Single(store.List(10));
        Assert.Equal("older screen", store.LoadScreen(row.Id));
        Assert.Empty(_posted);
    }

    [Fact]
    public async Task A_read_only_database_is_reported_once_however_many_writes_fail()
    {
        // Given a writer over a database opened read-only
        var path = _temp.File("history.db");
        SqliteHistoryStore.Open(path).Dispose();
        using var store = SqliteHistoryStore.OpenReadOnly(path);
        await using var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);

        // When three writes come, as three ticks would make them
        var api = Given.Session("$1", "api");
        writer.Enqueue(new RecordSessionsSeen([api], Given.At(1)));
        writer.Enqueue(new RecordSessionsSeen([api], Given.At(61)));
        writer.Enqueue(new RecordSessionEnd(Given.End(api, EndReason.Vanished, Given.At(62)), "api"));
        await writer.FlushAsync();

        // Then one message says why, once
        Assert.Equal([new StoreUnavailable($"history is read-only: {path}")], _posted);
    }

    [Fact]
    public async Task A_locked_database_is_reported_once_without_blocking_the_caller_and_its_recovery_is_reported_too()
    {
        // Given a writer over a database with a one-second busy timeout, and another writer holding the database
        var path = _temp.File("history.db");
        using var store = SqliteHistoryStore.Open(path, TimeSpan.FromSeconds(1));
        await using var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);
        var other = new RawDatabase(path);
        other.Execute("BEGIN IMMEDIATE");
        var api = Given.Session("$1", "api");

        // When two writes are queued while it is locked
        var clock = Stopwatch.StartNew();
        writer.Enqueue(new RecordSessionsSeen([api], Given.At(1)));
        writer.Enqueue(new RecordSessionsSeen([api with { Name = "api-2" }], Given.At(2)));
        var enqueueing = clock.Elapsed;
        await writer.FlushAsync();

        // Then the caller did not wait for the lock, and the lock is reported once
        Assert.InRange(enqueueing, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        Assert.Equal([new StoreUnavailable($"cannot write history database {path}: it is locked by another writer (gave up after 1000 ms)")], _posted);

        // And when the lock is gone, the next write works and says the store is back
        other.Dispose();
        writer.Enqueue(new RecordSessionsSeen([api with { Name = "api-3" }], Given.At(3)));
        await writer.FlushAsync();
        Assert.IsType<StoreRecovered>(_posted.Last());
        Assert.Equal(2, _posted.Count);
        Assert.Equal("api-3", Assert.Single(store.List(10)).Name);
    }

    [Fact]
    public async Task A_kill_from_the_command_line_is_written_when_its_flush_completes()
    {
        // Given a writer that has a sighting queued
        using var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        await using var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);
        var api = Given.Session("$1", "api");
        writer.Enqueue(new RecordSessionsSeen([api], Given.At(1)));

        // When the CLI records a kill and waits for it
        writer.Enqueue(RecordSessionEnd.Killed(api.Server, api.ServerPid, api.SessionId, api.Created, "api", EndReason.KilledFromCli, Given.At(2), "last screen"));
        await writer.FlushAsync();

        // Then both writes are in the database as soon as the flush completes
        var row = Assert.Single(store.List(10));
        Assert.Equal((Given.At(1), (EndReason?)EndReason.KilledFromCli, Given.At(2)), (row.FirstSeen, row.EndReason, row.Ended));
        Assert.Equal("last screen", store.LoadScreen(row.Id));
        Assert.Empty(_posted);
    }

    [Fact]
    public async Task An_unexpected_failure_comes_back_as_a_message_and_the_writer_goes_on()
    {
        // Given a writer over a store that was disposed (a bug in the caller, not a database problem)
        var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        store.Dispose();
        await using var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);

        // When two writes come
        var seen = new RecordSessionsSeen([Given.Session("$1", "api")], Given.At(1));
        var end = new RecordSessionEnd(Given.End(Given.Session("$1", "api"), EndReason.Vanished, Given.At(2)), "api");
        writer.Enqueue(seen);
        writer.Enqueue(end);
        await writer.FlushAsync();

        // Then each failure comes back with its Cmd and exception
        Assert.Equal([seen, end], _posted.Cast<HistoryWriteFailed>().Select(f => f.Cmd));
        Assert.All(_posted.Cast<HistoryWriteFailed>(), f => Assert.IsType<ObjectDisposedException>(f.Error));
    }

    [Fact]
    public async Task A_post_that_throws_stops_the_writer_and_is_rethrown_at_dispose()
    {
        // Given a writer over a read-only database whose post callback throws
        var path = _temp.File("history.db");
        SqliteHistoryStore.Open(path).Dispose();
        using var store = SqliteHistoryStore.OpenReadOnly(path);
        var writer = new HistoryWriter(store, UnusedTmux, _ => throw new InvalidOperationException("loop is gone"));

        // When a write fails and its message cannot be posted
        writer.Enqueue(new RecordSessionsSeen([Given.Session("$1", "api")], Given.At(1)));
        var flush = await Assert.ThrowsAsync<InvalidOperationException>(writer.FlushAsync);

        // Then waiting callers, later writes and dispose all see the exception instead of hanging or losing it
        Assert.Equal("loop is gone", flush.Message);
        var later = Assert.Throws<InvalidOperationException>(() => writer.Enqueue(new RecordSessionsSeen([Given.Session("$2", "web")], Given.At(2))));
        Assert.Equal("loop is gone", later.Message);
        var disposing = await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.DisposeAsync());
        Assert.Equal("loop is gone", disposing.Message);
    }

    [Fact]
    public async Task Dispose_finishes_the_queued_writes()
    {
        // Given a writer with many writes queued
        using var store = SqliteHistoryStore.Open(_temp.File("history.db"));
        var writer = new HistoryWriter(store, UnusedTmux, _posted.Enqueue);
        for (var i = 1; i <= 20; i++)
        {
            writer.Enqueue(new RecordSessionsSeen([Given.Session("$" + i, "s" + i)], Given.At(i)));
        }

        // When it is disposed at once
        await writer.DisposeAsync();

        // Then every write is in the database, and later writes are refused
        Assert.Equal(20, store.List(100).Count);
        Assert.Throws<ObjectDisposedException>(() => writer.Enqueue(new RecordSessionsSeen([Given.Session("$99", "late")], Given.At(99))));
    }
}
