using System.CommandLine;
using SessionTui.Core.Runs;
using SessionTui.Workcells;
using SessionTui.Workcells.Loops;

namespace SessionTui.Cli;

/// <summary><c>sessiontui loop</c>, <c>loops</c>, <c>loops show</c> and the hidden <c>loop-run</c> the loop's pane runs.</summary>
internal static class LoopCommands
{
    /// <summary>The command-line shapes (System.CommandLine).</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var name = new Argument<string>("name") { Description = "the loop's session name, kept verbatim" };
        var command = new Argument<string[]>("command")
        {
            Description = "after --: the agent's argv; {prompt} (the iteration's prompt text), {prompt_file}, {prd}, {iteration}, {run_dir} and {handoff} are replaced, each staying one argument",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var prd = new Option<string>("--prd") { Description = "the markdown checklist (- [ ] items) the loop works through", HelpName = "FILE", Required = true };
        var max = new Option<int>("--max") { Description = "iteration limit", DefaultValueFactory = _ => 25 };
        var stall = new Option<int>("--stall") { Description = "stop after this many iterations in a row without progress", DefaultValueFactory = _ => 3 };
        var verify = new Option<string?>("--verify") { Description = "a shell command line run after every iteration; the loop completes only when it passes", HelpName = "CMD" };
        var cwd = new Option<string?>("--cwd") { Description = "the agent's working directory, inside a git work tree [default: the current directory]", HelpName = "DIR" };
        var agent = new Option<string?>("--agent") { Description = "an agent preset when no command is given ({task} is the prompt)", HelpName = "NAME" };
        var env = new Option<string[]>("--env") { Description = "environment for the agent (repeatable)", HelpName = "K=V" };
        var loop = new Command("loop", "run an agent again and again with fresh context until the checklist is done (a Ralph loop in a workcell); returns at once")
        {
            name, command, prd, max, stall, verify, cwd, agent, env, json,
        };
        loop.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            var request = new LoopRequest(
                pr.GetRequiredValue(name), pr.GetValue(cwd) ?? Environment.CurrentDirectory, pr.GetRequiredValue(prd), pr.GetValue(command) ?? [], pr.GetValue(agent),
                pr.GetValue(max), pr.GetValue(stall), pr.GetValue(verify), pr.GetValue(env) ?? []);
            return await StartAsync(c.Workcells, request, g.LaunchServer(pr), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return loop;

        var limit = new Option<int>("--limit", "-n") { Description = "loops to print, newest first", DefaultValueFactory = _ => 20 };
        var key = new Argument<string>("loop") { Description = "a run id, or a session name for its latest loop" };
        var show = new Command("show", "one loop and every iteration: exit, items checked, commits, verify, duration") { key, json };
        show.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await ShowAsync(c.Workcells, pr.GetRequiredValue(key), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        var loops = new Command("loops", "live and past loops with their progress") { limit, json, show };
        loops.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await ListAsync(c.Workcells, pr.GetValue(limit), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return loops;

        var runDir = new Option<string>("--run-dir") { Required = true };
        var run = new Command("loop-run", "(run in a loop's pane) run the loop's iterations") { runDir };
        run.Hidden = true;
        run.SetAction((pr, _) => guard(async () =>
        {
            using var c = new Composition([], g.DbPath(pr));
            return await PaneRunner.RunAsync(c.Workcells, pr.GetRequiredValue(runDir), async (_, folder, parts, pane, killed) =>
                await new LoopRunner(parts).RunAsync(folder, pane, killed).ConfigureAwait(false) == LoopState.Completed).ConfigureAwait(false);
        }));
        yield return run;
    }

    /// <summary><c>sessiontui loop NAME --prd FILE ... -- CMD</c>: starts the loop and prints its run id (or JSON).</summary>
    public static async Task<int> StartAsync(WorkcellServices w, LoopRequest request, Core.ServerRef server, bool json, CancellationToken ct)
    {
        try
        {
            var result = await w.Loops.StartAsync(request, server, line => Console.Error.WriteLine("sessiontui: " + line), ct).ConfigureAwait(false);
            RunCommands.PrintLaunched(result, json);
            return ExitCodes.Ok;
        }
        catch (LaunchException e)
        {
            return await RunCommands.Refused(e).ConfigureAwait(false);
        }
    }

    /// <summary><c>sessiontui loops [--json]</c>.</summary>
    public static async Task<int> ListAsync(WorkcellServices w, int limit, bool json, CancellationToken ct)
    {
        await RunCommands.ReconcileAsync(w, ct).ConfigureAwait(false);
        var loops = w.Store?.ListLoops(limit) ?? [];
        Console.Write(json ? RunJson.Serialize(loops) + "\n" : LoopText.Table(loops, w.Clock.GetUtcNow(), TimeZoneInfo.Local));
        return ExitCodes.Ok;
    }

    /// <summary><c>sessiontui loops show LOOP [--json]</c>: the loop's run and its iterations (from the run folder, which the
    /// runner writes first; the database when the folder is gone).</summary>
    public static async Task<int> ShowAsync(WorkcellServices w, string key, bool json, CancellationToken ct)
    {
        await RunCommands.ReconcileAsync(w, ct).ConfigureAwait(false);
        var run = RunCommands.Find(w, key);
        if (run?.Loop is null)
        {
            if (run is null)
            {
                return await RunCommands.NoRun(key).ConfigureAwait(false);
            }

            return await PipelineCommands.NotA(run, "loop").ConfigureAwait(false);
        }

        var folder = new LoopFolder(new RunFolder(run.RunDir)).ReadAll();
        var iterations = folder.Count > 0 ? folder : w.Store?.ListIterations(run.RunId) ?? [];
        var detail = new LoopDetail(run, iterations);
        Console.Write(json ? RunJson.Serialize(detail) + "\n" : LoopText.Show(detail, w.Clock.GetUtcNow(), TimeZoneInfo.Local));
        return ExitCodes.Ok;
    }
}
