using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionTui.Workcells.Pipelines;

/// <summary>
/// The JSON of pipelines: <c>state.json</c> (<see cref="PipelineState"/>) and <c>manifest.json</c> (<see cref="Manifest"/>).
/// snake_case names, enums as kebab-case words, UTC ISO 8601 times with a <c>Z</c>, nulls kept, non-ASCII text unescaped,
/// indented. Reading is strict about what the records need: a missing constructor property or a null where the record has
/// no nullable type is a <see cref="JsonException"/>; unknown properties are ignored. Source-generated
/// (<see cref="PipelineJsonContext"/>): no reflection, safe for Native AOT.
/// </summary>
internal static class PipelineJson
{
    /// <summary>The generated context with the options above.</summary>
    public static PipelineJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new UtcTimeConverter(), new JsonStringEnumConverter<StepState>(JsonNamingPolicy.KebabCaseLower) },
    });

    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8, no BOM) to <paramref name="path"/> atomically: into a temporary file beside
    /// it (<c>NAME.tmp-RANDOM</c>), flushed to disk, then renamed over it, so a reader sees the old or the new file, never
    /// a part. Creates the folder when missing; removes the temporary file when writing fails.
    /// </summary>
    /// <param name="path">The file to replace or create.</param>
    /// <param name="content">Its new text.</param>
    /// <exception cref="IOException">The folder or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not allowed.</exception>
    public static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $"{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new UTF8Encoding(false).GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}

/// <summary>Source-generated serialization of <see cref="PipelineState"/> and <see cref="Manifest"/>.</summary>
[JsonSerializable(typeof(PipelineState))]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;

/// <summary>Times as UTC ISO 8601 with seven fraction digits and a <c>Z</c> (<c>2026-11-28T09:42:10.0000000Z</c>), whatever
/// the offset they were made with; reads any ISO 8601 time and returns it in UTC.</summary>
internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
