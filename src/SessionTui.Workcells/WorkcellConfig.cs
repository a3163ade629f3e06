using System.Text.Json;
using System.Text.Json.Serialization;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Workcells;

/// <summary>
/// The user's configuration file, <c>$XDG_CONFIG_HOME/sessiontui/config.json</c> (documented in the README). Every key is
/// optional; the app runs without the file. Shape:
/// <code>
/// {
///   "default_agent": "claude",
///   "agents": { "claude": { "command": ["claude", "{task}"] }, "mine": { "command": ["my-agent", "--brief", "{brief}"] } },
///   "repos": { "/home/me/src/api": { "forbidden_paths": ["secrets/**", "*.pem"], "verify": "npm test" } },
///   "verify_timeout_seconds": 600,
///   "log_max_bytes": 8388608,
///   "run_retention_days": 30,
///   "notify": { "terminal": { "osc": ["9"] }, "webhooks": [{ "url": "https://hooks.slack.com/...", "preset": "slack" }] }
/// }
/// </code>
/// User presets are added to the built-in ones (<see cref="BuiltInAgents"/>) and replace one of the same name.
/// </summary>
public sealed record WorkcellConfig
{
    /// <summary>The built-in agent presets: argv templates with <c>{task}</c>, <c>{brief}</c>, <c>{run_dir}</c>.</summary>
    public static IReadOnlyDictionary<string, AgentPreset> BuiltInAgents { get; } = new Dictionary<string, AgentPreset>(StringComparer.Ordinal)
    {
        ["claude"] = new(["claude", "{task}"]),
        ["codex"] = new(["codex", "exec", "--full-auto", "{task}"]),
        ["aider"] = new(["aider", "--yes-always", "--message", "{task}"]),
        ["gemini"] = new(["gemini", "--prompt-interactive", "{task}"]),
    };

    /// <summary>The preset used when neither <c>--agent</c> nor a command is given.</summary>
    public string DefaultAgent { get; init; } = "claude";

    /// <summary>Agent presets: built-in ones plus the user's.</summary>
    public IReadOnlyDictionary<string, AgentPreset> Agents { get; init; } = BuiltInAgents;

    /// <summary>Per-repository settings, keyed by the repository's absolute root path.</summary>
    public IReadOnlyDictionary<string, RepoSettings> Repos { get; init; } = new Dictionary<string, RepoSettings>(StringComparer.Ordinal);

    /// <summary>How long the verify command may run, in seconds; default 600.</summary>
    public int VerifyTimeoutSeconds { get; init; } = 600;

    /// <summary>Size at which <c>agent.log</c> is rotated to <c>agent.log.1</c>, in bytes; default 8 MiB (so at most 16 MiB per run).</summary>
    public long LogMaxBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>How long after a usage limit's named reset time a loop starts its next iteration, seconds
    /// (<c>loop_limit_margin_seconds</c>, default 60).</summary>
    public int LoopLimitMarginSeconds { get; init; } = 60;

    /// <summary>How long a loop waits after a usage limit whose screen names no reset time, seconds, one per wait in turn
    /// (the last repeats): <c>loop_backoff_seconds</c>, default 5, 10, 20 and 40 minutes.</summary>
    public IReadOnlyList<int> LoopBackoffSeconds { get; init; } = [300, 600, 1200, 2400];

    /// <summary>How many limit waits a loop makes before it stops as <c>stalled-on-limit</c> (<c>loop_max_waits</c>, default 6).</summary>
    public int LoopMaxWaits { get; init; } = 6;

    /// <summary>How many days after its run ended <c>sessiontui cleanup</c> keeps a run folder (<c>run_retention_days</c>,
    /// default 30, at least 1); <c>--older-than</c> replaces it for one cleanup.</summary>
    public int RunRetentionDays { get; init; } = 30;

    /// <summary>Notifications (<c>notify</c>): which events, rate limit, channels; <see cref="NotifySettings.Default"/> (no
    /// channel) without the key.</summary>
    public NotifySettings Notify { get; init; } = NotifySettings.Default;

    /// <summary>The settings of the configured repository holding <paramref name="path"/> (the longest matching root), or
    /// empty ones.</summary>
    public RepoSettings RepoFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Repos.Where(kv => string.Equals(path, kv.Key, StringComparison.Ordinal) || path.StartsWith(kv.Key + "/", StringComparison.Ordinal))
            .OrderByDescending(kv => kv.Key.Length).Select(kv => kv.Value).FirstOrDefault() ?? new RepoSettings();
    }

    /// <summary>The settings of the repository at <paramref name="repoRoot"/>, or empty ones.</summary>
    public RepoSettings RepoAt(string? repoRoot) =>
        repoRoot is not null && Repos.TryGetValue(repoRoot.TrimEnd('/'), out var settings) ? settings : new RepoSettings();

    /// <summary>
    /// Reads the file; a missing file gives the defaults.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ConfigException">It cannot be read or is not valid (one line naming the file and the problem).</exception>
    public static WorkcellConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return new WorkcellConfig();
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {path}: {e.Message}", e);
        }

        ConfigFile file;
        try
        {
            file = JsonSerializer.Deserialize(text, ConfigJsonContext.Default.ConfigFile) ?? new ConfigFile();
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: {e.Message}", e);
        }

        var agents = new Dictionary<string, AgentPreset>(BuiltInAgents, StringComparer.Ordinal);
        foreach (var (name, preset) in file.Agents ?? [])
        {
            if (preset.Command is not { Count: > 0 } command || command.Any(string.IsNullOrEmpty))
            {
                throw new ConfigException($"{path}: agent '{name}' needs a non-empty \"command\" array of non-empty strings");
            }

            agents[name] = new AgentPreset(command);
        }

        var config = new WorkcellConfig
        {
            Agents = agents,
            DefaultAgent = file.DefaultAgent ?? "claude",
            Repos = (file.Repos ?? []).ToDictionary(
                kv => kv.Key.TrimEnd('/'),
                kv => new RepoSettings { ForbiddenPaths = kv.Value.ForbiddenPaths ?? [], Verify = kv.Value.Verify },
                StringComparer.Ordinal),
            VerifyTimeoutSeconds = file.VerifyTimeoutSeconds ?? 600,
            LogMaxBytes = file.LogMaxBytes ?? 8L * 1024 * 1024,
            LoopLimitMarginSeconds = file.LoopLimitMarginSeconds ?? 60,
            LoopBackoffSeconds = file.LoopBackoffSeconds ?? [300, 600, 1200, 2400],
            LoopMaxWaits = file.LoopMaxWaits ?? 6,
            RunRetentionDays = file.RunRetentionDays ?? 30,
            Notify = file.Notify?.ToSettings(path) ?? NotifySettings.Default,
        };
        if (!agents.ContainsKey(config.DefaultAgent))
        {
            throw new ConfigException($"{path}: default_agent '{config.DefaultAgent}' is not a preset ({string.Join(", ", agents.Keys.Order(StringComparer.Ordinal))})");
        }

        if (config.VerifyTimeoutSeconds < 1 || config.LogMaxBytes < 4096)
        {
            throw new ConfigException($"{path}: verify_timeout_seconds must be at least 1 and log_max_bytes at least 4096");
        }

        if (config.LoopLimitMarginSeconds < 0 || config.LoopBackoffSeconds.Count == 0 || config.LoopBackoffSeconds.Any(s => s < 1) || config.LoopMaxWaits < 0)
        {
            throw new ConfigException($"{path}: loop_limit_margin_seconds must be at least 0, loop_backoff_seconds a non-empty list of seconds of at least 1, loop_max_waits at least 0");
        }

        if (config.RunRetentionDays < 1)
        {
            throw new ConfigException($"{path}: run_retention_days must be at least 1");
        }

        return config;
    }
}

/// <summary>An agent preset: the argv template of its command.</summary>
/// <param name="Command">argv with placeholders <c>{task}</c>, <c>{brief}</c>, <c>{run_dir}</c>.</param>
public sealed record AgentPreset(IReadOnlyList<string> Command);

/// <summary>Settings of one repository.</summary>
public sealed record RepoSettings
{
    /// <summary>Globs of paths no run may change there (added to the repository's own <c>.sessiontui/forbidden-paths</c>).</summary>
    public IReadOnlyList<string> ForbiddenPaths { get; init; } = [];

    /// <summary>A verify command used when a launch there gives none.</summary>
    public string? Verify { get; init; }
}

/// <summary>The configuration file is unreadable or invalid; the message is one line for the user.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The file's JSON shape.</summary>
internal sealed record ConfigFile
{
    public string? DefaultAgent { get; init; }

    public Dictionary<string, ConfigAgent>? Agents { get; init; }

    public Dictionary<string, ConfigRepo>? Repos { get; init; }

    public int? VerifyTimeoutSeconds { get; init; }

    public long? LogMaxBytes { get; init; }

    public int? LoopLimitMarginSeconds { get; init; }

    public List<int>? LoopBackoffSeconds { get; init; }

    public int? LoopMaxWaits { get; init; }

    public int? RunRetentionDays { get; init; }

    public ConfigNotify? Notify { get; init; }
}

/// <summary>One preset in the file.</summary>
internal sealed record ConfigAgent(List<string>? Command);

/// <summary>One repository in the file.</summary>
internal sealed record ConfigRepo(List<string>? ForbiddenPaths, string? Verify);

/// <summary>Source-generated, strict reading of the file: snake_case keys, unknown keys are errors, comments and trailing
/// commas allowed.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
