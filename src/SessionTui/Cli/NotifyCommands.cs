using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionTui.Workcells;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Cli;

/// <summary><c>sessiontui notify test [--channel NAME] [--json]</c>: sends a test notification through the configured channels.</summary>
internal static class NotifyCommands
{
    /// <summary>The command-line shape.</summary>
    public static Command Command(GlobalOptions g, Option<bool> json, Func<Func<Task<int>>, Task<int>> guard)
    {
        var channel = new Option<string?>("--channel")
        {
            Description = "only this channel: terminal, tmux, desktop, webhook-N, command-N, or webhook / command for all of them",
            HelpName = "NAME",
        };
        var test = new Command("test", "send a test notification through every configured channel (or one), retries included, and print each channel's result") { channel, json };
        test.SetAction((pr, ct) => guard(async () =>
        {
            var paths = WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable);
            var settings = WorkcellConfig.Load(paths.ConfigFile).Notify;
            using var c = new Composition(g.Servers(pr), dbPath: null);
            return await TestAsync(c, settings, paths.ConfigFile, pr.GetValue(channel), pr.GetValue(json), ct).ConfigureAwait(false);
        }));
        return new Command("notify", "notifications: check the channels configured under \"notify\" in config.json") { test };
    }

    /// <summary>Sends the test event and prints one line (or one JSON object) per channel.</summary>
    /// <returns>0 when every channel delivered, 1 when one failed, 2 when none is configured or <paramref name="only"/> names none.</returns>
    private static async Task<int> TestAsync(Composition c, NotifySettings settings, string configFile, string? only, bool json, CancellationToken ct)
    {
        if (!settings.HasChannels)
        {
            await Console.Error.WriteLineAsync($"sessiontui: no notification channel is configured: add a \"notify\" object to {configFile}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var terminal = settings.Terminal is null ? null : Composition.OpenTerminal();
        var deps = new ChannelDependencies(c.Runner, c.Tmux, c.Servers, http, Log)
        {
            Terminal = terminal,
            TerminalHost = TerminalHost.FromEnvironment(Environment.GetEnvironmentVariable),
        };
        var channels = NotificationChannels.Create(settings, deps);
        var selected = only is null ? channels : NotificationChannels.Select(channels, only);
        if (selected.Count == 0)
        {
            await Console.Error.WriteLineAsync($"sessiontui: no channel '{only}' is configured (configured: {string.Join(", ", channels.Select(ch => ch.Name))})").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using var notifier = new Notifier(settings, channels, TimeProvider.System, Log);
        var results = await notifier.SendNowAsync(TestEvent(DateTimeOffset.UtcNow), selected, ct).ConfigureAwait(false);
        if (json)
        {
            Console.WriteLine(Json(results));
        }
        else
        {
            var width = results.Max(r => r.Channel.Length);
            foreach (var r in results)
            {
                Console.WriteLine(r.Channel.PadRight(width) + "  " + (r.Ok ? "ok" : "failed: " + r.Error + (r.Attempts > 1 ? $" ({r.Attempts.ToString(CultureInfo.InvariantCulture)} attempts)" : "")));
            }
        }

        return results.All(r => r.Ok) ? ExitCodes.Ok : ExitCodes.Failure;

        static void Log(string line) => Console.Error.WriteLine("sessiontui: " + line);
    }

    /// <summary>The test notification.</summary>
    internal static NotificationEvent TestEvent(DateTimeOffset now) => new(
        NotificationKind.Test, "sessiontui-test", "sessiontui", "", "", "test", "sessiontui notify test",
        "SessionTui test notification", "If you can read this, notifications reach you here.", now, Attached: false);

    private static string Json(IReadOnlyList<ChannelResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", results.All(r => r.Ok));
            w.WriteStartArray("channels");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Channel);
                w.WriteBoolean("ok", r.Ok);
                w.WriteNumber("attempts", r.Attempts);
                if (r.Error is { } error)
                {
                    w.WriteString("error", error);
                }
                else
                {
                    w.WriteNull("error");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
