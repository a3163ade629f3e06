using System.Globalization;
using System.Text.Json;

namespace SessionTui.Wall;

/// <summary>
/// Counters of the running wall, for the benchmark (<c>tests/SessionTui.Benchmarks</c>): frames drawn, time to build and
/// write each frame (ms), bytes written to the terminal, tmux processes spawned. Written as one JSON object to the file
/// named by <c>$SESSIONTUI_METRICS</c> on SIGUSR1 and at exit; off (no file, no signal handler) when that is unset.
/// </summary>
public sealed class WallMetrics
{
    private const int MaxSamples = 100_000;
    private readonly object _gate = new();
    private readonly List<double> _renderMs = [];
    private long _frames;

    /// <summary>Records one drawn frame.</summary>
    /// <param name="elapsedMs">View + off-screen render + line diff + flush, in milliseconds.</param>
    public void Frame(double elapsedMs)
    {
        lock (_gate)
        {
            _frames++;
            if (_renderMs.Count < MaxSamples)
            {
                _renderMs.Add(elapsedMs);
            }
        }
    }

    /// <summary>Writes the counters to <paramref name="path"/> (replacing it atomically).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="bytesWritten">Bytes written to the terminal so far.</param>
    /// <param name="tmuxSpawned">tmux processes spawned so far.</param>
    public void Write(string path, long bytesWritten, long tmuxSpawned)
    {
        double[] samples;
        long frames;
        lock (_gate)
        {
            samples = [.. _renderMs];
            frames = _frames;
        }

        var json = JsonSerializer.Serialize(new
        {
            frames,
            bytesWritten,
            tmuxSpawned,
            renderMs = samples.Select(s => Math.Round(s, 3)).ToArray(),
            writtenAt = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        });
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, json);
        File.Move(tmp, path, overwrite: true);
    }
}
