using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Loops;
using SessionTui.Workcells.Verifying;

namespace SessionTui.Workcells.Pipelines;

/// <summary>
/// Runs a pipeline inside its workcell's pane (<c>sessiontui pipeline-run</c>): its steps in file order, each stage a loop
/// run of its own (a run folder under <c>stages/</c>, a <c>runs</c> row whose parent is the pipeline's run, its iterations
/// recorded like any loop's). A plain stage runs on the pipeline's own pane; a parallel block's stages run side by side,
/// each in its own window of the pipeline's session and its own git worktree (branch <c>sessiontui/RUN/STAGE</c>), so
/// their commits and checklists never collide; a <c>manifest.json</c> then gathers their outputs for the stages
/// downstream. <c>state.json</c> records every step as it goes, so a resumed pipeline skips finished stages and continues
/// an unfinished stage after its last finished iteration.
/// </summary>
public sealed class PipelineRunner
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private readonly LoopRunnerParts _parts;
    private readonly RunCompletion _completion;
    private readonly WorkcellLauncher _launcher;
    private readonly SelfCommand _self;
    private readonly string? _dbPath;
    private readonly GitInspector _git;

    /// <summary>Creates a runner.</summary>
    /// <param name="parts">What the stages' loop runners use.</param>
    /// <param name="completion">Records each stage's end (outcome from its loop).</param>
    /// <param name="launcher">Agent presets and PATH lookup for the stages' agents.</param>
    /// <param name="self">How a block's windows start <c>sessiontui loop-run</c>.</param>
    /// <param name="dbPath">The database the stages record into, or null.</param>
    public PipelineRunner(LoopRunnerParts parts, RunCompletion completion, WorkcellLauncher launcher, SelfCommand self, string? dbPath)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts;
        _completion = completion;
        _launcher = launcher;
        _self = self;
        _dbPath = dbPath;
        _git = new GitInspector(parts.Runner);
    }

    /// <summary>Runs the pipeline of the run in <paramref name="folder"/> to its end (or on from <c>state.json</c>).</summary>
    /// <param name="folder">The pipeline's run folder (its status carries a <see cref="RunRecord.Pipeline"/>).</param>
    /// <param name="paneId">The pane the runner draws on (<c>$TMUX_PANE</c>).</param>
    /// <param name="killed">Cancelled when the session is killed (SIGHUP) or the runner is told to stop (SIGTERM).</param>
    /// <returns>True when every step completed.</returns>
    /// <exception cref="InvalidOperationException">The run is not a pipeline.</exception>
    /// <exception cref="IOException">A folder cannot be read or written.</exception>
    public async Task<bool> RunAsync(RunFolder folder, string? paneId, CancellationToken killed)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var run = folder.ReadStatus() ?? throw new InvalidOperationException($"{folder.Status} holds no run");
        var status = run.Pipeline ?? throw new InvalidOperationException($"run {run.RunId} is not a pipeline");
        PipelineDefinition def;
        try
        {
            def = PipelineFile.Load(status.File);
        }
        catch (Exception e) when (e is PipelineValidationException or IOException)
        {
            return End(folder, "failed", "the pipeline file no longer validates: " + e.Message);
        }

        var statePath = Path.Join(folder.Path, "state.json");
        var state = PipelineStateFile.Read(statePath) ?? Inherited(run, def) ?? PipelineStateFile.New(def, run.Name, folder.Path);
        if (!state.Matches(def))
        {
            return End(folder, "failed", $"{def.File} changed its steps since the pipeline started; start it afresh with pipeline run");
        }

        PipelineStateFile.Write(statePath, state);
        for (var index = state.CurrentStep; index < def.Steps.Count; index = state.CurrentStep)
        {
            var step = def.Steps[index];
            Update(folder, p => p with { Step = step.Id, Block = step is ParallelStep ? step.Id : null, Stages = [.. step.StagesOfStep.Select(s => s.Id)], Finished = index });
            state = state.WithStep(state.Steps[index] with { State = StepState.Running });
            PipelineStateFile.Write(statePath, state);
            var results = step is ParallelStep block
                ? await RunBlockAsync(folder, run, def, state, block, killed).ConfigureAwait(false)
                : [await RunStageAsync(run, def, state, ((StageStep)step).Stage, paneId, killed).ConfigureAwait(false)];
            foreach (var r in results)
            {
                state = state.WithStage(r);
            }

            var stepState = results.All(r => r.State == StepState.Done) ? StepState.Done
                : results.Any(r => r.State == StepState.Killed) || killed.IsCancellationRequested ? StepState.Killed : StepState.Failed;
            state = state.WithStep(state.Steps[index] with { State = stepState });
            PipelineStateFile.Write(statePath, state);
            if (step is ParallelStep done)
            {
                WriteManifest(state, done);
            }

            if (stepState != StepState.Done)
            {
                var failed = results.Where(r => r.State != StepState.Done).Select(r => $"{r.Id} {r.LoopState ?? "stopped"}");
                return End(folder, stepState == StepState.Killed ? "killed" : "failed", $"step {step.Id}: {string.Join(", ", failed)}; then: sessiontui pipeline resume '{run.Name}'");
            }
        }

        Update(folder, p => p with { Finished = def.Steps.Count });
        return End(folder, "completed", $"all {def.Steps.Count} steps completed");
    }

    /// <summary>A resumed pipeline's state: its parent's <c>state.json</c> (stage folders stay where they are).</summary>
    private static PipelineState? Inherited(RunRecord run, PipelineDefinition def)
    {
        if (run.ParentRunId is null)
        {
            return null;
        }

        var parent = PipelineStateFile.Read(Path.Join(Path.GetDirectoryName(run.RunDir)!, run.ParentRunId, "state.json"));
        return parent is null || !parent.Matches(def) ? null : parent with { Name = run.Name };
    }

    private async Task<StageProgress> RunStageAsync(RunRecord run, PipelineDefinition def, PipelineState state, StageSpec stage, string? paneId, CancellationToken killed)
    {
        var progress = state.FindStage(stage.Id)!;
        if (progress.State == StepState.Done)
        {
            return progress;
        }

        var folder = await PrepareStageAsync(run, def, state, stage, progress, run.Cwd, paneId, killed).ConfigureAwait(false);
        if (folder is null)
        {
            return progress with { State = StepState.Failed, LoopState = "failed" };
        }

        var end = await new LoopRunner(_parts).RunAsync(folder, paneId, killed).ConfigureAwait(false);
        return await FinishedAsync(progress, folder, end).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<StageProgress>> RunBlockAsync(RunFolder pipeline, RunRecord run, PipelineDefinition def, PipelineState state, ParallelStep block, CancellationToken killed)
    {
        var server = TmuxServers.FromSocketPath(run.Socket);
        var started = new List<(StageProgress Progress, RunFolder Folder)>();
        var results = new List<StageProgress>();
        foreach (var stage in block.Stages)
        {
            var progress = state.FindStage(stage.Id)!;
            if (progress.State == StepState.Done)
            {
                results.Add(progress);
                continue;
            }

            var cwd = await WorktreeAsync(run, progress.StageDir, stage.Id, killed).ConfigureAwait(false);
            var folder = await PrepareStageAsync(run, def, state, stage, progress, cwd, null, killed).ConfigureAwait(false);
            var window = folder is null ? null : await OpenWindowAsync(server, run, stage.Id, folder, cwd, killed).ConfigureAwait(false);
            if (folder is null || window is null)
            {
                results.Add(progress with { State = StepState.Failed, LoopState = "failed" });
                continue;
            }

            started.Add((progress with { State = StepState.Running, Window = window }, folder));
            PipelineStateFile.Write(Path.Join(pipeline.Path, "state.json"), state = state.WithStage(started[^1].Progress));
        }

        // Each window's loop runner records its loop's end. Its pane's pane-died hook records the run's outcome too, but
        // tmux 3.3a can miss a child's exit under load and not fire it (see TmuxClient.DeadPaneExitAsync), so the outcome
        // is recorded here as well once the loop has ended (the first record wins).
        while (!killed.IsCancellationRequested && started.Any(s => s.Folder.ReadStatus()?.Loop is not { IsEnded: true }))
        {
            try
            {
                await Task.Delay(Poll, _parts.Clock, killed).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        foreach (var (progress, folder) in started)
        {
            results.Add(await FinishedAsync(progress, folder, folder.ReadStatus()?.Loop is { IsEnded: true } l ? l.State : LoopState.Killed).ConfigureAwait(false));
        }

        return [.. block.Stages.Select(s => results.First(r => r.Id == s.Id))];
    }

    /// <summary>A stage whose loop ended: its run's outcome recorded (as its runner's exit would, 0 when completed; a killed
    /// one is recorded by the kill), and its progress for <c>state.json</c>.</summary>
    private async Task<StageProgress> FinishedAsync(StageProgress progress, RunFolder folder, LoopState end)
    {
        if (end != LoopState.Killed)
        {
            await _completion.ExitedAsync(folder, new RunExit(end == LoopState.Completed ? 0 : 1, null), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }

        return Finished(progress, folder, end);
    }

    private static StageProgress Finished(StageProgress progress, RunFolder folder, LoopState end) => progress with
    {
        State = end switch { LoopState.Completed => StepState.Done, LoopState.Killed => StepState.Killed, _ => StepState.Failed },
        Iteration = new LoopFolder(folder).ReadAll().Where(i => i.State == IterationState.Ended).Select(i => i.Number).DefaultIfEmpty(0).Max(),
        LoopState = RunStates.Text(end),
    };

    /// <summary>
    /// The stage's run folder and record: a new loop run (parent: the pipeline's run), or — for a stage a stopped pipeline
    /// left unfinished — the same run reopened (its loop goes on after its last finished iteration, with a fresh stall
    /// count and, when it had used them all, another <c>max</c> iterations).
    /// </summary>
    private async Task<RunFolder?> PrepareStageAsync(
        RunRecord run, PipelineDefinition def, PipelineState state, StageSpec stage, StageProgress progress, string cwd, string? paneId, CancellationToken ct)
    {
        Directory.CreateDirectory(progress.StageDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var folder = new RunFolder(progress.StageDir);
        if (!File.Exists(folder.Status))
        {
            File.WriteAllText(folder.Status, "");
        }

        var inputs = Inputs(def, state, stage);
        if (folder.ReadStatus() is { Loop: { } old })
        {
            _parts.Ledger.Update(folder, r => r! with
            {
                ParentRunId = run.RunId,
                SessionId = run.SessionId,
                ServerPid = run.ServerPid,
                PaneId = paneId ?? r.PaneId,
                State = RunState.Running,
                Ended = null,
                Exit = null,
                Verification = null,
                Diagnosis = null,
                Loop = old with
                {
                    State = LoopState.Running,
                    Reason = null,
                    NoProgress = 0,
                    Waits = 0,
                    WaitingUntil = null,
                    Max = old.Iteration >= old.Max ? old.Iteration + stage.Max : old.Max,
                    Inputs = inputs,
                },
            });
            _parts.Say($"── sessiontui pipeline: stage {stage.Id} goes on after iteration {old.Iteration}\n");
            return folder;
        }

        IReadOnlyList<string> template;
        IReadOnlyList<string> resolved;
        string agent;
        try
        {
            (template, resolved, agent) = _launcher.ResolveAgent(stage.Command, stage.Agent);
        }
        catch (LaunchException e)
        {
            _parts.Say($"── sessiontui pipeline: stage {stage.Id} cannot start: {e.Message}\n");
            return null;
        }

        if (stage.Verify is { } verify)
        {
            folder.WriteFile(folder.VerifyScript, Briefs.VerifyScript(run.RunId + "." + stage.Id, verify), executable: true);
        }

        string? head = null;
        try
        {
            head = await _git.HeadAsync(cwd, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is GitException or TimeoutException or ExecutableNotFoundException)
        {
        }

        var record = new RunRecord(
            run.RunId + "." + stage.Id, run.Name, run.Socket, run.Server, cwd, ["loop-run"], agent, $"Pipeline {Path.GetFileName(def.File)}, stage {stage.Id}",
            stage.Verify, null, run.Env, run.RunId, head, progress.StageDir, RunState.Running, _parts.Clock.GetUtcNow())
        {
            Template = template,
            SessionId = run.SessionId,
            ServerPid = run.ServerPid,
            PaneId = paneId,
            Loop = new LoopStatus(stage.Checklist is null ? "" : Path.GetFullPath(stage.Checklist, cwd), resolved, stage.Max, stage.Stall, LoopState.Running)
            {
                Until = stage.Until switch { CompletionRule.Verify => "verify", CompletionRule.Once => "once", _ => "checklist" },
                Stage = stage.Id,
                StagePrompt = stage.PromptFile,
                Output = Path.Join(progress.StageDir, "output.md"),
                Inputs = inputs,
            },
        };
        _parts.Ledger.Update(folder, _ => record);
        return folder;
    }

    /// <summary>The markdown of a stage's <c>{inputs}</c>: each input stage's output, or each stage's of an input block.</summary>
    private static string Inputs(PipelineDefinition def, PipelineState state, StageSpec stage)
    {
        if (stage.Inputs.Count == 0)
        {
            return "(no inputs)";
        }

        var b = new StringBuilder();
        foreach (var id in stage.Inputs)
        {
            var step = def.Find(id);
            IReadOnlyList<StageSpec> stages = step?.StagesOfStep ?? (def.FindStage(id) is { } one ? [one] : []);
            foreach (var s in stages)
            {
                var dir = state.FindStage(s.Id)!.StageDir;
                var file = Path.Join(dir, "output.md");
                var where = step is ParallelStep
                    ? $" (parallel block {step.Id}; its commits are on the branch checked out in its worktree {Path.Join(dir, "worktree")}, named sessiontui/RUN/{s.Id})"
                    : "";
                b.Append(CultureInfo.InvariantCulture, $"## Output of stage {s.Id}{where}\n\n")
                    .Append(ManifestFile.ReadOutput(file)?.TrimEnd() ?? $"(no output: {file} is missing)").Append("\n\n");
            }
        }

        return b.ToString().TrimEnd();
    }

    private void WriteManifest(PipelineState state, ParallelStep block)
    {
        var entries = new List<ManifestEntry>();
        foreach (var stage in block.Stages)
        {
            var dir = state.FindStage(stage.Id)!.StageDir;
            var status = Path.Join(dir, "status.json");
            var record = File.Exists(status) ? new RunFolder(dir).ReadStatus() : null;
            var output = Path.Join(dir, "output.md");
            entries.Add(new ManifestEntry(
                stage.Id, record?.Agent ?? "", record?.Loop is { } l ? RunStates.Text(l.State) : "not-started", record?.Loop?.Iteration ?? 0, record?.Loop?.Done ?? 0,
                record?.Loop?.Total ?? 0, [.. (record?.Verification?.Commits ?? []).Select(c => c.Sha + " " + c.Subject)], output, ManifestFile.ReadOutput(output)));
        }

        var blockDir = Path.GetDirectoryName(state.FindStage(block.Stages[0].Id)!.StageDir)!;
        ManifestFile.Write(Path.Join(blockDir, ManifestFile.FileName), new Manifest(block.Id, _parts.Clock.GetUtcNow(), entries));
    }

    /// <summary>A parallel stage's own git worktree at <c>STAGE_DIR/worktree</c> on branch <c>sessiontui/RUN/STAGE</c> from
    /// the pipeline's HEAD (kept when it exists, for a resumed pipeline); the pipeline's cwd when git cannot make one.</summary>
    private async Task<string> WorktreeAsync(RunRecord run, string stageDir, string stageId, CancellationToken ct)
    {
        var path = Path.Join(stageDir, "worktree");
        if (Directory.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(stageDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var branch = $"sessiontui/{RunIds.Slug(run.RunId)}/{stageId}";
        try
        {
            await _git.AddWorktreeAsync(run.Cwd, path, branch, ct).ConfigureAwait(false);
            return path;
        }
        catch (Exception e) when (e is GitException or TimeoutException or ExecutableNotFoundException)
        {
            _parts.Say($"── sessiontui pipeline: stage {stageId} cannot get its own worktree ({e.Message}); it runs in {run.Cwd}\n");
            return run.Cwd;
        }
    }

    /// <summary>A window of the pipeline's session running the stage's loop, with <c>remain-on-exit</c> and a pane
    /// <c>pane-died</c> hook that records the stage run's end (as a launch does).</summary>
    private async Task<string?> OpenWindowAsync(ServerRef server, RunRecord run, string stageId, RunFolder folder, string cwd, CancellationToken ct)
    {
        var argv = _self.Prefix.Concat(["loop-run", "--run-dir", folder.Path]).Concat(_dbPath is null ? [] : ["--db", _dbPath]).ToList();
        try
        {
            var (window, pane) = await _parts.Tmux.NewWindowAsync(server, run.SessionId!, stageId, argv, cwd, [WorkcellLauncher.PaneDiedHook(_self, _dbPath, folder)], ct).ConfigureAwait(false);
            _parts.Ledger.Update(folder, r => r! with { PaneId = pane });
            return window;
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException)
        {
            _parts.Say($"── sessiontui pipeline: stage {stageId} has no window: {e.Message}\n");
            return null;
        }
    }

    private void Update(RunFolder folder, Func<PipelineStatus, PipelineStatus> change) =>
        _parts.Ledger.Update(folder, r => r?.Pipeline is { } p && p.State == "running" ? r with { Pipeline = change(p) } : null);

    private bool End(RunFolder folder, string end, string reason)
    {
        Update(folder, p => p with { State = end, Reason = reason, Step = null, Block = null, Stages = [] });
        _parts.Say($"\n\x1b[1m── sessiontui pipeline ended: {end}\x1b[0m\n{reason}\n");
        return end == "completed";
    }
}
