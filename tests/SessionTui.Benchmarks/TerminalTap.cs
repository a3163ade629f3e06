using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>
/// Everything the wall writes to its terminal, taken outside the app: tmux <c>pipe-pane -o</c> copies the pane's output to
/// <c>cat</c>, which writes into a FIFO this class reads on its own thread. Each read is one chunk, stamped with
/// <see cref="Stopwatch"/> ticks as the read returns (microsecond resolution; the hops wall → pty → tmux server → cat →
/// FIFO → this thread add their scheduling delays, which is what a terminal would see too).
/// </summary>
internal sealed class TerminalTap : IDisposable
{
    private readonly object _gate = new();
    private readonly List<long> _arrivals = [];
    private readonly Thread _reader;
    private long _bytes;

    private TerminalTap(string fifoPath)
    {
        FifoPath = fifoPath;
        _reader = new Thread(() => Read(fifoPath)) { IsBackground = true, Name = "terminal-tap" };
        _reader.Start();
    }

    /// <summary>The FIFO for <c>pipe-pane</c>: <c>exec cat &gt; FifoPath</c>.</summary>
    public string FifoPath { get; }

    /// <summary>Bytes the wall has written to its terminal since the pipe was opened.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Chunks received so far.</summary>
    public int Chunks
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>Makes the FIFO <paramref name="fifoPath"/> and starts reading it (the read waits for the writer).</summary>
    public static TerminalTap Open(string fifoPath)
    {
        Native.MakeFifo(fifoPath);
        return new TerminalTap(fifoPath);
    }

    /// <summary>Waits for chunk number <paramref name="index"/> (0-based) and returns its arrival (Stopwatch ticks), or
    /// null when it does not come within <paramref name="timeout"/>.</summary>
    public long? WaitForChunk(int index, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (_arrivals.Count <= index)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }

            return _arrivals[index];
        }
    }

    /// <summary>Waits until no chunk has arrived for <paramref name="quiet"/>, for at most <paramref name="limit"/>.</summary>
    /// <returns>Whether the output went quiet, and the arrival of the last chunk (Stopwatch ticks; null when none ever came).</returns>
    public (bool Quiet, long? Last) WaitForQuiet(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var wentQuiet = false;
        while (!wentQuiet && clock.Elapsed < limit)
        {
            wentQuiet = WaitForChunk(Chunks, quiet, cancellationToken) is null;
        }

        lock (_gate)
        {
            return (wentQuiet, _arrivals.Count == 0 ? null : _arrivals[^1]);
        }
    }

    /// <summary>Waits for the next frame to arrive and settle: the output grows, then stays unchanged for
    /// <paramref name="settled"/> (for at most two seconds more).</summary>
    /// <returns>Whether the output is quiet now: true after a settled frame, or when nothing arrived within
    /// <paramref name="wait"/> (an idle wall); false when it never stopped for <paramref name="settled"/>.</returns>
    public bool AfterNextFrame(TimeSpan wait, TimeSpan settled, CancellationToken cancellationToken) =>
        WaitForChunk(Chunks, wait, cancellationToken) is null || WaitForQuiet(settled, TimeSpan.FromSeconds(2), cancellationToken).Quiet;

    /// <summary>Waits up to two seconds for the writer to close the pipe (the tmux server was killed).</summary>
    public void Dispose() => _reader.Join(TimeSpan.FromSeconds(2));

    private void Read(string path)
    {
        var buffer = new byte[65536];
        try
        {
            using var fifo = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            int n;
            while ((n = fifo.Read(buffer, 0, buffer.Length)) > 0)
            {
                var at = Stopwatch.GetTimestamp();
                Interlocked.Add(ref _bytes, n);
                lock (_gate)
                {
                    _arrivals.Add(at);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (IOException)
        {
            // The FIFO went away with its directory: nothing more to count.
        }
    }
}
