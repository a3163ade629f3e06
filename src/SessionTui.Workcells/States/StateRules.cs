using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SessionTui.Core;

namespace SessionTui.Workcells.States;

/// <summary>
/// One rule of a state file: when it holds, the pane is in <see cref="State"/>. A rule reads either the screen (a regex tried
/// on each of the last <see cref="Lines"/> non-empty lines, newest first, leaving out lines <see cref="Skip"/> matches) or
/// the pane's title (<c>#{pane_title}</c>). Regexes are .NET syntax, case-insensitive, matched per line.
/// </summary>
/// <param name="Id">Unique name, <c>agent.state.what</c>, shown by <c>sessiontui explain</c>.</param>
/// <param name="State">The state it decides.</param>
/// <param name="Screen">The line regex, or null for a title rule.</param>
/// <param name="Title">The title regex, or null for a screen rule.</param>
/// <param name="Lines">How many non-empty lines at the bottom of the screen are read (1–60).</param>
/// <param name="Skip">Lines to leave out (quoted tool output, diff lines, the user's own input), or null.</param>
/// <param name="Reset">Whether the matched line and the lines under it name a limit's reset time to read.</param>
public sealed record StateRule(string Id, AgentState State, Regex? Screen, Regex? Title, int Lines, Regex? Skip, bool Reset);

/// <summary>The rules of one agent kind (one file), in file order.</summary>
/// <param name="Name">The file's name without <c>.json</c> (<c>claude</c>); a user's file of the same name replaces the built-in one.</param>
/// <param name="Source">Where it was read from (<c>built-in</c> or a path).</param>
/// <param name="Rules">Its rules.</param>
public sealed record StateRuleFile(string Name, string Source, IReadOnlyList<StateRule> Rules)
{
    /// <summary>The programs this agent runs as (<c>"commands"</c>, matched exactly against <c>#{pane_current_command}</c>);
    /// empty for rules that fit any program. A pane whose program one file lists is read by that file's rules and the
    /// files that list none; the other files are skipped.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];
}

/// <summary>A rule file that cannot be used; the message names the file and the rule.</summary>
public sealed class StateRuleException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads the state rules: one JSON file per agent kind shipped in the app (<c>States/Rules/*.json</c>, embedded), each
/// replaced by a user's file of the same name in <c>$XDG_CONFIG_HOME/sessiontui/states/</c>, which may also add new kinds.
/// The format (snake_case, unknown keys are errors, comments allowed):
/// <code>
/// { "rules": [ { "id": "claude.working.spinner", "state": "working", "screen": "^\\s*[✶✻] \\S+…\\s*\\(", "lines": 8 },
///              { "id": "claude.working.title", "state": "working", "title": "[\\u2800-\\u28FF]" } ] }
/// </code>
/// </summary>
public static class StateRules
{
    private const string ResourcePrefix = "SessionTui.Workcells.States.Rules.";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The built-in files, then the user's from <paramref name="userDir"/> (replacing built-in ones by name), in
    /// name order with the user's new ones after.</summary>
    /// <param name="userDir">The user's folder, or null; a missing folder is no files.</param>
    /// <exception cref="StateRuleException">A file is not valid JSON, has unknown keys, a bad regex, state or range.</exception>
    public static IReadOnlyList<StateRuleFile> Load(string? userDir)
    {
        var files = new List<StateRuleFile>(BuiltIn());
        if (userDir is null || !Directory.Exists(userDir))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(userDir, "*.json").Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StateRuleException($"cannot read {path}: {e.Message}", e);
            }

            var file = Parse(Path.GetFileNameWithoutExtension(path), path, text);
            var at = files.FindIndex(f => f.Name == file.Name);
            if (at >= 0)
            {
                files[at] = file;
            }
            else
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>The files built into the app, by name.</summary>
    public static IReadOnlyList<StateRuleFile> BuiltIn()
    {
        var assembly = typeof(StateRules).Assembly;
        var list = new List<StateRuleFile>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var name = resource[ResourcePrefix.Length..^".json".Length];
            list.Add(Parse(name, "built-in " + name + ".json", reader.ReadToEnd()));
        }

        return list;
    }

    /// <summary>Parses one file's text.</summary>
    /// <exception cref="StateRuleException">It is not a valid rule file; the message names <paramref name="source"/>.</exception>
    public static StateRuleFile Parse(string name, string source, string json)
    {
        RuleFileJson file;
        try
        {
            file = JsonSerializer.Deserialize(json, StateRulesJson.Default.RuleFileJson) ?? throw new JsonException("the file is null");
        }
        catch (JsonException e)
        {
            throw new StateRuleException($"{source}: {e.Message}", e);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<StateRule>();
        foreach (var r in file.Rules ?? [])
        {
            var where = $"{source}: rule '{r.Id}'";
            if (string.IsNullOrWhiteSpace(r.Id) || !ids.Add(r.Id))
            {
                throw new StateRuleException($"{source}: every rule needs a unique \"id\" ('{r.Id}')");
            }

            if (r.State is null || !AgentStates.TryParse(r.State, out var state) || state is AgentState.Stuck or AgentState.Exited or AgentState.Dead)
            {
                throw new StateRuleException($"{where}: \"state\" must be one of working, waiting, idle, rate-limited, auth-failed, context-limit (stuck, exited and dead come from tmux and time)");
            }

            if ((r.Screen is null) == (r.Title is null))
            {
                throw new StateRuleException($"{where}: give exactly one of \"screen\" and \"title\"");
            }

            var lines = r.Lines ?? 15;
            if (lines is < 1 or > 60)
            {
                throw new StateRuleException($"{where}: \"lines\" must be 1 to 60");
            }

            rules.Add(new StateRule(r.Id, state, Compile(r.Screen, where), Compile(r.Title, where), lines, Compile(r.Skip, where), r.Reset ?? false));
        }

        var commands = file.Commands ?? [];
        if (commands.Any(c => string.IsNullOrWhiteSpace(c) || c.Contains('/', StringComparison.Ordinal)))
        {
            throw new StateRuleException($"{source}: \"commands\" lists program names as tmux shows them (#{{pane_current_command}}, e.g. \"claude\"), not paths or empty strings");
        }

        return new StateRuleFile(name, source, rules) { Commands = commands };
    }

    private static Regex? Compile(string? pattern, string where)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new StateRuleException($"{where}: bad regex {pattern}: {e.Message}", e);
        }
    }
}

/// <summary>A rule file as written.</summary>
internal sealed record RuleFileJson(List<RuleJson>? Rules, string? Note, List<string>? Commands);

/// <summary>A rule as written.</summary>
internal sealed record RuleJson(string Id, string? State, string? Screen, string? Title, int? Lines, string? Skip, bool? Reset, string? Note);

/// <summary>Source-generated JSON of the rule files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RuleFileJson))]
internal sealed partial class StateRulesJson : JsonSerializerContext;
