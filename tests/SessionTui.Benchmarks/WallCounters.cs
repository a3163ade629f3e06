using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionTui.Benchmarks;

/// <summary>The wall's own counters, as <c>src/SessionTui/Wall/WallMetrics.cs</c> writes them to <c>$SESSIONTUI_METRICS</c>.</summary>
/// <param name="Frames">Frames drawn since start.</param>
/// <param name="BytesWritten">Bytes written to the terminal since start.</param>
/// <param name="TmuxSpawned">tmux processes spawned since start (all watched servers).</param>
/// <param name="RenderMs">Time of each frame (view, render, line diff, flush) in ms, oldest first.</param>
/// <param name="WrittenAt">When the wall wrote the file (UTC).</param>
internal sealed record WallCounters(
    [property: JsonPropertyName("frames")] long Frames,
    [property: JsonPropertyName("bytesWritten")] long BytesWritten,
    [property: JsonPropertyName("tmuxSpawned")] long TmuxSpawned,
    [property: JsonPropertyName("renderMs")] double[] RenderMs,
    [property: JsonPropertyName("writtenAt")] DateTimeOffset WrittenAt)
{
    /// <summary>Reads the file; null when it does not exist yet.</summary>
    /// <exception cref="JsonException">The file is not the expected object.</exception>
    public static WallCounters? Read(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<WallCounters>(File.ReadAllText(path)) ?? throw new JsonException($"{path} holds null")
            : null;
}
