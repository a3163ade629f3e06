using System.Globalization;
using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// A <c>command-N</c> channel: runs a program (argv, no shell) per notification with the event in environment variables
/// (<see cref="Environment"/>) and as the JSON of <see cref="NotificationJson.Event"/> plus a newline on stdin. A non-zero exit
/// is a failure (so retried); a program that is not found is <see cref="ChannelUnavailableException"/>. The program is killed
/// when the send times out.
/// </summary>
public sealed class CommandChannel : INotificationChannel
{
    private readonly CommandOptions _options;
    private readonly IProcessRunner _runner;

    /// <summary>Creates the channel.</summary>
    /// <param name="options">The argv.</param>
    /// <param name="runner">Runs it.</param>
    /// <param name="number">The channel's number: its name is <c>command-NUMBER</c>.</param>
    public CommandChannel(CommandOptions options, IProcessRunner runner, int number)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        if (options.Argv.Count == 0)
        {
            throw new ArgumentException("a command needs a program", nameof(options));
        }

        _options = options;
        _runner = runner;
        Name = "command-" + number.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>
    /// The variables set for the program: <c>SESSIONTUI_EVENT_KIND</c>, <c>_SESSION</c>, <c>_SESSION_ID</c>, <c>_SERVER</c>,
    /// <c>_STATE</c>, <c>_REASON</c>, <c>_TITLE</c>, <c>_BODY</c>, <c>_AT</c> (UTC ISO 8601 Z), <c>_ATTACHED</c> (<c>0</c> or
    /// <c>1</c>), <c>_RESETS_AT</c>, <c>_RUN_ID</c>, <c>_EXIT_STATUS</c> (each prefixed <c>SESSIONTUI_EVENT</c>). Every one is set,
    /// empty when unknown; text is <see cref="NotificationText.Clean"/>ed as in the JSON.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Environment(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["SESSIONTUI_EVENT_KIND"] = NotificationKinds.Text(e.Kind),
            ["SESSIONTUI_EVENT_SESSION"] = NotificationText.Clean(e.Session),
            ["SESSIONTUI_EVENT_SESSION_ID"] = NotificationText.Clean(e.SessionId),
            ["SESSIONTUI_EVENT_SERVER"] = NotificationText.Clean(e.Server),
            ["SESSIONTUI_EVENT_STATE"] = NotificationText.Clean(e.State),
            ["SESSIONTUI_EVENT_REASON"] = NotificationText.Clean(e.Reason),
            ["SESSIONTUI_EVENT_TITLE"] = NotificationText.Clean(e.Title),
            ["SESSIONTUI_EVENT_BODY"] = NotificationText.Clean(e.Body),
            ["SESSIONTUI_EVENT_AT"] = NotificationJson.Time(e.At),
            ["SESSIONTUI_EVENT_ATTACHED"] = e.Attached ? "1" : "0",
            ["SESSIONTUI_EVENT_RESETS_AT"] = e.ResetsAt is { } r ? NotificationJson.Time(r) : "",
            ["SESSIONTUI_EVENT_RUN_ID"] = NotificationText.Clean(e.RunId),
            ["SESSIONTUI_EVENT_EXIT_STATUS"] = e.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <inheritdoc />
    /// <exception cref="NotificationDeliveryException">The program exited non-zero.</exception>
    public async Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        var program = _options.Argv[0];
        var spec = new ProcessSpec(program, [.. _options.Argv.Skip(1)])
        {
            Timeout = Timeout.InfiniteTimeSpan,
            Environment = Environment(e),
            StandardInput = System.Text.Encoding.UTF8.GetBytes(NotificationJson.EventText(e) + "\n"),
        };
        ProcessResult result;
        try
        {
            result = await _runner.RunAsync(spec, ct).ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException x)
        {
            throw new ChannelUnavailableException($"{program} not found", x);
        }

        if (result.ExitCode != 0)
        {
            throw new NotificationDeliveryException($"{Path.GetFileName(program)} exited with {result.ExitCode.ToString(CultureInfo.InvariantCulture)}: {OneLine.Of(result.StandardError, "no message")}");
        }
    }
}
