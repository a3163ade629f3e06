using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The <c>desktop</c> channel: a popup on this machine's desktop through <c>notify-send</c> (libnotify):
/// <c>notify-send --app-name SessionTui --urgency critical|normal -- TITLE [BODY]</c>, critical for
/// <see cref="NotificationKind.AuthFailed"/> and <see cref="NotificationKind.RateLimited"/>. The <c>--</c> keeps a title that
/// starts with <c>-</c> from being read as an option; the body's <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> are escaped because
/// notification servers may read the body as markup (Desktop Notifications Specification, "Markup"). Without
/// <c>notify-send</c> on <c>PATH</c> every send fails with <see cref="ChannelUnavailableException"/> (logged once).
/// </summary>
public sealed class DesktopChannel : INotificationChannel
{
    private readonly IProcessRunner _runner;
    private readonly string _program;

    /// <summary>Creates the channel.</summary>
    /// <param name="runner">Runs <c>notify-send</c>.</param>
    /// <param name="program">The program; <c>notify-send</c> on <c>PATH</c> by default.</param>
    public DesktopChannel(IProcessRunner runner, string program = "notify-send")
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrEmpty(program);
        _runner = runner;
        _program = program;
    }

    /// <inheritdoc />
    public string Name => "desktop";

    /// <summary>The argv after the program for <paramref name="e"/>.</summary>
    public static IReadOnlyList<string> Arguments(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var urgency = e.Kind is NotificationKind.AuthFailed or NotificationKind.RateLimited ? "critical" : "normal";
        var title = NotificationText.Cap(NotificationText.Clean(e.Title), TerminalNotification.MaxTitle);
        var body = NotificationText.Cap(NotificationText.Clean(e.Body), TerminalNotification.MaxBody)
            .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        List<string> argv = ["--app-name", "SessionTui", "--urgency", urgency, "--", title.Length == 0 ? "SessionTui" : title];
        if (body.Length > 0)
        {
            argv.Add(body);
        }

        return argv;
    }

    /// <inheritdoc />
    /// <exception cref="NotificationDeliveryException"><c>notify-send</c> exited non-zero (e.g. no D-Bus session).</exception>
    public async Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        ProcessResult result;
        try
        {
            result = await _runner.RunAsync(new ProcessSpec(_program, Arguments(e)) { Timeout = Timeout.InfiniteTimeSpan }, ct).ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException x)
        {
            throw new ChannelUnavailableException($"{_program} not found on PATH (it comes with libnotify, e.g. apt-get install libnotify-bin)", x);
        }

        if (result.ExitCode != 0)
        {
            throw new NotificationDeliveryException($"{Path.GetFileName(_program)} exited with {result.ExitCode}: {OneLine.Of(result.StandardError, "no message")}");
        }
    }
}
