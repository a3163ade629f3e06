namespace SessionTui.Workcells.Pipelines;

/// <summary>When a stage's Ralph loop is done (the <c>until</c> key of a stage). Written in the file as <c>checklist</c>,
/// <c>verify</c> or <c>once</c>.</summary>
public enum CompletionRule
{
    /// <summary>Every item of the stage's checklist is checked, and the verify command passes when one is given.</summary>
    Checklist,

    /// <summary>The stage's verify command passes (exit code 0) after an iteration.</summary>
    Verify,

    /// <summary>One iteration whose agent exits 0.</summary>
    Once,
}

/// <summary>One stage of a pipeline, as validated, with the file's <c>defaults</c> and the built-in defaults applied: a
/// Ralph loop the executor runs.</summary>
/// <param name="Id">The stage's id: <c>[a-z0-9][a-z0-9_-]{0,39}</c>, unique across the file's stages and parallel
/// blocks (safe as a folder name).</param>
/// <param name="Line">The 1-based line in the pipeline file where the stage's mapping starts.</param>
/// <param name="PromptFile">Absolute path of the prompt file (written relative to the pipeline file's folder); it
/// existed and was readable when the file was validated.</param>
/// <param name="Checklist">The checklist file as written (relative to the pipeline's working directory, or absolute);
/// null when the stage has none. It need not exist when the file is validated.</param>
/// <param name="Until">The completion rule: as written, else from <c>defaults</c>, else <see cref="CompletionRule.Checklist"/>
/// when <paramref name="Checklist"/> is given and <see cref="CompletionRule.Once"/> otherwise.</param>
/// <param name="Max">Iteration limit, 1 to 1000; default 25.</param>
/// <param name="Stall">Iterations in a row without progress that stop the loop, 1 to 100; default 3.</param>
/// <param name="Agent">An agent preset name; null when the stage has a <paramref name="Command"/> or neither (then the
/// executor uses the configured default agent).</param>
/// <param name="Command">The agent's argv template (placeholders unexpanded); empty when the stage names an
/// <paramref name="Agent"/> or neither.</param>
/// <param name="Verify">A shell command line that must pass; null when none.</param>
/// <param name="Inputs">Ids of earlier stages or parallel blocks whose outputs the stage reads, in the order written; empty
/// when none.</param>
public sealed record StageSpec(
    string Id,
    int Line,
    string PromptFile,
    string? Checklist,
    CompletionRule Until,
    int Max,
    int Stall,
    string? Agent,
    IReadOnlyList<string> Command,
    string? Verify,
    IReadOnlyList<string> Inputs);

/// <summary>One entry of a pipeline's <c>stages</c> list: a <see cref="StageStep"/> or a <see cref="ParallelStep"/>. Steps
/// run one after another, in file order.</summary>
/// <param name="Id">The stage's or the block's id.</param>
/// <param name="Line">The 1-based line of the step in the pipeline file.</param>
public abstract record PipelineStep(string Id, int Line)
{
    /// <summary>The stages the step runs: the one stage of a <see cref="StageStep"/>, the stages of a
    /// <see cref="ParallelStep"/> in file order.</summary>
    public abstract IReadOnlyList<StageSpec> StagesOfStep { get; }
}

/// <summary>A step that runs one stage.</summary>
/// <param name="Stage">The stage; the step's id and line are the stage's.</param>
public sealed record StageStep(StageSpec Stage) : PipelineStep(Stage.Id, Stage.Line)
{
    /// <inheritdoc/>
    public override IReadOnlyList<StageSpec> StagesOfStep => [Stage];
}

/// <summary>A <c>parallel</c> block: its stages run side by side, each with its own progress; when they have all ended a
/// <c>manifest.json</c> in the block's folder aggregates their outputs for later stages.</summary>
/// <param name="Id">The block's id (same rules as a stage id; later stages name it in <c>inputs</c>).</param>
/// <param name="Line">The 1-based line of the block's <c>parallel</c> key.</param>
/// <param name="Stages">Its 2 to 8 stages, in file order.</param>
public sealed record ParallelStep(string Id, int Line, IReadOnlyList<StageSpec> Stages) : PipelineStep(Id, Line)
{
    /// <inheritdoc/>
    public override IReadOnlyList<StageSpec> StagesOfStep => Stages;
}

/// <summary>A validated pipeline file (see <see cref="PipelineFile"/> and the README (Pipelines) for the format).</summary>
/// <param name="File">Absolute path of the pipeline file.</param>
/// <param name="Name">The file's <c>name</c> label; null when not given.</param>
/// <param name="Cwd">Absolute path of the working directory (<c>cwd</c>, written relative to the file's folder); null when
/// not given: the executor then uses the directory <c>pipeline run</c> runs in.</param>
/// <param name="Steps">The steps in file order; at least one.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, 64 lowercase hex digits (to notice an edit before a resume).</param>
public sealed record PipelineDefinition(string File, string? Name, string? Cwd, IReadOnlyList<PipelineStep> Steps, string Sha256)
{
    /// <summary>Every stage in file order, those of parallel blocks included.</summary>
    public IEnumerable<StageSpec> AllStages => Steps.SelectMany(s => s.StagesOfStep);

    /// <summary>The top-level step with this id (a stage outside any block, or a parallel block); null when none. A stage
    /// inside a block is not a step: use <see cref="FindStage"/>.</summary>
    /// <param name="id">The id, compared ordinally.</param>
    public PipelineStep? Find(string id) => Steps.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>The stage with this id, inside a parallel block or not; null when none (or when it is a block's id).</summary>
    /// <param name="id">The id, compared ordinally.</param>
    public StageSpec? FindStage(string id) => AllStages.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>The index in <see cref="Steps"/> of the step that is or holds the stage or block with this id; -1 when
    /// none.</summary>
    /// <param name="id">A stage or block id, compared ordinally.</param>
    public int StepIndexOf(string id)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (string.Equals(Steps[i].Id, id, StringComparison.Ordinal)
                || Steps[i].StagesOfStep.Any(s => string.Equals(s.Id, id, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One problem found in a pipeline file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (in characters).</param>
/// <param name="Message">One line for the user, without the location.</param>
public sealed record PipelineError(int Line, int Column, string Message)
{
    /// <summary>The error as <c>FILE:LINE:COL: message</c>, the shape compilers use and editors jump to.</summary>
    /// <param name="file">The file name to show, as the user gave it.</param>
    public string Format(string file) => $"{file}:{Line}:{Column}: {Message}";
}

/// <summary>A pipeline file is invalid: YAML syntax, shape, values or references. Carries every error found in one pass,
/// sorted by line and column; <see cref="Exception.Message"/> is all of them formatted with
/// <see cref="PipelineError.Format"/>, one per line.</summary>
public sealed class PipelineValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file name as the caller gave it (used in the message).</param>
    /// <param name="errors">The errors, at least one, already sorted.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public PipelineValidationException(string file, IReadOnlyList<PipelineError> errors)
        : base(FormatAll(file, errors))
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The file name as the caller gave it.</summary>
    public string File { get; }

    /// <summary>The errors, sorted by line, then column.</summary>
    public IReadOnlyList<PipelineError> Errors { get; }

    private static string FormatAll(string file, IReadOnlyList<PipelineError> errors)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("a validation exception needs at least one error", nameof(errors));
        }

        return string.Join('\n', errors.Select(e => e.Format(file)));
    }
}
