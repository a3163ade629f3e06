using SessionTui.Workcells.Pipelines;

namespace SessionTui.Tests.Pipelines;

public sealed class ExamplePipelineTests
{
    /// <summary>The repository root: the first folder up from the test binary that holds SessionTui.sln.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SessionTui.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no SessionTui.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void The_shipped_full_refine_example_validates()
    {
        // Given the example shipped in src/SessionTui/Examples
        var path = Path.Combine(RepoRoot(), "src", "SessionTui", "Examples", "full-refine.yaml");

        // When it is loaded
        var pipeline = PipelineFile.Load(path);

        // Then it plans, reviews with two providers side by side, and merges with both reviews
        Assert.Equal("full-refine", pipeline.Name);
        Assert.Equal(["plan", "review", "merge"], pipeline.Steps.Select(s => s.Id));
        var review = Assert.IsType<ParallelStep>(pipeline.Steps[1]);
        Assert.Equal(["claude", "codex"], review.Stages.Select(s => s.Agent));
        Assert.Equal(["plan", "review"], pipeline.FindStage("merge")!.Inputs);

        // And every prompt uses the placeholders the executor fills
        foreach (var stage in pipeline.AllStages)
        {
            var prompt = File.ReadAllText(stage.PromptFile);
            Assert.Contains("{prd}", prompt, StringComparison.Ordinal);
            Assert.Contains("{iteration}", prompt, StringComparison.Ordinal);
            Assert.Contains("{run_dir}", prompt, StringComparison.Ordinal);
            Assert.Contains("{output}", prompt, StringComparison.Ordinal);
            Assert.Equal(stage.Inputs.Count > 0, prompt.Contains("{inputs}", StringComparison.Ordinal));
        }
    }
}
