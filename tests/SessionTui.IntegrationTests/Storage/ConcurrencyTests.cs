using System.Collections.Concurrent;
using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

public sealed class ConcurrencyTests : IDisposable
{
    private const int Writers = 4;
    private const int Rounds = 40;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Concurrent_writers_on_one_file_lose_nothing()
    {
        // Given a path with no database yet and several writers, each with its own store, starting together
        var path = _temp.File("history.db");
        using var start = new Barrier(Writers);
        var shared = Given.Session("$0", "shared");
        var failures = new ConcurrentQueue<Exception>();

        // When each opens the file and records sightings of its own sessions and a shared one, and ends of its own
        void Write(int writer)
        {
            start.SignalAndWait();
            try
            {
                using var store = SqliteHistoryStore.Open(path);
                for (var round = 0; round < Rounds; round++)
                {
                    var own = Given.Session($"${(writer * 1000) + round + 1}", $"w{writer}-r{round}");
                    store.RecordSeen([own, shared], Given.At(round));
                    store.RecordEnd(Given.End(own, writer % 2 == 0 ? EndReason.KilledFromWall : EndReason.Vanished, Given.At(round + 1)), own.Name);
                    store.RecordEnd(Given.End(shared, EndReason.Vanished, Given.At(round + 1)), shared.Name);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        }

        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() => Write(w))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // Then no writer failed and every session is there, each own session ended once
        Assert.Empty(failures);
        using var reader = SqliteHistoryStore.Open(path);
        var entries = reader.List(10_000);
        Assert.Equal((Writers * Rounds) + 1, entries.Count);
        Assert.All(entries, e => Assert.NotNull(e.EndReason));
        Assert.Equal(Writers * Rounds, entries.Select(e => e.SessionId).Where(id => id != "$0").Distinct().Count());
    }
}
