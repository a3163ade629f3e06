using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using SessionTui.Core.Runs;
using SessionTui.Workcells;
using SessionTui.Workcells.Loops;
using SessionTui.Workcells.Pipelines;

namespace SessionTui.Cli;

/// <summary><c>sessiontui pipeline run|status|resume</c> and the hidden <c>pipeline-run</c> the pipeline's pane runs.</summary>
internal static class PipelineCommands
{
    /// <summary>The command-line shapes (System.CommandLine).</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var file = new Argument<string>("file") { Description = "the pipeline file (YAML; see the README)" };
        var name = new Argument<string>("name") { Description = "the pipeline's session name, kept verbatim" };
        var cwd = new Option<string?>("--cwd") { Description = "the working directory when the file names none [default: the current directory]", HelpName = "DIR" };
        var run = new Command("run", "validate a pipeline file and run it in a workcell; returns at once") { file, name, cwd, json };
        run.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await Launched(() => c.Workcells.Pipelines.StartAsync(pr.GetRequiredValue(file), pr.GetRequiredValue(name), pr.GetValue(cwd) ?? Environment.CurrentDirectory, g.LaunchServer(pr), Notice, ct), pr.GetValue(json)).ConfigureAwait(false);
        }));

        var key = new Argument<string>("name") { Description = "the pipeline's session name or run id" };
        var status = new Command("status", "a pipeline's steps and stages: state, loop, iterations, checklist, window") { key, json };
        status.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await StatusAsync(c.Workcells, pr.GetRequiredValue(key), pr.GetValue(json), ct).ConfigureAwait(false);
        }));

        var resumeKey = new Argument<string>("name") { Description = "the pipeline's session name or run id" };
        var resume = new Command("resume", "go on with a stopped pipeline: finished stages are kept, an unfinished stage goes on after its last finished iteration") { resumeKey, json };
        resume.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            await RunCommands.ReconcileAsync(c.Workcells, ct).ConfigureAwait(false);
            var parent = RunCommands.Find(c.Workcells, pr.GetRequiredValue(resumeKey));
            return parent is null
                ? await RunCommands.NoRun(pr.GetRequiredValue(resumeKey)).ConfigureAwait(false)
                : await Launched(() => c.Workcells.Pipelines.ResumeAsync(parent, Notice, ct), pr.GetValue(json)).ConfigureAwait(false);
        }));
        yield return new Command("pipeline", "run stages of loops (and parallel blocks of them) from a YAML file") { run, status, resume };

        var runDir = new Option<string>("--run-dir") { Required = true };
        var runner = new Command("pipeline-run", "(run in a pipeline's pane) run the pipeline's steps") { runDir };
        runner.Hidden = true;
        runner.SetAction((pr, _) => guard(async () =>
        {
            using var c = new Composition([], g.DbPath(pr));
            return await PaneRunner.RunAsync(c.Workcells, pr.GetRequiredValue(runDir), async (w, folder, parts, pane, killed) =>
                await new PipelineRunner(parts, w.Completion, w.Loops.Launcher, w.Self, w.DbPath).RunAsync(folder, pane, killed).ConfigureAwait(false)).ConfigureAwait(false);
        }));
        yield return runner;
    }

    /// <summary><c>pipeline status NAME [--json]</c>.</summary>
    public static async Task<int> StatusAsync(WorkcellServices w, string key, bool json, CancellationToken ct)
    {
        await RunCommands.ReconcileAsync(w, ct).ConfigureAwait(false);
        var run = RunCommands.Find(w, key);
        if (run?.Pipeline is not { } pipeline)
        {
            return run is null ? await RunCommands.NoRun(key).ConfigureAwait(false) : await NotA(run, "pipeline").ConfigureAwait(false);
        }

        var state = PipelineStateFile.Read(Path.Join(run.RunDir, "state.json"));
        if (json)
        {
            Console.WriteLine("{\n\"run\": " + RunJson.Serialize(run) + ",\n\"state\": " + (state is null ? "null" : PipelineStateFile.Serialize(state)) + "\n}");
            return ExitCodes.Ok;
        }

        Console.WriteLine($"pipeline  {pipeline.File}");
        Console.WriteLine($"run       {run.RunId} ({RunStates.Text(run.State)})");
        Console.WriteLine($"state     {pipeline.State} · {pipeline.Finished}/{pipeline.Steps} steps done" + (pipeline.Step is { } step ? $" · running {(pipeline.Block is null ? "stage" : "block")} {step}" : ""));
        if (pipeline.Reason is { } reason)
        {
            Console.WriteLine($"reason    {reason}");
        }

        if (state is not null)
        {
            Console.WriteLine();
            Table.Print(
                ["STEP", "STAGE", "STATE", "LOOP", "ITER", "CHECKLIST", "WINDOW"],
                [.. state.Steps.SelectMany(s => s.Stages.Select(stage => (IReadOnlyList<string>)Row(s, stage)))]);
        }

        return ExitCodes.Ok;
    }

    private static string[] Row(StepProgress step, StageProgress stage)
    {
        var loop = TryStatus(stage.StageDir)?.Loop;
        return
        [
            step.Parallel ? step.Id + " ∥" : step.Id, stage.Id, stage.State.ToString().ToLowerInvariant(), loop is null ? stage.LoopState ?? "" : RunStates.Text(loop.State),
            loop is null ? stage.Iteration.ToString(CultureInfo.InvariantCulture) : $"{loop.Iteration}/{loop.Max}", loop is { Total: > 0 } l ? $"{l.Done}/{l.Total}" : "",
            stage.Window ?? "",
        ];
    }

    private static RunRecord? TryStatus(string dir)
    {
        try
        {
            return File.Exists(Path.Join(dir, "status.json")) ? new RunFolder(dir).ReadStatus() : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<int> Launched(Func<Task<LaunchResult>> start, bool json)
    {
        try
        {
            RunCommands.PrintLaunched(await start().ConfigureAwait(false), json);
            return ExitCodes.Ok;
        }
        catch (PipelineValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join('\n', e.Errors.Select(x => "sessiontui: " + x.Format(e.File)))).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (LaunchException e)
        {
            return await RunCommands.Refused(e).ConfigureAwait(false);
        }
    }

    internal static async Task<int> NotA(RunRecord run, string what)
    {
        await Console.Error.WriteLineAsync($"sessiontui: run {run.RunId} is not a {what} (see sessiontui runs show {run.RunId})").ConfigureAwait(false);
        return ExitCodes.NoSuchSession;
    }

    private static void Notice(string line) => Console.Error.WriteLine("sessiontui: " + line);
}

/// <summary>What the hidden pane commands (<c>loop-run</c>, <c>pipeline-run</c>) share: signals, the terminal, the lock.</summary>
internal static class PaneRunner
{
    /// <summary>Runs <paramref name="body"/> for the run in <paramref name="runDir"/> on this pane. A killed session's SIGHUP
    /// (or a SIGTERM) cancels the token it gets; Ctrl-C in the pane reaches the agent only. The name's lock is released at
    /// the end.</summary>
    /// <returns>0 when <paramref name="body"/> reports success, else 1.</returns>
    public static async Task<int> RunAsync(WorkcellServices w, string runDir, Func<WorkcellServices, RunFolder, LoopRunnerParts, string?, CancellationToken, Task<bool>> body)
    {
        using var killed = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            killed.Cancel();
        }

        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        var folder = new RunFolder(Path.GetFullPath(runDir));
        using var terminal = Console.OpenStandardOutput();
        var parts = new LoopRunnerParts(w.Tmux, w.Runner, w.Ledger, w.Config, w.Clock, TimeZoneInfo.Local, terminal, (d, ct) => Task.Delay(d, w.Clock, ct)) { Rules = w.Rules };
        var ok = await body(w, folder, parts, Environment.GetEnvironmentVariable("TMUX_PANE"), killed.Token).ConfigureAwait(false);
        if (folder.ReadStatus() is { Loop.Stage: null } run)
        {
            w.Loops.Locks.Release(run.Name, run.RunId);
        }

        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
