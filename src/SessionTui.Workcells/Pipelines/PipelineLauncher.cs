using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Workcells.Loops;

namespace SessionTui.Workcells.Pipelines;

/// <summary>
/// Starts pipelines in workcells (<c>sessiontui pipeline run FILE NAME</c>) and resumes them (<c>pipeline resume NAME</c>):
/// the file is validated first (every error with its line), the name's lock is taken as for a loop, and a workcell whose
/// pane runs <c>sessiontui pipeline-run</c> is launched. A resumed pipeline is a new run linked to the stopped one; its
/// runner takes over the stopped one's <c>state.json</c> and stage folders.
/// </summary>
/// <param name="loops">The loop launcher (locks, the workcell launcher, the runner command).</param>
public sealed class PipelineLauncher(LoopLauncher loops)
{
    /// <summary>Validates and starts a pipeline; returns once its runner runs in tmux.</summary>
    /// <param name="file">The pipeline file.</param>
    /// <param name="name">The session name, verbatim.</param>
    /// <param name="cwd">The working directory when the file names none (inside a git work tree).</param>
    /// <param name="server">The tmux server.</param>
    /// <param name="notice">Receives one line when a stale lock was replaced.</param>
    /// <param name="cancellationToken">Cancels the launch.</param>
    /// <exception cref="PipelineValidationException">The file is not a valid pipeline (every error with its line).</exception>
    /// <exception cref="LaunchException">Refused or failed, as <see cref="LoopLauncher.StartAsync"/>.</exception>
    public Task<LaunchResult> StartAsync(string file, string name, string cwd, ServerRef server, Action<string> notice, CancellationToken cancellationToken = default) =>
        StartAsync(file, name, cwd, server, notice, null, cancellationToken);

    /// <summary>Resumes the pipeline run <paramref name="parent"/> after a crash, a kill or a failed stage: finished
    /// stages are not run again; an unfinished stage goes on after its last finished iteration.</summary>
    /// <exception cref="LaunchException">No such pipeline (<see cref="LaunchFailure.Invalid"/>), it is still running
    /// (<see cref="LaunchFailure.NameTaken"/>), or the launch failed.</exception>
    /// <exception cref="PipelineValidationException">Its file no longer validates.</exception>
    public async Task<LaunchResult> ResumeAsync(RunRecord parent, Action<string> notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Pipeline is not { } pipeline)
        {
            throw new LaunchException(LaunchFailure.Invalid, $"run {parent.RunId} is not a pipeline");
        }

        if (pipeline.State == "completed")
        {
            throw new LaunchException(LaunchFailure.Invalid, $"pipeline {parent.RunId} has completed; start it afresh with sessiontui pipeline run");
        }

        var held = loops.Locks.Read(parent.Name);
        if (held is not null && await loops.StaleReasonAsync(held, parent, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new LaunchException(LaunchFailure.NameTaken, $"pipeline '{parent.Name}' is still running (run {parent.RunId}); stop it first with: sessiontui kill '{parent.Name}'");
        }

        var server = await loops.Launcher.FreeNameAsync(parent, cancellationToken).ConfigureAwait(false);
        return await StartAsync(pipeline.File, parent.Name, parent.Cwd, server, notice, parent, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LaunchResult> StartAsync(string file, string name, string cwd, ServerRef server, Action<string> notice, RunRecord? parent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (WorkcellLauncher.ValidateName(name) is { } bad)
        {
            throw new LaunchException(LaunchFailure.Invalid, bad);
        }

        var def = PipelineFile.Load(file);
        var dir = Path.GetFullPath(def.Cwd ?? cwd);
        if (!Directory.Exists(dir))
        {
            throw new LaunchException(LaunchFailure.Invalid, $"no such directory: {dir}");
        }

        if (!await loops.InWorkTreeAsync(dir, ct).ConfigureAwait(false))
        {
            throw new LaunchException(LaunchFailure.Invalid, $"a pipeline's stages are loops, which measure progress by git commits, but {dir} is not in a git work tree");
        }

        foreach (var stage in def.AllStages)
        {
            _ = loops.Launcher.ResolveAgent(stage.Command, stage.Agent);
        }

        await loops.TakeLockAsync(name, notice, ct).ConfigureAwait(false);
        var steps = string.Join(", ", def.Steps.Select(s => s is ParallelStep p ? $"{p.Id} ({string.Join(" | ", p.Stages.Select(x => x.Id))})" : s.Id));
        return await loops.LaunchLockedAsync(
            new LaunchRequest(name, dir, loops.RunnerCommand("pipeline-run"), "pipeline", $"Pipeline {def.Name ?? Path.GetFileName(def.File)} ({def.File}): {steps}", null)
            {
                ParentRunId = parent?.RunId,
                Env = parent?.Env ?? [],
                Pipeline = new PipelineStatus(def.File, def.Steps.Count),
            },
            server,
            ct).ConfigureAwait(false);
    }
}
