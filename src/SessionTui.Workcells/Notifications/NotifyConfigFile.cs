using SessionTui.Core;

namespace SessionTui.Workcells.Notifications;

/// <summary>The <c>"notify"</c> object's JSON shape (snake_case keys, unknown keys are errors: see <c>ConfigJsonContext</c>).</summary>
internal sealed record ConfigNotify
{
    public List<string>? Events { get; init; }

    public int? RateLimitPerMinute { get; init; }

    public bool? QuietWhileAttached { get; init; }

    public int? RetryAttempts { get; init; }

    public string? RetryFirstDelay { get; init; }

    public string? Timeout { get; init; }

    public ConfigNotifyTerminal? Terminal { get; init; }

    public ConfigNotifyTmux? Tmux { get; init; }

    public ConfigNotifyDesktop? Desktop { get; init; }

    public List<ConfigNotifyWebhook>? Webhooks { get; init; }

    public List<ConfigNotifyCommand>? Commands { get; init; }

    /// <summary>Checks the object and makes the settings.</summary>
    /// <param name="path">The config file, named in errors.</param>
    /// <exception cref="ConfigException">A value is invalid; the message names the file and the key.</exception>
    public NotifySettings ToSettings(string path)
    {
        ConfigException Invalid(string message) => new($"{path}: notify.{message}");

        var events = new HashSet<NotificationKind>();
        foreach (var word in Events ?? [.. NotificationKinds.Default.Select(NotificationKinds.Text)])
        {
            if (!NotificationKinds.TryParse(word, out var kind))
            {
                throw Invalid($"events: '{word}' is not one of {NotificationKinds.WordList}");
            }

            events.Add(kind);
        }

        var settings = new NotifySettings
        {
            Events = events,
            RateLimitPerMinute = RateLimitPerMinute ?? NotifySettings.Default.RateLimitPerMinute,
            QuietWhileAttached = QuietWhileAttached ?? NotifySettings.Default.QuietWhileAttached,
            RetryAttempts = RetryAttempts ?? NotifySettings.Default.RetryAttempts,
            RetryFirstDelay = Duration(RetryFirstDelay, "retry_first_delay", NotifySettings.Default.RetryFirstDelay),
            Timeout = Duration(Timeout, "timeout", NotifySettings.Default.Timeout),
            Terminal = Terminal?.ToOptions(Invalid),
            Tmux = Tmux is null ? null : new TmuxMessageOptions { Display = Duration(Tmux.Display, "tmux.display", new TmuxMessageOptions().Display, allowZero: true) },
            Desktop = Desktop is null ? null : new DesktopOptions(),
            Webhooks = [.. (Webhooks ?? []).Select((w, i) => w.ToOptions(i, Invalid))],
            Commands = [.. (Commands ?? []).Select((c, i) => c.ToOptions(i, Invalid))],
        };
        if (settings.RateLimitPerMinute < 1)
        {
            throw Invalid("rate_limit_per_minute must be at least 1");
        }

        if (settings.RetryAttempts is < 0 or > 10)
        {
            throw Invalid("retry_attempts must be from 0 to 10");
        }

        return settings;

        TimeSpan Duration(string? text, string key, TimeSpan fallback, bool allowZero = false)
        {
            if (text is null)
            {
                return fallback;
            }

            if (!Durations.TryParse(text, out var duration) || (duration == TimeSpan.Zero && !allowZero) || duration > TimeSpan.FromDays(1))
            {
                throw Invalid($"{key}: '{text}' is not a duration{(allowZero ? "" : " above zero")} of at most 1d (e.g. 500ms, 10s, 2m)");
            }

            return duration;
        }
    }
}

/// <summary><c>notify.terminal</c>.</summary>
internal sealed record ConfigNotifyTerminal
{
    public List<string>? Osc { get; init; }

    public bool? Bell { get; init; }

    public TerminalOptions ToOptions(Func<string, ConfigException> invalid)
    {
        var osc = new List<TerminalOsc>();
        foreach (var name in Osc ?? ["9"])
        {
            var kind = name switch
            {
                "9" => TerminalOsc.Osc9,
                "777" => TerminalOsc.Osc777,
                _ => throw invalid($"terminal.osc: '{name}' is not \"9\" or \"777\""),
            };
            if (osc.Contains(kind))
            {
                throw invalid($"terminal.osc: \"{name}\" is listed twice");
            }

            osc.Add(kind);
        }

        var options = new TerminalOptions { Osc = osc, Bell = Bell ?? false };
        return options.Osc.Count == 0 && !options.Bell
            ? throw invalid("terminal: with no osc and no bell the terminal channel would write nothing")
            : options;
    }
}

/// <summary><c>notify.tmux</c>.</summary>
internal sealed record ConfigNotifyTmux
{
    public string? Display { get; init; }
}

/// <summary><c>notify.desktop</c>: no keys.</summary>
internal sealed record ConfigNotifyDesktop;

/// <summary>One of <c>notify.webhooks</c>.</summary>
internal sealed record ConfigNotifyWebhook
{
    public string? Url { get; init; }

    public string? Preset { get; init; }

    public string? ChatId { get; init; }

    public Dictionary<string, string?>? Headers { get; init; }

    public WebhookOptions ToOptions(int index, Func<string, ConfigException> invalid)
    {
        var key = $"webhooks[{index}]";
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw invalid($"{key}.url must be an absolute http or https URL");
        }

        var preset = Preset switch
        {
            null or "json" => WebhookPreset.Json,
            "slack" => WebhookPreset.Slack,
            "telegram" => WebhookPreset.Telegram,
            _ => throw invalid($"{key}.preset: '{Preset}' is not json, slack or telegram"),
        };
        if ((preset == WebhookPreset.Telegram) != !string.IsNullOrEmpty(ChatId))
        {
            throw invalid(preset == WebhookPreset.Telegram ? $"{key}: the telegram preset needs \"chat_id\"" : $"{key}.chat_id is only for the telegram preset");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Headers ?? [])
        {
            if (name.Length == 0 || !name.All(c => c is > ' ' and < '\u007f' and not ':') || value is null || value.Any(char.IsControl))
            {
                throw invalid($"{key}.headers: '{name}' needs a token name and a string value without control characters");
            }

            headers[name] = value;
        }

        return new WebhookOptions(url, preset) { ChatId = preset == WebhookPreset.Telegram ? ChatId : null, Headers = headers };
    }
}

/// <summary>One of <c>notify.commands</c>.</summary>
internal sealed record ConfigNotifyCommand
{
    public List<string>? Argv { get; init; }

    public CommandOptions ToOptions(int index, Func<string, ConfigException> invalid) =>
        Argv is { Count: > 0 } argv && argv.All(a => !string.IsNullOrEmpty(a) && !a.Contains('\0', StringComparison.Ordinal))
            ? new CommandOptions([.. argv])
            : throw invalid($"commands[{index}] needs a non-empty \"argv\" array of non-empty strings");
}
