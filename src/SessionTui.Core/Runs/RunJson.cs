using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionTui.Core.Runs;

/// <summary>
/// The JSON of a run: <c>status.json</c> in the run folder, the <c>record_json</c> column, <c>runs --json</c>. snake_case
/// names, enums as kebab-case words, UTC ISO 8601 times, nulls kept, non-ASCII text unescaped. Source-generated
/// (<see cref="RunJsonContext"/>): no reflection, safe for Native AOT. The schema is documented in the README.
/// </summary>
public static class RunJson
{
    private static readonly RunJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new UtcTimeConverter(), new JsonStringEnumConverter<RunState>(JsonNamingPolicy.KebabCaseLower), new JsonStringEnumConverter<FailureMode>(JsonNamingPolicy.KebabCaseLower),
            new JsonStringEnumConverter<LoopState>(JsonNamingPolicy.KebabCaseLower), new JsonStringEnumConverter<IterationState>(JsonNamingPolicy.KebabCaseLower) },
    });

    /// <summary>The record as indented JSON (no trailing newline).</summary>
    public static string Serialize(RunRecord run) => JsonSerializer.Serialize(run, Context.RunRecord);

    /// <summary>Several records as one indented JSON array.</summary>
    public static string Serialize(IReadOnlyList<RunRecord> runs) => JsonSerializer.Serialize(runs, Context.IReadOnlyListRunRecord);

    /// <summary>The output of <c>launch --json</c> and <c>resume --json</c>.</summary>
    public static string Serialize(LaunchOutput output) => JsonSerializer.Serialize(output, Context.LaunchOutput);

    /// <summary>The output of <c>runs show --json</c>.</summary>
    public static string Serialize(RunDetail detail) => JsonSerializer.Serialize(detail, Context.RunDetail);

    /// <summary>An iteration as indented JSON (<c>iterations/NNN/status.json</c>, <c>record_json</c>).</summary>
    public static string Serialize(IterationRecord iteration) => JsonSerializer.Serialize(iteration, Context.IterationRecord);

    /// <summary>Reads an iteration written by <see cref="Serialize(IterationRecord)"/>.</summary>
    /// <exception cref="JsonException">The text is not such a record.</exception>
    public static IterationRecord DeserializeIteration(string json) =>
        JsonSerializer.Deserialize(json, Context.IterationRecord) ?? throw new JsonException("iteration is null");

    /// <summary>The output of <c>loops show --json</c>.</summary>
    public static string Serialize(LoopDetail detail) => JsonSerializer.Serialize(detail, Context.LoopDetail);

    /// <summary>Reads a record written by <see cref="Serialize(RunRecord)"/>.</summary>
    /// <exception cref="JsonException">The text is not such a record.</exception>
    public static RunRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Context.RunRecord) ?? throw new JsonException("status is null");

    /// <summary>The options of the generated context, for callers that serialize their own wrappers around runs.</summary>
    public static JsonSerializerOptions Options => Context.Options;
}

/// <summary>Source-generated serialization of <see cref="RunRecord"/>.</summary>
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(LaunchOutput))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(IterationRecord))]
[JsonSerializable(typeof(LoopDetail))]
internal sealed partial class RunJsonContext : JsonSerializerContext;

/// <summary>What <c>launch --json</c> prints.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="SessionName">The tmux session name, verbatim.</param>
/// <param name="SessionId">tmux session id (<c>$N</c>).</param>
/// <param name="PaneId">tmux pane id (<c>%N</c>).</param>
/// <param name="Socket">Socket path of the server.</param>
/// <param name="RunDir">The run folder.</param>
/// <param name="Pid">Process id of the agent.</param>
public sealed record LaunchOutput(string RunId, string SessionName, string SessionId, string PaneId, string Socket, string RunDir, int Pid);

/// <summary>What <c>runs show --json</c> prints: the record, the brief and handoff texts, and the linked runs.</summary>
/// <param name="Run">The run's record.</param>
/// <param name="Brief">brief.md, or null when unreadable.</param>
/// <param name="Handoff">handoff.md (or the recorded handoff), or null.</param>
/// <param name="Children">Ids of the runs that resumed this one, oldest first.</param>
public sealed record RunDetail(RunRecord Run, string? Brief, string? Handoff, IReadOnlyList<string> Children);

/// <summary>What <c>loops show --json</c> prints: the loop's run and its iterations in order.</summary>
/// <param name="Run">The loop's run record (with <see cref="RunRecord.Loop"/>).</param>
/// <param name="Iterations">Its iterations, oldest first.</param>
public sealed record LoopDetail(RunRecord Run, IReadOnlyList<IterationRecord> Iterations);

/// <summary>Times as UTC ISO 8601 with seven fraction digits and a <c>Z</c> (<c>2026-11-28T09:42:10.0000000Z</c>), whatever
/// the offset they were made with; reads any ISO 8601 time.</summary>
internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
