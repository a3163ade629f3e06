using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Notifications;

/// <summary>What the channels need from the app.</summary>
/// <param name="Runner">Runs <c>notify-send</c> and commands.</param>
/// <param name="Tmux">Reaches tmux clients and turns passthrough on.</param>
/// <param name="Servers">The servers whose attached clients the tmux channel tells.</param>
/// <param name="Http">Posts webhooks (owned by the caller, infinite timeout).</param>
/// <param name="Log">Receives channel log lines.</param>
public sealed record ChannelDependencies(IProcessRunner Runner, TmuxClient Tmux, IReadOnlyList<ServerRef> Servers, HttpClient Http, Action<string> Log)
{
    /// <summary>The terminal the terminal channel writes to; null when there is none.</summary>
    public Stream? Terminal { get; init; }

    /// <summary>Whether that terminal is a tmux pane (<see cref="TerminalHost.FromEnvironment"/>).</summary>
    public TerminalHost TerminalHost { get; init; } = TerminalHost.Plain;
}

/// <summary>Makes the enabled channels of the settings.</summary>
public static class NotificationChannels
{
    /// <summary>One channel per enabled key, in this order: <c>terminal</c>, <c>tmux</c>, <c>desktop</c>, <c>webhook-1</c>...,
    /// <c>command-1</c>....</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="deps">What the channels use.</param>
    public static IReadOnlyList<INotificationChannel> Create(NotifySettings settings, ChannelDependencies deps)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(deps);
        var channels = new List<INotificationChannel>();
        if (settings.Terminal is { } terminal)
        {
            channels.Add(new TerminalChannel(terminal, deps.Terminal, deps.TerminalHost, deps.Tmux, deps.Log));
        }

        if (settings.Tmux is { } tmux)
        {
            channels.Add(new TmuxChannel(tmux, deps.Tmux, deps.Servers));
        }

        if (settings.Desktop is not null)
        {
            channels.Add(new DesktopChannel(deps.Runner));
        }

        channels.AddRange(settings.Webhooks.Select((w, i) => new WebhookChannel(w, deps.Http, i + 1)));
        channels.AddRange(settings.Commands.Select((c, i) => new CommandChannel(c, deps.Runner, i + 1)));
        return channels;
    }

    /// <summary>The channels a <c>--channel</c> value names: the one of that name, or every channel of that type
    /// (<c>webhook</c> names <c>webhook-1</c>, <c>webhook-2</c>...).</summary>
    public static IReadOnlyList<INotificationChannel> Select(IReadOnlyList<INotificationChannel> channels, string name)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(name);
        return [.. channels.Where(c => c.Name == name || c.Name.StartsWith(name + "-", StringComparison.Ordinal))];
    }
}
