using System.Globalization;
using System.Text.Json;

namespace SessionTui.Wall;

/// <summary>
/// Counters of the running wall, for the benchmark (<c>tests/SessionTui.Benchmarks</c>): frames written, per-frame time
/// (ms, from the start of the main-loop iteration to the frame written), time from a key's intent to its frame (ms), time
/// of frames in which the card grid was redrawn (ms), and tmux processes spawned. Written as one JSON object
/// (<c>frames</c>, <c>tmuxSpawned</c>, <c>renderMs</c>, <c>keyToFrameMs</c>, <c>redrawMs</c>, <c>gridMs</c>: the grid's own draw
/// passes, <c>writtenAt</c> UTC) to the
/// file named by <c>$SESSIONTUI_METRICS</c> on SIGUSR1 and at exit; off (no file, no signal handler) when that is unset.
/// </summary>
public sealed class WallMetrics
{
    private const int MaxSamples = 100_000;
    private readonly object _gate = new();
    private readonly List<double> _renderMs = [];
    private readonly List<double> _keyMs = [];
    private readonly List<double> _redrawMs = [];
    private readonly List<double> _gridMs = [];
    private long _frames;

    /// <summary>Records one frame written to the terminal.</summary>
    /// <param name="frameMs">From the start of the iteration to the frame written, in ms.</param>
    /// <param name="keyMs">From the key's intent to the frame written, in ms, when a key caused it.</param>
    /// <param name="redrawMs">The frame time when the card grid was redrawn in it, in ms.</param>
    public void Frame(double frameMs, double? keyMs, double? redrawMs)
    {
        lock (_gate)
        {
            _frames++;
            Add(_renderMs, frameMs);
            if (keyMs is { } k)
            {
                Add(_keyMs, k);
            }

            if (redrawMs is { } r)
            {
                Add(_redrawMs, r);
            }
        }
    }

    /// <summary>Records one draw pass of the card grid: composing every card and handing changed cells to Terminal.Gui.</summary>
    /// <param name="elapsedMs">The pass, in ms.</param>
    public void Grid(double elapsedMs)
    {
        lock (_gate)
        {
            Add(_gridMs, elapsedMs);
        }
    }

    /// <summary>Writes the counters to <paramref name="path"/> (replacing it atomically).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="tmuxSpawned">tmux processes spawned so far.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(string path, long tmuxSpawned)
    {
        string json;
        lock (_gate)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("frames", _frames);
                w.WriteNumber("tmuxSpawned", tmuxSpawned);
                Array(w, "renderMs", _renderMs);
                Array(w, "keyToFrameMs", _keyMs);
                Array(w, "redrawMs", _redrawMs);
                Array(w, "gridMs", _gridMs);
                w.WriteString("writtenAt", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        var tmp = path + ".tmp";
        File.WriteAllText(tmp, json);
        File.Move(tmp, path, overwrite: true);
    }

    private static void Add(List<double> samples, double value)
    {
        if (samples.Count < MaxSamples)
        {
            samples.Add(Math.Round(value, 3));
        }
    }

    private static void Array(Utf8JsonWriter w, string name, List<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
