using System.Diagnostics;
using System.Text.Json;

namespace SessionTui.Benchmarks;

/// <summary>
/// The wall's own counters at one instant, as the wall writes them (one JSON object) to the file named by
/// <c>$SESSIONTUI_METRICS</c> on SIGUSR1 and at exit. Counts and arrays run from the wall's start, arrays oldest first; a
/// phase takes the difference of two readings. Only <c>frames</c>, <c>tmuxSpawned</c> and <c>renderMs</c> are required; the
/// others may be absent (null here) and unknown fields are ignored, so the current wall and its rewrite are read alike.
/// </summary>
/// <param name="Frames"><c>frames</c>: frames drawn.</param>
/// <param name="TmuxSpawned"><c>tmuxSpawned</c>: tmux processes spawned, all watched servers.</param>
/// <param name="RenderMs"><c>renderMs</c>: time of each frame, ms.</param>
/// <param name="RedrawMs"><c>redrawMs</c>: time of each whole-grid redraw, ms.</param>
/// <param name="KeyToFrameMs"><c>keyToFrameMs</c>: from a key event to its frame written, ms.</param>
/// <param name="DbBytesWritten"><c>dbBytesWritten</c>: bytes the wall wrote to its history database.</param>
/// <param name="BytesWritten"><c>bytesWritten</c>: bytes the wall wrote to its terminal.</param>
internal sealed record WallMetrics(
    long Frames,
    long TmuxSpawned,
    IReadOnlyList<double> RenderMs,
    IReadOnlyList<double>? RedrawMs,
    IReadOnlyList<double>? KeyToFrameMs,
    long? DbBytesWritten,
    long? BytesWritten)
{
    /// <summary>Parses one metrics object.</summary>
    /// <exception cref="JsonException">Not JSON, or a required field is missing or of the wrong kind.</exception>
    public static WallMetrics Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the metrics file does not hold an object");
        }

        long Required(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number
            ? p.GetInt64()
            : throw new JsonException($"the metrics file has no number '{name}'");
        long? Optional(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : null;
        double[]? Samples(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(e => e.GetDouble()).ToArray()
            : null;

        return new WallMetrics(
            Required("frames"),
            Required("tmuxSpawned"),
            Samples("renderMs") ?? throw new JsonException("the metrics file has no array 'renderMs'"),
            Samples("redrawMs"),
            Samples("keyToFrameMs"),
            Optional("dbBytesWritten"),
            Optional("bytesWritten"));
    }

    /// <summary>The samples of <paramref name="series"/> added between <paramref name="start"/> and <paramref name="end"/>, or
    /// null when either reading is missing or lacks the series.</summary>
    public static IReadOnlyList<double>? Added(WallMetrics? start, WallMetrics? end, Func<WallMetrics, IReadOnlyList<double>?> series) =>
        start is not null && end is not null && series(start) is { } before && series(end) is { } after ? after.Skip(before.Count).ToArray() : null;

    /// <summary>The growth of <paramref name="counter"/> between <paramref name="start"/> and <paramref name="end"/>, or null
    /// when either reading is missing or lacks it.</summary>
    public static long? Growth(WallMetrics? start, WallMetrics? end, Func<WallMetrics, long?> counter) =>
        start is not null && end is not null && counter(start) is { } before && counter(end) is { } after ? after - before : null;
}

/// <summary>Asks a running wall for its metrics: SIGUSR1, then wait until the file has been rewritten and parses.</summary>
internal sealed class WallMetricsFile
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly string _path;

    /// <summary>Reads <paramref name="path"/>, the wall's <c>$SESSIONTUI_METRICS</c>.</summary>
    public WallMetricsFile(string path) => _path = path;

    /// <summary>Signals <paramref name="pid"/> and returns what it writes. A rewrite is told by the file's modification time,
    /// so a writer that rewrites the file in place works too; a half-written file is read again.</summary>
    /// <exception cref="InvalidOperationException">The wall is gone.</exception>
    /// <exception cref="TimeoutException">It did not write a readable file in time.</exception>
    public WallMetrics Dump(int pid, CancellationToken cancellationToken)
    {
        var before = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : (DateTime?)null;
        if (!Native.Signal(pid, Native.SigUsr1))
        {
            throw new InvalidOperationException($"the wall (pid {pid}) is gone (when its metrics dump crashes it, run with --no-metrics BUILD)");
        }

        var clock = Stopwatch.StartNew();
        string? problem = null;
        while (clock.Elapsed < Timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(_path) && File.GetLastWriteTimeUtc(_path) != before)
            {
                try
                {
                    return WallMetrics.Parse(File.ReadAllText(_path));
                }
                catch (Exception e) when (e is JsonException or IOException)
                {
                    problem = e.Message;
                }
            }

            Thread.Sleep(5);
        }

        throw new TimeoutException(
            $"the wall (pid {pid}) did not write {_path} within {Timeout.TotalSeconds:0} s of SIGUSR1{(problem is null ? "" : ": " + problem)} " +
            "(for a build whose metrics dump does not work, run with --no-metrics BUILD)");
    }
}
