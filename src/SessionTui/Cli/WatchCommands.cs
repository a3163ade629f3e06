using System.CommandLine;
using System.Runtime.InteropServices;
using SessionTui.Watch;

namespace SessionTui.Cli;

/// <summary><c>sessiontui watch [--json]</c>: the watchdog without a screen, for a box where nobody has the wall open.</summary>
internal static class WatchCommands
{
    /// <summary>The command-line shape.</summary>
    public static IEnumerable<Command> Commands(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var watch = new Command("watch", "classify every session's agent state, record transitions, notify; no screen (systemd-safe: SIGTERM ends it cleanly)") { json };
        watch.SetAction((pr, ct) => guard(async () =>
        {
            var asJson = pr.GetValue(json);
            var settings = g.Settings(pr);
            using var c = new Composition(g.Servers(pr), g.DbPath(pr));
            await c.EnsureTmuxAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            var output = Console.Out;
            var gate = new Lock();
            void Say(string line)
            {
                lock (gate)
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            }

            using var tty = Composition.OpenTerminal();
            IWatchOutput lines = asJson ? new JsonLines(Say) : new TextLines(Say, settings.TimeZone);
            using var watchdog = c.Watchdog("watch", lines, line => Console.Error.WriteLine("sessiontui: " + line), tty);
            var (engine, sources, effects) = c.Watcher(g.RefreshInterval(pr), settings, watchdog);
            await Console.Error.WriteLineAsync($"sessiontui: watching {string.Join(", ", c.Servers.Select(s => s.Label))}{(watchdog.Notifies ? "" : " (not notifying: another watcher holds the lock)")}").ConfigureAwait(false);
            await engine.RunAsync(sources, effects, stop.Token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        yield return watch;
    }
}
