using System.Text.Json;
using SessionTui.Workcells.Pipelines;

namespace SessionTui.Tests.Pipelines;

public sealed class PipelineStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-pipeline-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StageSpec Stage(string id, int line) =>
        new(id, line, "/p/prompt.md", null, CompletionRule.Once, 25, 3, null, [], null, []);

    private static PipelineDefinition Definition() => new(
        "/work/api/full-refine.yaml",
        "full-refine",
        null,
        [new StageStep(Stage("plan", 3)), new ParallelStep("review", 6, [Stage("r1", 9), Stage("r2", 12)]), new StageStep(Stage("merge", 15))],
        new string('a', 64));

    [Fact]
    public void A_new_state_has_every_step_pending_with_stage_folders_under_the_run_folder()
    {
        // Given a pipeline with a stage, a parallel block and a stage
        // When a fresh state is made for a run folder
        var state = PipelineStateFile.New(Definition(), "refine api", "/runs/p1");

        // Then it names the file, hash and session, and every step and stage is pending in its own folder
        Assert.Equal(("/work/api/full-refine.yaml", new string('a', 64), "refine api"), (state.File, state.Sha256, state.Name));
        Assert.Equal([("plan", false), ("review", true), ("merge", false)], state.Steps.Select(s => (s.Id, s.Parallel)));
        Assert.All(state.Steps, s => Assert.Equal(StepState.Pending, s.State));
        Assert.Equal(
            [
                ("plan", "/runs/p1/stages/plan"),
                ("r1", "/runs/p1/stages/review/r1"),
                ("r2", "/runs/p1/stages/review/r2"),
                ("merge", "/runs/p1/stages/merge"),
            ],
            state.Steps.SelectMany(s => s.Stages).Select(s => (s.Id, s.StageDir)));
        Assert.All(state.Steps.SelectMany(s => s.Stages), s => Assert.Equal((StepState.Pending, 0, (string?)null, (string?)null), (s.State, s.Iteration, s.LoopState, s.Window)));
        Assert.Equal("/runs/p1/stages/review", PipelineStateFile.StepDir("/runs/p1", Definition().Steps[1]));
        Assert.Equal(0, state.CurrentStep);
        Assert.False(state.IsFinished);
        Assert.True(state.Matches(Definition()));
    }

    [Fact]
    public void The_current_step_is_the_first_not_done_and_the_run_is_finished_when_all_are()
    {
        // Given a fresh state
        var state = PipelineStateFile.New(Definition(), "s", "/runs/p1");

        // When steps and stages are updated one by one
        var planDone = state.WithStep(state.Steps[0] with { State = StepState.Done });
        var r1Done = planDone.WithStage(planDone.FindStage("r1")! with { State = StepState.Done, Iteration = 2, LoopState = "completed", Window = "@4" });
        var allDone = r1Done
            .WithStep(r1Done.Steps[1] with { State = StepState.Done })
            .WithStep(r1Done.Steps[2] with { State = StepState.Done });

        // Then the current step advances past done ones, and only a fully done run is finished
        Assert.Equal((1, false), (planDone.CurrentStep, planDone.IsFinished));
        Assert.Equal((StepState.Done, 2, "completed", "@4"), (r1Done.FindStage("r1")!.State, r1Done.FindStage("r1")!.Iteration, r1Done.FindStage("r1")!.LoopState, r1Done.FindStage("r1")!.Window));
        Assert.Equal(StepState.Pending, r1Done.FindStage("r2")!.State);
        Assert.Equal((3, true), (allDone.CurrentStep, allDone.IsFinished));
        Assert.Throws<KeyNotFoundException>(() => state.WithStage(new StageProgress("nope", StepState.Done, 0, null, "/x", null)));
        Assert.False(state.Matches(Definition() with { Steps = Definition().Steps.Take(2).ToList() }));
    }

    [Fact]
    public void The_state_round_trips_through_snake_case_json_with_kebab_case_states()
    {
        // Given a state part way through
        var state = PipelineStateFile.New(Definition(), "refine", "/runs/p1");
        state = state.WithStage(state.FindStage("plan")! with { State = StepState.Done, Iteration = 1, LoopState = "max-reached", Window = "@7" });

        // When it is serialized and read back
        var json = PipelineStateFile.Serialize(state);
        var back = PipelineStateFile.Deserialize(json);

        // Then the JSON uses snake_case names and kebab-case words, and nothing is lost
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["file", "sha256", "name", "steps"], root.EnumerateObject().Select(p => p.Name));
        var step = root.GetProperty("steps")[0];
        Assert.Equal(["id", "parallel", "state", "stages"], step.EnumerateObject().Select(p => p.Name));
        var stage = step.GetProperty("stages")[0];
        Assert.Equal(["id", "state", "iteration", "loop_state", "stage_dir", "window"], stage.EnumerateObject().Select(p => p.Name));
        Assert.Equal("done", stage.GetProperty("state").GetString());
        Assert.Equal("pending", root.GetProperty("steps")[1].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("steps")[1].GetProperty("stages")[0].GetProperty("window").ValueKind);
        Assert.Equal(json, PipelineStateFile.Serialize(back));
        Assert.Equal(state.Steps.SelectMany(s => s.Stages), back.Steps.SelectMany(s => s.Stages));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"file": "f", "sha256": "s", "name": "n", "steps": [{"id": "a", "parallel": false, "state": "sleeping", "stages": []}]}""")]
    [InlineData("""{"file": null, "sha256": "s", "name": "n", "steps": []}""")]
    [InlineData("not json")]
    public void Reading_something_that_is_not_a_state_throws_json_exception(string json) =>
        Assert.ThrowsAny<JsonException>(() => PipelineStateFile.Deserialize(json));

    [Fact]
    public void Writing_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        // Given a state file in a folder that does not exist yet
        var path = Path.Combine(_dir, "run", PipelineStateFile.FileName);
        var state = PipelineStateFile.New(Definition(), "s", Path.Combine(_dir, "run"));

        // When it is written twice, the second time with a change
        PipelineStateFile.Write(path, state);
        PipelineStateFile.Write(path, state.WithStep(state.Steps[0] with { State = StepState.Running }));

        // Then the folder holds only state.json, with the last state, ending in a newline
        Assert.Equal([PipelineStateFile.FileName], Directory.GetFiles(Path.Combine(_dir, "run")).Select(Path.GetFileName));
        Assert.EndsWith("}\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(StepState.Running, PipelineStateFile.Read(path)!.Steps[0].State);
    }

    [Fact]
    public void Reading_a_missing_file_gives_null()
    {
        Assert.Null(PipelineStateFile.Read(Path.Combine(_dir, "state.json")));
        Assert.Null(PipelineStateFile.Read(Path.Combine(_dir, "no-folder", "state.json")));
    }
}
