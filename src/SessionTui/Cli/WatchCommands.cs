using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using SessionTui.Core;

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
            using var watchdog = c.Watchdog("watch", asJson ? Say : null, line => Console.Error.WriteLine("sessiontui: " + line), tty);
            var (engine, sources, effects) = c.Watcher(g.RefreshInterval(pr), settings, watchdog);
            var text = asJson ? null : new TextLines(Say, settings.TimeZone);
            await Console.Error.WriteLineAsync($"sessiontui: watching {string.Join(", ", c.Servers.Select(s => s.Label))}{(watchdog.Notifies ? "" : " (not notifying: another watcher holds the lock)")}").ConfigureAwait(false);
            await engine.RunAsync(sources, effects, stop.Token, text is null ? null : text.Cmds).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        yield return watch;
    }

    /// <summary>The plain-text lines of <c>watch</c> without <c>--json</c>: one per transition and run end.</summary>
    private sealed class TextLines(Action<string> say, TimeZoneInfo zone)
    {
        public void Cmds(IReadOnlyList<Cmd> cmds)
        {
            foreach (var cmd in cmds)
            {
                switch (cmd)
                {
                    case AgentStateChanged c:
                        say($"{Time(c.At)}  {RunText.Printable(c.Card.Name)} ({c.Card.SessionId} on {c.Card.Server.Label})  {(c.From is { } from ? AgentStates.Text(from) : "new")} → {c.Card.Badge}  [{c.Card.Verdict?.Rule}]{(c.Card.Verdict?.Lines.FirstOrDefault() is { Length: > 0 } line ? "  " + RunText.Printable(line) : "")}");
                        break;
                    case RunFinished f:
                        say($"{Time(f.At)}  {RunText.Printable(f.Run.Name)}  {(f.Run.Loop is null ? "run" : "loop")} {f.Run.RunId} ended: {Core.Runs.RunStates.Text(f.Run.State)}");
                        break;
                }
            }
        }

        private string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
