using System.CommandLine;
using SessionTui.Core.Runs;
using SessionTui.Workcells;

namespace SessionTui.Cli;

/// <summary>The command-line shapes of the workcell commands (System.CommandLine), handing over to <see cref="RunCommands"/>.</summary>
internal static class RunCommandLine
{
    /// <summary>launch, runs (with show), logs, resume, and the hidden run-ended and pipe-log.</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var name = new Argument<string>("name") { Description = "the session name, kept verbatim" };
        var command = new Argument<string[]>("command")
        {
            Description = "after --: the agent's argv; {task}, {brief} and {run_dir} are replaced, each staying one argument",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cwd = new Option<string?>("--cwd") { Description = "the agent's working directory [default: the current directory]", HelpName = "DIR" };
        var task = new Option<string?>("--task") { Description = "the task text", HelpName = "TEXT" };
        var brief = new Option<string?>("--brief") { Description = "a markdown file holding the task", HelpName = "FILE" };
        var verify = new Option<string?>("--verify") { Description = "a shell command line run in the cwd after the agent exits; exit 0 passes", HelpName = "CMD" };
        var onExit = new Option<string?>("--on-exit") { Description = "a shell command line run after verification, with SESSIONTUI_* variables", HelpName = "CMD" };
        var env = new Option<string[]>("--env") { Description = "environment for the agent (repeatable)", HelpName = "K=V" };
        var agent = new Option<string?>("--agent") { Description = "an agent preset (claude, codex, aider, gemini, or one of config.json) when no command is given", HelpName = "NAME" };
        var launch = new Command("launch", "launch an agent into a workcell: a tmux session on the stable socket and a run folder; returns at once")
        {
            name, command, cwd, task, brief, verify, onExit, env, agent, json,
        };
        launch.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            var request = new LaunchRequest(
                pr.GetRequiredValue(name),
                pr.GetValue(cwd) ?? Environment.CurrentDirectory,
                pr.GetValue(command) ?? [],
                pr.GetValue(agent),
                pr.GetValue(task),
                pr.GetValue(brief))
            {
                Verify = pr.GetValue(verify),
                OnExit = pr.GetValue(onExit),
                Env = pr.GetValue(env) ?? [],
            };
            return await RunCommands.LaunchAsync(c.Workcells, request, g.LaunchServer(pr), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return launch;

        var limit = new Option<int>("--limit", "-n") { Description = "rows to print, newest first", DefaultValueFactory = _ => 20 };
        var state = new Option<string?>("--state") { Description = "only runs in this state: " + string.Join(", ", RunStates.All.Select(RunStates.Text)), HelpName = "STATE" };
        state.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && !RunStates.TryParse(s, out _))
            {
                r.AddError($"--state must be one of {string.Join(", ", RunStates.All.Select(RunStates.Text))}");
            }
        });
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var runKey = new Argument<string>("run") { Description = "a run id, or a session name for its latest run" };
        var show = new Command("show", "one run: brief, exit, verification, diagnosis, handoff, last screen") { runKey, json };
        show.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await RunCommands.ShowAsync(c.Workcells, pr.GetRequiredValue(runKey), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        var runs = new Command("runs", "recent runs: name, state, exit, duration, commits, verify") { limit, state, json, show };
        runs.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            RunState? filter = pr.GetValue(state) is { } s && RunStates.TryParse(s, out var parsed) ? parsed : null;
            return await RunCommands.ListAsync(c.Workcells, pr.GetValue(limit), filter, pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return runs;

        var logKey = new Argument<string>("run") { Description = "a run id, or a session name for its latest run" };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new output until the run has ended" };
        var lines = new Option<int>("--lines") { Description = "lines of the end of the log to print first", DefaultValueFactory = _ => 200 };
        var logs = new Command("logs", "the agent's raw output (agent.log)") { logKey, follow, lines };
        logs.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await RunCommands.LogsAsync(c.Workcells, pr.GetRequiredValue(logKey), pr.GetValue(follow), pr.GetValue(lines), ct).ConfigureAwait(false);
        }));
        yield return logs;

        var resumeKey = new Argument<string>("run") { Description = "a run id, or a session name for its latest run" };
        var resumeTask = new Option<string?>("--task") { Description = "a new task instead of the original one", HelpName = "TEXT" };
        var resumeCommand = new Argument<string[]>("command") { Description = "after --: another command instead of the run's", Arity = ArgumentArity.ZeroOrMore };
        var resume = new Command("resume", "a new run from an ended one: its brief, handoff, verification and what changed") { resumeKey, resumeCommand, resumeTask, json };
        resume.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await RunCommands.ResumeAsync(c.Workcells, pr.GetRequiredValue(resumeKey), pr.GetValue(resumeTask), pr.GetValue(resumeCommand) ?? [], pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        yield return resume;

        var runDir = new Option<string?>("--run-dir");
        var exit = new Option<string?>("--exit");
        var closed = new Option<bool>("--closed");
        var socket = new Option<string?>("--socket");
        var serverPid = new Option<int>("--server-pid");
        var sessionId = new Option<string?>("--session-id");
        var paneId = new Option<string?>("--pane");
        var ended = new Command("run-ended", "(run by tmux's hooks) record the end of a run") { runDir, exit, closed, socket, serverPid, sessionId, paneId };
        ended.Hidden = true;
        ended.SetAction((pr, ct) => guard(async () =>
        {
            using var c = new Composition([], g.DbPath(pr));
            return await RunCommands.RunEndedAsync(c.Workcells, pr.GetValue(runDir), pr.GetValue(exit), pr.GetValue(closed), pr.GetValue(socket), pr.GetValue(serverPid), pr.GetValue(sessionId), pr.GetValue(paneId), ct).ConfigureAwait(false);
        }));
        yield return ended;

        var maxBytes = new Option<long>("--max-bytes") { DefaultValueFactory = _ => 8L * 1024 * 1024 };
        var logFile = new Argument<string>("file");
        var reapSocket = new Option<string?>("--reap-socket");
        var agentPid = new Option<int?>("--agent-pid");
        var pipeLog = new Command("pipe-log", "(run by tmux's pipe-pane) copy stdin into a rotated log") { maxBytes, logFile, reapSocket, agentPid };
        pipeLog.Hidden = true;
        pipeLog.SetAction(async (pr, _) =>
        {
            using var c = new Composition([], dbPath: null);
            return await RunCommands.PipeLogAsync(pr.GetRequiredValue(logFile), pr.GetValue(maxBytes), c.Tmux, pr.GetValue(reapSocket), pr.GetValue(agentPid)).ConfigureAwait(false);
        });
        yield return pipeLog;
    }
}
