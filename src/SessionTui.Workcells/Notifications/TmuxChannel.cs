using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The <c>tmux</c> channel: a message on the status line of every person's client attached to the given servers
/// (<see cref="TmuxClient.ListAttachedClientsAsync"/>, control-mode clients skipped, then
/// <see cref="TmuxClient.DisplayMessageAsync"/>: <c>display-message -c CLIENT -d MS TEXT</c>). TEXT is the cleaned title, and
/// <c>": "</c> and the cleaned body when there is one, cut to <see cref="MaxText"/> text elements. A server that is not running
/// is skipped; no client anywhere is a success (there is nobody to tell).
/// </summary>
public sealed class TmuxChannel : INotificationChannel
{
    /// <summary>The most text elements of a message.</summary>
    public const int MaxText = 200;

    private readonly TmuxMessageOptions _options;
    private readonly TmuxClient _tmux;
    private readonly IReadOnlyList<ServerRef> _servers;

    /// <summary>Creates the channel.</summary>
    /// <param name="options">How long messages show.</param>
    /// <param name="tmux">The tmux client.</param>
    /// <param name="servers">The servers whose clients hear it (the watched servers).</param>
    public TmuxChannel(TmuxMessageOptions options, TmuxClient tmux, IReadOnlyList<ServerRef> servers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tmux);
        ArgumentNullException.ThrowIfNull(servers);
        _options = options;
        _tmux = tmux;
        _servers = [.. servers];
    }

    /// <inheritdoc />
    public string Name => "tmux";

    /// <summary>The status-line text of <paramref name="e"/>.</summary>
    public static string Text(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var title = NotificationText.Clean(e.Title);
        var body = NotificationText.Clean(e.Body);
        return NotificationText.Cap(body.Length == 0 ? title : title + ": " + body, MaxText);
    }

    /// <inheritdoc />
    /// <exception cref="NotificationDeliveryException">Some client could not be shown the message, or a server failed.</exception>
    public async Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        var text = Text(e);
        var errors = new List<string>();
        foreach (var server in _servers)
        {
            try
            {
                var clients = await _tmux.ListAttachedClientsAsync(server, ct).ConfigureAwait(false);
                var people = clients.Where(c => !c.ControlMode).Select(c => c.Name).ToArray();
                if (people.Length > 0)
                {
                    errors.AddRange((await _tmux.DisplayMessageAsync(server, people, _options.Display, text, ct).ConfigureAwait(false))
                        .Select(error => server.Label + ": " + error));
                }
            }
            catch (TmuxServerUnavailableException)
            {
                // Nobody is attached to a server that does not run.
            }
            catch (TmuxCommandException x)
            {
                errors.Add(server.Label + ": " + OneLine.Of(x));
            }
        }

        if (errors.Count > 0)
        {
            throw new NotificationDeliveryException(string.Join("; ", errors));
        }
    }
}
