using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionTui.Workcells.Pipelines;

/// <summary>Where a step or a stage of a pipeline run is. Kebab-case words in <c>state.json</c>.</summary>
public enum StepState
{
    /// <summary>Not started yet.</summary>
    Pending,

    /// <summary>Its loop runs (for a parallel step: at least one of its stages runs).</summary>
    Running,

    /// <summary>Ended and met its completion rule; later steps may run.</summary>
    Done,

    /// <summary>Ended without meeting its completion rule (max reached, stalled, failed); the pipeline stops here and
    /// <c>pipeline resume</c> runs it again.</summary>
    Failed,

    /// <summary>Its session or window was killed; <c>pipeline resume</c> runs it again.</summary>
    Killed,
}

/// <summary>
/// The progress of one pipeline run, kept in <c>state.json</c> in the run's folder (<see cref="PipelineStateFile"/>): what
/// <c>pipeline resume</c> continues from. Shape (snake_case, enums kebab-case):
/// <code>
/// {
///   "file": "/home/me/api/full-refine.yaml",
///   "sha256": "9f86d0…",
///   "name": "refine-api",
///   "steps": [
///     { "id": "plan", "parallel": false, "state": "done", "stages": [
///       { "id": "plan", "state": "done", "iteration": 1, "loop_state": "completed", "stage_dir": "/…/stages/plan", "window": "@3" } ] },
///     { "id": "review", "parallel": true, "state": "running", "stages": [ … ] }
///   ]
/// }
/// </code>
/// </summary>
/// <param name="File">Absolute path of the pipeline file (<see cref="PipelineDefinition.File"/>).</param>
/// <param name="Sha256">SHA-256 of the pipeline file when the run started (<see cref="PipelineDefinition.Sha256"/>), to
/// notice an edit before a resume.</param>
/// <param name="Name">The tmux session name of the run (the <c>NAME</c> of <c>pipeline run FILE NAME</c>), verbatim.</param>
/// <param name="Steps">One entry per step of the pipeline, in file order.</param>
public sealed record PipelineState(string File, string Sha256, string Name, IReadOnlyList<StepProgress> Steps)
{
    /// <summary>The index of the first step that is not <see cref="StepState.Done"/>: the one to run or resume;
    /// <see cref="Steps"/>.Count when every step is done. Not stored in the JSON.</summary>
    [JsonIgnore]
    public int CurrentStep
    {
        get
        {
            var index = 0;
            while (index < Steps.Count && Steps[index].State == StepState.Done)
            {
                index++;
            }

            return index;
        }
    }

    /// <summary>True when every step is <see cref="StepState.Done"/> (also for a state without steps). Not stored in the
    /// JSON.</summary>
    [JsonIgnore]
    public bool IsFinished => CurrentStep == Steps.Count;

    /// <summary>The state with the step of the same id replaced.</summary>
    /// <param name="step">The step's new progress.</param>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No step has its id.</exception>
    public PipelineState WithStep(StepProgress step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var index = Steps.ToList().FindIndex(s => string.Equals(s.Id, step.Id, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new KeyNotFoundException($"the pipeline state has no step '{step.Id}'");
        }

        return this with { Steps = [.. Steps.Select((s, i) => i == index ? step : s)] };
    }

    /// <summary>The state with the stage of the same id replaced, in whichever step holds it.</summary>
    /// <param name="stage">The stage's new progress.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stage"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No stage has its id.</exception>
    public PipelineState WithStage(StageProgress stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var step = Steps.FirstOrDefault(s => s.Stages.Any(x => string.Equals(x.Id, stage.Id, StringComparison.Ordinal)))
            ?? throw new KeyNotFoundException($"the pipeline state has no stage '{stage.Id}'");
        return WithStep(step with
        {
            Stages = [.. step.Stages.Select(x => string.Equals(x.Id, stage.Id, StringComparison.Ordinal) ? stage : x)],
        });
    }

    /// <summary>The stage with this id in any step; null when none.</summary>
    /// <param name="id">The stage id, compared ordinally.</param>
    public StageProgress? FindStage(string id) =>
        Steps.SelectMany(s => s.Stages).FirstOrDefault(x => string.Equals(x.Id, id, StringComparison.Ordinal));

    /// <summary>True when the state has the same steps and stages (ids, order, parallel or not) as the pipeline: the
    /// state can be resumed with it even if other keys of the file changed.</summary>
    /// <param name="definition">The pipeline as it is now.</param>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public bool Matches(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Steps.Count == definition.Steps.Count
            && Steps.Zip(definition.Steps).All(p =>
                string.Equals(p.First.Id, p.Second.Id, StringComparison.Ordinal)
                && p.First.Parallel == p.Second is ParallelStep
                && p.First.Stages.Select(s => s.Id).SequenceEqual(p.Second.StagesOfStep.Select(s => s.Id), StringComparer.Ordinal));
    }
}

/// <summary>The progress of one step.</summary>
/// <param name="Id">The step's id: the stage's id, or the parallel block's.</param>
/// <param name="Parallel">True for a parallel block.</param>
/// <param name="State">Where the step is; for a block, the executor derives it from its stages (done when all are).</param>
/// <param name="Stages">Its stages in file order: one for a plain stage, 2 to 8 for a block.</param>
public sealed record StepProgress(string Id, bool Parallel, StepState State, IReadOnlyList<StageProgress> Stages);

/// <summary>The progress of one stage (one Ralph loop).</summary>
/// <param name="Id">The stage's id.</param>
/// <param name="State">Where the stage is.</param>
/// <param name="Iteration">The last finished iteration (1-based); 0 before the first has finished.</param>
/// <param name="LoopState">The kebab-case <c>LoopState</c> word of the stage's loop once it ended (<c>completed</c>,
/// <c>max-reached</c>, <c>stalled</c>, <c>stalled-on-limit</c>, <c>killed</c>, <c>failed</c>); null before.</param>
/// <param name="StageDir">Absolute path of the stage's folder (its loop's files, <c>output.md</c>); see
/// <see cref="PipelineStateFile.StageDir"/>.</param>
/// <param name="Window">The tmux window id (<c>@N</c>) the stage ran in when it had its own window; null otherwise.</param>
public sealed record StageProgress(string Id, StepState State, int Iteration, string? LoopState, string StageDir, string? Window);

/// <summary>
/// <c>state.json</c> of a pipeline run: creating, (de)serializing, and writing it atomically. The run folder's layout:
/// <code>
/// RUN_DIR/state.json                          this file
/// RUN_DIR/stages/STAGE/                       a stage outside any block
/// RUN_DIR/stages/BLOCK/STAGE/                 a stage of a parallel block
/// RUN_DIR/stages/BLOCK/manifest.json          written after the block's stages end (<see cref="ManifestFile"/>)
/// </code>
/// Ids are <c>[a-z0-9][a-z0-9_-]{0,39}</c> and unique, so these paths never clash.
/// </summary>
public static class PipelineStateFile
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "state.json";

    /// <summary>A fresh state: every step and stage <see cref="StepState.Pending"/>, iteration 0, no loop state, no window,
    /// stage folders laid out under <paramref name="runDir"/> (not created).</summary>
    /// <param name="def">The validated pipeline.</param>
    /// <param name="sessionName">The run's tmux session name, verbatim.</param>
    /// <param name="runDir">The pipeline run's folder (made absolute against the current directory when relative).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PipelineState New(PipelineDefinition def, string sessionName, string runDir)
    {
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(sessionName);
        ArgumentNullException.ThrowIfNull(runDir);
        var steps = def.Steps.Select(step => new StepProgress(
            step.Id,
            step is ParallelStep,
            StepState.Pending,
            [.. step.StagesOfStep.Select(stage => new StageProgress(stage.Id, StepState.Pending, 0, null, StageDir(runDir, step, stage.Id), null))]));
        return new PipelineState(def.File, def.Sha256, sessionName, [.. steps]);
    }

    /// <summary>The folder of a step: <c>RUN_DIR/stages/ID</c> (for a block, the folder holding its stages' folders and
    /// its <c>manifest.json</c>).</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="step">The step.</param>
    /// <returns>An absolute path.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string StepDir(string runDir, PipelineStep step)
    {
        ArgumentNullException.ThrowIfNull(runDir);
        ArgumentNullException.ThrowIfNull(step);
        return Path.Combine(Path.GetFullPath(runDir), "stages", step.Id);
    }

    /// <summary>The folder of a stage of <paramref name="step"/>: <c>RUN_DIR/stages/ID</c> for a plain stage,
    /// <c>RUN_DIR/stages/BLOCK/ID</c> for a stage of a parallel block.</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="step">The step holding the stage.</param>
    /// <param name="stageId">The stage's id.</param>
    /// <returns>An absolute path.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string StageDir(string runDir, PipelineStep step, string stageId)
    {
        ArgumentNullException.ThrowIfNull(stageId);
        var dir = StepDir(runDir, step);
        return step is ParallelStep ? Path.Combine(dir, stageId) : dir;
    }

    /// <summary>The state as indented JSON (no trailing newline).</summary>
    /// <param name="state">The state.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static string Serialize(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return JsonSerializer.Serialize(state, PipelineJson.Context.PipelineState);
    }

    /// <summary>Reads a state written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not such a state (bad JSON, a missing or null required property, an
    /// unknown state word).</exception>
    public static PipelineState Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, PipelineJson.Context.PipelineState) ?? throw new JsonException("state.json holds null");
    }

    /// <summary>Writes the state to <paramref name="path"/> atomically (a temporary file beside it, then a rename), with a
    /// trailing newline; creates the folder when missing.</summary>
    /// <param name="path">Usually <c>RUN_DIR/state.json</c>.</param>
    /// <param name="state">The state.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">It cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not allowed.</exception>
    public static void Write(string path, PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(path);
        PipelineJson.WriteAtomically(path, Serialize(state) + "\n");
    }

    /// <summary>Reads the state at <paramref name="path"/>; null when the file does not exist.</summary>
    /// <param name="path">Usually <c>RUN_DIR/state.json</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="JsonException">The file is not a state.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading is not allowed.</exception>
    public static PipelineState? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Deserialize(text);
    }
}
