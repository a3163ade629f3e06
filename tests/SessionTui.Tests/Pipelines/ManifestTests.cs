using System.Text;
using System.Text.Json;
using SessionTui.Workcells.Pipelines;

namespace SessionTui.Tests.Pipelines;

public sealed class ManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Manifest Sample() => new(
        "review",
        new DateTimeOffset(2026, 11, 28, 11, 42, 10, TimeSpan.FromHours(2)),
        [
            new ManifestEntry("review-claude", "claude", "completed", 1, 0, 0, ["3f2a9c1 Review notes"], "/runs/p1/stages/review/review-claude/output.md", "# Review\nLooks good — ship it.\n"),
            new ManifestEntry("review-codex", "codex", "failed", 2, 3, 5, [], "/runs/p1/stages/review/review-codex/output.md", null),
        ]);

    [Fact]
    public void The_manifest_round_trips_through_snake_case_json_with_utc_times()
    {
        // Given a manifest written at 11:42 in UTC+2
        var manifest = Sample();

        // When it is serialized and read back
        var json = ManifestFile.Serialize(manifest);
        var back = ManifestFile.Deserialize(json);

        // Then the names are snake_case, the time is UTC with a Z, text is unescaped, and nothing is lost
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["block", "written", "stages"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-28T09:42:10.0000000Z", root.GetProperty("written").GetString());
        Assert.Equal(
            ["id", "agent", "outcome", "iterations", "done", "total", "commits", "output_file", "output"],
            root.GetProperty("stages")[0].EnumerateObject().Select(p => p.Name));
        Assert.Contains("Looks good — ship it.", json, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stages")[1].GetProperty("output").ValueKind);
        Assert.Equal(manifest.Written, back.Written);
        Assert.Equal(TimeSpan.Zero, back.Written.Offset);
        Assert.Equal(("review", 2), (back.Block, back.Stages.Count));
        Assert.Equal(["3f2a9c1 Review notes"], back.Stages[0].Commits);
        Assert.Equal(manifest.Stages[1] with { Commits = [] }, back.Stages[1] with { Commits = [] });
        Assert.Equal(json, ManifestFile.Serialize(back));
    }

    [Fact]
    public void A_manifest_missing_a_required_field_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => ManifestFile.Deserialize("""{"block": "r", "stages": []}"""));
        Assert.ThrowsAny<JsonException>(() => ManifestFile.Deserialize("null"));
    }

    [Fact]
    public void Writing_a_manifest_leaves_only_the_manifest()
    {
        var path = Path.Combine(_dir, "review", ManifestFile.FileName);

        ManifestFile.Write(path, Sample());

        Assert.Equal([ManifestFile.FileName], Directory.GetFiles(Path.Combine(_dir, "review")).Select(Path.GetFileName));
        Assert.Equal("review", ManifestFile.Deserialize(File.ReadAllText(path)).Block);
    }

    [Fact]
    public void A_stage_output_is_read_whole_when_small_null_when_missing_and_cut_to_16_kib_when_large()
    {
        // Given a small output, a missing one, and one of 40 000 bytes of two-byte characters
        var small = Path.Combine(_dir, "small.md");
        File.WriteAllText(small, "\uFEFF# Result\n");
        var large = Path.Combine(_dir, "large.md");
        File.WriteAllText(large, new string('é', 20_000), new UTF8Encoding(false));

        // When they are read for the manifest
        var cut = ManifestFile.ReadOutput(large)!;

        // Then the small one is whole (without its BOM), the missing one null, the large one cut on a character boundary
        Assert.Equal("# Result\n", ManifestFile.ReadOutput(small));
        Assert.Null(ManifestFile.ReadOutput(Path.Combine(_dir, "none.md")));
        Assert.InRange(Encoding.UTF8.GetByteCount(cut), ManifestFile.MaxOutputBytes - 200, ManifestFile.MaxOutputBytes);
        Assert.DoesNotContain('\uFFFD', cut);
        Assert.StartsWith("éééé", cut, StringComparison.Ordinal);
        Assert.EndsWith($"[… truncated: 40000 bytes in total, see {large}]\n", cut, StringComparison.Ordinal);
    }
}
