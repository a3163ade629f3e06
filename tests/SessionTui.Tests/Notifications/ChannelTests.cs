using System.Text.Json;
using SessionTui.Core;
using SessionTui.Tests.Support;
using SessionTui.Tmux;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

/// <summary>The process and tmux channels at the <see cref="IProcessRunner"/> and <see cref="ITmuxTransport"/> boundary.</summary>
public sealed class ChannelTests : IDisposable
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-notify/sock");
    private static readonly ServerRef Down = TmuxServers.FromSocketPath("/tmp/stui-notify/down");

    private readonly VerifyingProcessRunner _runner = new();
    private readonly VerifyingTmuxTransport _tmux = new();

    public void Dispose()
    {
        _runner.Dispose();
        _tmux.Dispose();
    }

    [Fact]
    public async Task Desktop_runs_notify_send_with_the_app_name_urgency_and_an_options_end_before_the_title()
    {
        var limit = Events.Of(NotificationKind.RateLimited) with { Title = "-x is rate limited", Body = "resets <16:00> & more" };
        _runner.Expect("notify-send", ["--app-name", "SessionTui", "--urgency", "critical", "--", "-x is rate limited", "resets &lt;16:00&gt; &amp; more"], new ProcessResult(0, "", ""));
        _runner.Expect("notify-send", ["--app-name", "SessionTui", "--urgency", "normal", "--", "api needs input"], new ProcessResult(0, "", ""));

        var desktop = new DesktopChannel(_runner);
        await desktop.SendAsync(limit, CancellationToken.None);
        await desktop.SendAsync(Events.Of() with { Title = "api needs input", Body = "" }, CancellationToken.None);
    }

    [Fact]
    public async Task Desktop_without_notify_send_is_unavailable_and_a_failing_notify_send_is_a_delivery_failure()
    {
        _runner.ExpectThrows("notify-send", ["--app-name", "SessionTui", "--urgency", "normal", "--", "claude-refactor needs input", "Do you want to proceed?"], new ExecutableNotFoundException("notify-send", new InvalidOperationException()));
        _runner.Expect("notify-send", ["--app-name", "SessionTui", "--urgency", "normal", "--", "claude-refactor needs input", "Do you want to proceed?"], new ProcessResult(1, "", "Cannot autolaunch D-Bus without X11 $DISPLAY\n"));
        var desktop = new DesktopChannel(_runner);

        var missing = await Assert.ThrowsAsync<ChannelUnavailableException>(() => desktop.SendAsync(Events.Of(), CancellationToken.None));
        var failed = await Assert.ThrowsAsync<NotificationDeliveryException>(() => desktop.SendAsync(Events.Of(), CancellationToken.None));

        Assert.Equal("notify-send not found on PATH (it comes with libnotify, e.g. apt-get install libnotify-bin)", missing.Message);
        Assert.Equal("notify-send exited with 1: Cannot autolaunch D-Bus without X11 $DISPLAY", failed.Message);
    }

    [Fact]
    public async Task A_command_gets_the_event_in_its_environment_and_as_json_on_stdin()
    {
        var e = Events.RunEnded("20261128-160000-api") with { ResetsAt = new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero) };
        _runner.Expect("/usr/local/bin/hook", ["--quiet"], new ProcessResult(0, "", ""));

        await new CommandChannel(new CommandOptions(["/usr/local/bin/hook", "--quiet"]), _runner, 1).SendAsync(e, CancellationToken.None);

        var spec = Assert.Single(_runner.Calls);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["SESSIONTUI_EVENT_KIND"] = "run-ended",
                ["SESSIONTUI_EVENT_SESSION"] = "api-fix",
                ["SESSIONTUI_EVENT_SESSION_ID"] = "$3",
                ["SESSIONTUI_EVENT_SERVER"] = "default",
                ["SESSIONTUI_EVENT_STATE"] = "failed",
                ["SESSIONTUI_EVENT_REASON"] = "exited non-zero",
                ["SESSIONTUI_EVENT_TITLE"] = "api-fix failed",
                ["SESSIONTUI_EVENT_BODY"] = "exit 3",
                ["SESSIONTUI_EVENT_AT"] = "2026-11-28T16:00:00Z",
                ["SESSIONTUI_EVENT_ATTACHED"] = "0",
                ["SESSIONTUI_EVENT_RESETS_AT"] = "2026-11-28T18:00:00Z",
                ["SESSIONTUI_EVENT_RUN_ID"] = "20261128-160000-api",
                ["SESSIONTUI_EVENT_EXIT_STATUS"] = "3",
            },
            spec.Environment);
        var input = System.Text.Encoding.UTF8.GetString(spec.StandardInput!.Value.Span);
        Assert.EndsWith("}\n", input, StringComparison.Ordinal);
        using var stdin = JsonDocument.Parse(input);
        Assert.Equal("20261128-160000-api", stdin.RootElement.GetProperty("runId").GetString());
        Assert.Equal(Timeout.InfiniteTimeSpan, spec.Timeout);
    }

    [Fact]
    public async Task A_command_that_exits_non_zero_fails_and_a_missing_one_is_unavailable()
    {
        _runner.Expect("hook", [], new ProcessResult(3, "", "\nno webhook configured\n"));
        _runner.ExpectThrows("hook", [], new ExecutableNotFoundException("hook", new InvalidOperationException()));
        var command = new CommandChannel(new CommandOptions(["hook"]), _runner, 2);

        var failed = await Assert.ThrowsAsync<NotificationDeliveryException>(() => command.SendAsync(Events.Of(), CancellationToken.None));
        await Assert.ThrowsAsync<ChannelUnavailableException>(() => command.SendAsync(Events.Of(), CancellationToken.None));

        Assert.Equal("hook exited with 3: no webhook configured", failed.Message);
        Assert.Equal("command-2", command.Name);
    }

    [Fact]
    public async Task Tmux_shows_the_message_to_every_person_attached_with_percent_and_hash_doubled_and_skips_control_clients()
    {
        // Given a server with two terminal clients and a control-mode client, and a server that is not running
        var e = Events.Of() with { Title = "100% #{pid} needs input", Body = "line\u001b[0m" };
        _tmux.Expect(Server, [["list-clients", "-F", ClientFormat]], batch =>
            [Ok(Rows(batch, ["/dev/pts/1", "$0", "0"], ["client-77", "$0", "1"], ["/dev/pts/2", "$3", "0"]))]);
        _tmux.Expect(Server, [Display("/dev/pts/1", "100%% ##{pid} needs input: line"), Display("/dev/pts/2", "100%% ##{pid} needs input: line")],
            [Ok(""), Ok("")]);
        _tmux.ExpectThrows(Down, [["list-clients", "-F", ClientFormat]], new TmuxServerUnavailableException(Down, "no server running on /tmp/stui-notify/down"));

        // When it is sent
        await new TmuxChannel(new TmuxMessageOptions { Display = TimeSpan.FromSeconds(5) }, new TmuxClient(_tmux, TimeProvider.System), [Server, Down])
            .SendAsync(e, CancellationToken.None);
    }

    [Fact]
    public async Task Tmux_sends_the_rest_again_after_a_client_that_left_and_reports_a_real_failure()
    {
        _tmux.Expect(Server, [["list-clients", "-F", ClientFormat]], batch =>
            [Ok(Rows(batch, ["/dev/pts/1", "$0", "0"], ["/dev/pts/2", "$0", "0"], ["/dev/pts/3", "$0", "0"]))]);
        _tmux.Expect(Server, [Display("/dev/pts/1", "t"), Display("/dev/pts/2", "t"), Display("/dev/pts/3", "t")],
            [Failed("can't find client: /dev/pts/1"), NotRun, NotRun]);
        _tmux.Expect(Server, [Display("/dev/pts/2", "t"), Display("/dev/pts/3", "t")], [Failed("some other error"), NotRun]);
        _tmux.Expect(Server, [Display("/dev/pts/3", "t")], [Ok("")]);

        var failure = await Assert.ThrowsAsync<NotificationDeliveryException>(() =>
            new TmuxChannel(new TmuxMessageOptions(), new TmuxClient(_tmux, TimeProvider.System), [Server]).SendAsync(Events.Of() with { Title = "t", Body = "" }, CancellationToken.None));

        Assert.Equal("/tmp/stui-notify/sock: /dev/pts/2: some other error", failure.Message);
    }

    private static readonly Arg ClientFormat = Arg.Where(a => a.StartsWith('\u001e') && a.EndsWith("#{client_control_mode}", StringComparison.Ordinal) && a.Contains("#{client_name}", StringComparison.Ordinal), "client format with a nonce");

    private static readonly TmuxCommandResult NotRun = new(TmuxCommandStatus.NotRun, "", null);

    private static Arg[] Display(string client, string text) => ["display-message", "-c", client, "-d", "5000", text];

    private static TmuxCommandResult Ok(string output) => new(TmuxCommandStatus.Ok, output, null);

    private static TmuxCommandResult Failed(string error) => new(TmuxCommandStatus.Failed, "", error);

    private static string Rows(IReadOnlyList<TmuxCommand> batch, params string[][] rows)
    {
        var format = batch[0].Args[2];
        var nonce = format[1..format.IndexOf("#{", StringComparison.Ordinal)];
        return string.Concat(rows.Select(r => "\u001e" + nonce + string.Join("\u001f" + nonce, r) + "\n"));
    }
}
