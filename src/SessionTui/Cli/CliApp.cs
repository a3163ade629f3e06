using System.CommandLine;
using SessionTui.Core;
using SessionTui.Demo;
using SessionTui.Tmux;
using SessionTui.Ui.Styling;
using SessionTui.Wall;

namespace SessionTui.Cli;

/// <summary>The command line (System.CommandLine): the wall and its scriptable commands.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var g = new GlobalOptions();
        var root = new RootCommand("SessionTui: a live wall of every tmux session (coding agents, builds, shells) with previews, attach, kill and history.");
        g.AddTo(root);
        root.SetAction((pr, _) => Guard(() => RunWallAsync(pr, g, g.Servers(pr), null)));

        var keep = new Option<bool>("--keep") { Description = "leave the demo server running after quitting the wall" };
        var demo = new Command("demo", "start seven scripted fake agents and a Ralph loop on a private server (-L " + DemoLauncher.SocketName + ") and open the wall on it") { keep };
        demo.SetAction((pr, _) => Guard(() => RunDemoAsync(pr, g, pr.GetValue(keep))));

        var json = new Option<bool>("--json") { Description = "print JSON (stable fields, UTC ISO 8601 times)" };
        var list = new Command("list", "list every session on the watched servers") { json };
        list.SetAction((pr, ct) => Guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await Commands.ListAsync(c.Tmux, c.Servers, g.ImplicitServers(pr, c.Servers), g.FallbackServers(pr, c.Servers), c.History, pr.GetValue(json), g.Settings(pr), ct).ConfigureAwait(false);
        }));

        var killTarget = new Argument<string>("session") { Description = "exact session name, or session id like $3" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask for confirmation" };
        var kill = new Command("kill", "kill one session, by exact name or $ID (never a prefix)") { killTarget, yes };
        kill.SetAction((pr, ct) => Guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            return await Commands.KillAsync(c.Tmux, c.Servers, c.History, c.Clock, pr.GetRequiredValue(killTarget), pr.GetValue(yes), ct).ConfigureAwait(false);
        }));

        var attachTarget = new Argument<string>("session") { Description = "exact session name, or session id like $3" };
        var readOnly = new Option<bool>("--read-only", "-r") { Description = "attach read-only (attach-session -r)" };
        var attach = new Command("attach", "attach to one session (switch-client when already inside that server)") { attachTarget, readOnly };
        attach.SetAction((pr, ct) => Guard(async () =>
        {
            using var c = new Composition(g.Servers(pr), dbPath: null);
            return await Commands.AttachAsync(c.Tmux, c.Servers, c.Attach, pr.GetRequiredValue(attachTarget), pr.GetValue(readOnly), ct).ConfigureAwait(false);
        }));

        var limit = new Option<int>("--limit", "-n") { Description = "rows to print, newest first", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var history = new Command("history", "sessions observed before: how each ended and when") { json, limit };
        history.SetAction((pr, _) => Guard(() => Commands.HistoryAsync(g.DbPath(pr), pr.GetValue(json), pr.GetValue(limit))));

        var showId = new Argument<long>("id") { Description = "the history row id (see sessiontui history)" };
        var historyShow = new Command("show", "one session of the history with its last screen") { showId, json };
        historyShow.SetAction((pr, _) => Guard(() => RunCommands.HistoryShowAsync(g.DbPath(pr), pr.GetValue(showId), pr.GetValue(json))));
        history.Subcommands.Add(historyShow);

        foreach (var command in RunCommandLine.Commands(g, json, Guard).Concat(LoopCommands.Commands(g, json, Guard)).Concat(PipelineCommands.Commands(g, json, Guard)).Concat(StateCommands.Commands(g, json, Guard)).Concat(WatchCommands.Commands(g, json, Guard)).Concat(SendCommands.Commands(g, json, Guard)).Concat(CleanupCommands.Commands(g, json, Guard)))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(demo);
        root.Subcommands.Add(list);
        root.Subcommands.Add(kill);
        root.Subcommands.Add(attach);
        root.Subcommands.Add(history);
        root.Subcommands.Add(NotifyCommands.Command(g, json, Guard));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("sessiontui: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Try 'sessiontui --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // System.CommandLine's own SIGTERM handling (cancel, wait 2 s, exit 143) would run before the wall's handler and
        // end the process without restoring the terminal: the wall handles termination signals itself.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    private static async Task<int> RunWallAsync(ParseResult pr, GlobalOptions g, IReadOnlyList<ServerRef> servers, Func<Composition, Task>? beforeWall)
    {
        if (Console.IsOutputRedirected || Console.IsInputRedirected)
        {
            await Console.Error.WriteLineAsync("sessiontui: the wall needs a terminal on stdin and stdout; for scripts use 'sessiontui list --json'").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var theme = ThemeLoader.Load(pr.GetValue(g.Theme), GlobalOptions.ThemesDir(), !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
        using var composition = new Composition(servers, g.DbPath(pr));
        await composition.EnsureTmuxAsync().ConfigureAwait(false);
        if (beforeWall is not null)
        {
            await beforeWall(composition).ConfigureAwait(false);
        }

        var options = new WallOptions(g.RefreshInterval(pr), Mouse: !pr.GetValue(g.NoMouse));
        return composition.Wall(theme, options, g.Settings(pr), g.ImplicitServers(pr, servers), g.FallbackServers(pr, servers)).Run();
    }

    private static async Task<int> RunDemoAsync(ParseResult pr, GlobalOptions g, bool keep)
    {
        var server = DemoLauncher.Server();
        DemoLauncher? launcher = null;
        try
        {
            return await RunWallAsync(pr, g, [server], async composition =>
            {
                launcher = new DemoLauncher(composition.Tmux, server);
                await launcher.StartAsync().ConfigureAwait(false);
                await launcher.StartLoopAsync(composition.Workcells).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            if (launcher is not null && !keep)
            {
                await launcher.StopAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> Guard(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"sessiontui: {e.FileName} not found on PATH: SessionTui needs tmux (3.2 or newer); install it, e.g. apt-get install tmux").ConfigureAwait(false);
            return ExitCodes.TmuxMissing;
        }
        catch (Exception e) when (e is ThemeException or SessionTui.Workcells.ConfigException or SessionTui.Workcells.States.StateRuleException)
        {
            await Console.Error.WriteLineAsync("sessiontui: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (SessionNotFoundException e)
        {
            await Console.Error.WriteLineAsync("sessiontui: " + e.Message).ConfigureAwait(false);
            return ExitCodes.NoSuchSession;
        }
        catch (WallFailedException e)
        {
            await Console.Error.WriteLineAsync("sessiontui: " + e.Message + " (" + e.InnerException?.GetType().Name + ")").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is HistoryStoreException or TmuxCommandException or TmuxServerUnavailableException or TimeoutException or IOException)
        {
            await Console.Error.WriteLineAsync("sessiontui: " + OneLine.Of(e)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
