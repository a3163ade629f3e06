using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Tests.Core;

/// <summary>A pipeline's card names its current stage or parallel block; its stages' own runs never take its card.</summary>
public sealed class PipelineCardTests
{
    private static readonly DateTimeOffset Now = Ui.WallFixtures.Now;

    [Fact]
    public void A_running_pipeline_names_its_stage_or_its_block_and_the_step()
    {
        var file = new PipelineStatus("/p/refine.yaml", 3);
        Assert.Equal("▶ starting · 3 steps", RunCards.PipelineStep(file));
        Assert.Equal("▶ stage plan · step 1/3", RunCards.PipelineStep(file with { Step = "plan", Stages = ["plan"] }));
        Assert.Equal(
            "▶ block review: review-claude ∥ review-codex · step 2/3",
            RunCards.PipelineStep(file with { Finished = 1, Step = "review", Block = "review", Stages = ["review-claude", "review-codex"] }));
    }

    [Fact]
    public void The_card_of_a_pipelines_session_shows_the_pipeline_not_its_newer_stage_runs()
    {
        var (template, session, capture) = Ui.RunFixtures.EachOutcome()[0];
        var pipeline = template with
        {
            RunId = "20261128-100000-refine",
            State = RunState.Running,
            Ended = null,
            Exit = null,
            Verification = null,
            Pipeline = new PipelineStatus("/p/refine.yaml", 3) { Finished = 1, Step = "review", Block = "review", Stages = ["a", "b"] },
        };
        var stage = pipeline with
        {
            RunId = pipeline.RunId + ".a",
            Started = pipeline.Started.AddMinutes(5),
            Pipeline = null,
            Loop = new LoopStatus("", ["agent"], 25, 3, LoopState.Running) { Stage = "a" },
        };
        var card = Cards.Build(session, capture, Now, TimeSpan.FromMinutes(1));

        Assert.Equal(pipeline.RunId, RunCards.Match([pipeline, stage], card)?.RunId);
        var view = RunCards.Describe(pipeline, Now, TimeZoneInfo.Utc);
        Assert.Equal(("▶ block review: a ∥ b · step 2/3", RunTone.Running), (view.Badge, view.Tone));
        Assert.Equal(("✓ succeeded", RunTone.Good), RunCards.Headline(pipeline with { State = RunState.Succeeded, Pipeline = pipeline.Pipeline! with { State = "completed" } }, TimeZoneInfo.Utc));
    }
}
