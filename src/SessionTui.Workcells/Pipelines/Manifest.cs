using System.Text;
using System.Text.Json;

namespace SessionTui.Workcells.Pipelines;

/// <summary>
/// <c>manifest.json</c>, written in a parallel block's folder (<see cref="PipelineStateFile.StepDir"/>) once all its
/// stages have ended: what each produced, for the stages that take the block as input. Shape (snake_case, UTC times):
/// <code>
/// {
///   "block": "review",
///   "written": "2026-11-28T09:42:10.0000000Z",
///   "stages": [
///     { "id": "review-claude", "agent": "claude", "outcome": "completed", "iterations": 1, "done": 0, "total": 0,
///       "commits": ["3f2a9c1 Review notes"], "output_file": "/…/stages/review/review-claude/output.md", "output": "# Review…" }
///   ]
/// }
/// </code>
/// </summary>
/// <param name="Block">The parallel block's id.</param>
/// <param name="Written">When the manifest was written (UTC in the file).</param>
/// <param name="Stages">One entry per stage of the block, in file order.</param>
public sealed record Manifest(string Block, DateTimeOffset Written, IReadOnlyList<ManifestEntry> Stages);

/// <summary>What one stage of a parallel block produced.</summary>
/// <param name="Id">The stage's id.</param>
/// <param name="Agent">The agent preset name it ran, or the program of its command (argv[0]).</param>
/// <param name="Outcome">The kebab-case <c>LoopState</c> word its loop ended with (<c>completed</c>, <c>max-reached</c>,
/// <c>stalled</c>, <c>stalled-on-limit</c>, <c>killed</c>, <c>failed</c>).</param>
/// <param name="Iterations">Iterations that ran.</param>
/// <param name="Done">Checked items of its checklist at the end; 0 without a checklist.</param>
/// <param name="Total">Items of its checklist at the end; 0 without a checklist.</param>
/// <param name="Commits">The commits it made, oldest first, each <c>"SHA SUBJECT"</c> (abbreviated sha, a space, the
/// subject line).</param>
/// <param name="OutputFile">Absolute path of the stage's <c>output.md</c> (the <c>{output}</c> placeholder), whether or not
/// the agent wrote it.</param>
/// <param name="Output">The text of <paramref name="OutputFile"/>, at most <see cref="ManifestFile.MaxOutputBytes"/> UTF-8
/// bytes (see <see cref="ManifestFile.ReadOutput"/>); null when the file is missing.</param>
public sealed record ManifestEntry(
    string Id,
    string Agent,
    string Outcome,
    int Iterations,
    int Done,
    int Total,
    IReadOnlyList<string> Commits,
    string OutputFile,
    string? Output);

/// <summary>(De)serializing <c>manifest.json</c> (<see cref="Manifest"/>) and reading a stage's output for it.</summary>
public static class ManifestFile
{
    /// <summary>The file's name in a parallel block's folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The most UTF-8 bytes of a stage's output kept in <see cref="ManifestEntry.Output"/>: 16 KiB.</summary>
    public const int MaxOutputBytes = 16 * 1024;

    /// <summary>The manifest as indented JSON (no trailing newline).</summary>
    /// <param name="m">The manifest.</param>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static string Serialize(Manifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return JsonSerializer.Serialize(m, PipelineJson.Context.Manifest);
    }

    /// <summary>Reads a manifest written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not a manifest (bad JSON, a missing or null required property).</exception>
    public static Manifest Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, PipelineJson.Context.Manifest) ?? throw new JsonException("manifest.json holds null");
    }

    /// <summary>Writes the manifest to <paramref name="path"/> atomically (a temporary file beside it, then a rename), with
    /// a trailing newline; creates the folder when missing.</summary>
    /// <param name="path">Usually <c>BLOCK_DIR/manifest.json</c>.</param>
    /// <param name="m">The manifest.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">It cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not allowed.</exception>
    public static void Write(string path, Manifest m)
    {
        ArgumentNullException.ThrowIfNull(path);
        PipelineJson.WriteAtomically(path, Serialize(m) + "\n");
    }

    /// <summary>
    /// A stage's output for <see cref="ManifestEntry.Output"/>: the file's UTF-8 text when it has at most
    /// <see cref="MaxOutputBytes"/> bytes; otherwise its start, cut at a character boundary, followed by a line
    /// <c>[… truncated: N bytes in total, see PATH]</c>, the whole at most <see cref="MaxOutputBytes"/> bytes. Invalid UTF-8
    /// becomes U+FFFD.
    /// </summary>
    /// <param name="outputFile">The stage's <c>output.md</c>.</param>
    /// <returns>The text; null when the file does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outputFile"/> is null.</exception>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading is not allowed.</exception>
    public static string? ReadOutput(string outputFile)
    {
        ArgumentNullException.ThrowIfNull(outputFile);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(outputFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Truncate(bytes, outputFile);
    }

    /// <summary>The text of <paramref name="bytes"/> cut to <see cref="MaxOutputBytes"/> as <see cref="ReadOutput"/>
    /// describes.</summary>
    internal static string Truncate(byte[] bytes, string path)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes.AsSpan(start);
        if (body.Length <= MaxOutputBytes)
        {
            return Encoding.UTF8.GetString(body);
        }

        var marker = $"\n\n[… truncated: {body.Length} bytes in total, see {path}]\n";
        var keep = Math.Max(0, MaxOutputBytes - Encoding.UTF8.GetByteCount(marker));
        while (keep > 0 && (body[keep] & 0xC0) == 0x80)
        {
            keep--;
        }

        return Encoding.UTF8.GetString(body[..keep]) + marker;
    }
}
