using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SessionTui.Core;

namespace SessionTui.Cli;

/// <summary>Stable JSON shapes of <c>sessiontui list --json</c> and <c>sessiontui history --json</c> (documented in the
/// README). Times are UTC ISO 8601 with a <c>Z</c>. Serialized through the source-generated
/// <see cref="JsonModelContext"/>: no reflection, safe for trimming and Native AOT.</summary>
public static class JsonModel
{
    private static readonly JsonModelContext Context = CreateContext();

    /// <summary>camelCase, indented, nulls kept, enums as kebab-case strings, non-ASCII text unescaped (JavaScript's
    /// relaxed escaping: only what JSON requires, plus characters outside the Basic Multilingual Plane, is escaped).
    /// Read-only; its <see cref="JsonSerializerOptions.TypeInfoResolver"/> is the source-generated
    /// <see cref="JsonModelContext"/>, so it serializes the output types of this class only.</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>Serializes the output of <c>list --json</c> with <see cref="Options"/> (no trailing newline).</summary>
    public static string Serialize(ListOutput output) => JsonSerializer.Serialize(output, Context.ListOutput);

    /// <summary>Serializes the output of <c>history --json</c> with <see cref="Options"/> (no trailing newline).</summary>
    public static string Serialize(IReadOnlyList<HistoryJson> rows) => JsonSerializer.Serialize(rows, Context.IReadOnlyListHistoryJson);

    /// <summary>Serializes the output of <c>history show --json</c>.</summary>
    public static string Serialize(HistoryShowJson output) => JsonSerializer.Serialize(output, Context.HistoryShowJson);

    /// <summary>Output of <c>history show ID --json</c>: the row and its last screen (SGR escapes kept), null when none.</summary>
    public sealed record HistoryShowJson(HistoryJson Session, string? LastScreen);

    /// <summary>Output of <c>list --json</c>.</summary>
    /// <param name="Servers">Every watched server.</param>
    /// <param name="Sessions">Every session.</param>
    /// <param name="Missing">Workcell runs recorded as running whose session is not on its server (which answered).</param>
    public sealed record ListOutput(IReadOnlyList<ServerJson> Servers, IReadOnlyList<SessionJson> Sessions, IReadOnlyList<MissingJson> Missing);

    /// <summary>A run recorded as running whose session is gone: health <c>missing</c> (the reconciler ends it as
    /// vanished the next time the wall or <c>runs</c> looks).</summary>
    /// <param name="Run">Run id.</param>
    /// <param name="Name">Session name it was launched as.</param>
    /// <param name="Server">Server label.</param>
    /// <param name="Socket">Server socket path.</param>
    /// <param name="Id">tmux session id it had.</param>
    public sealed record MissingJson(string Run, string Name, string Server, string Socket, string? Id)
    {
        /// <summary>Always <c>missing</c>.</summary>
        public string Health => "missing";
    }

    /// <summary>One watched server.</summary>
    /// <param name="Server">Label: <c>default</c>, the <c>-L</c> name or the <c>-S</c> path.</param>
    /// <param name="Socket">Socket path.</param>
    /// <param name="Running">Whether it answered.</param>
    /// <param name="Error">Why not, when it did not.</param>
    public sealed record ServerJson(string Server, string Socket, bool Running, string? Error)
    {
        /// <summary><c>alive</c> when it answered, <c>server</c> when it did not (the registry's health words).</summary>
        public string Health => Running ? "alive" : "server";
    }

    /// <summary>One session.</summary>
    /// <param name="Server">Server label.</param>
    /// <param name="Socket">Server socket path.</param>
    /// <param name="Id">tmux session id (<c>$N</c>).</param>
    /// <param name="Name">Session name.</param>
    /// <param name="State">The agent state: working, waiting, idle, rate-limited, auth-failed, context-limit, stuck, exited, dead
    /// (the watchdog's rules; see <c>sessiontui explain</c>).</param>
    /// <param name="ExitStatus">Exit status when exited.</param>
    /// <param name="Attached">Real clients attached.</param>
    /// <param name="Windows">Window count.</param>
    /// <param name="Created">Creation time, UTC.</param>
    /// <param name="LastActivity">Last output, UTC.</param>
    /// <param name="Pane">Active pane.</param>
    /// <param name="Reason">The rule that decided the state (e.g. <c>claude.waiting.permission</c>, <c>tmux.exited</c>,
    /// <c>freshness.quiet</c>).</param>
    /// <param name="ResetsAt">A rate limit's reset time, UTC, when the screen names one.</param>
    /// <param name="Health"><c>alive</c> (its pane's process runs), <c>dead</c> (the process ended; the pane is kept), or
    /// <c>zombie</c> (tmux shows the pane alive but its process is gone or a zombie).</param>
    public sealed record SessionJson(string Server, string Socket, string Id, string Name, AgentState State, int? ExitStatus, int Attached, int Windows, DateTime Created, DateTime LastActivity, PaneJson Pane, string Reason, DateTime? ResetsAt, string Health);

    /// <summary>The active pane of a session.</summary>
    /// <param name="Id">tmux pane id (<c>%N</c>).</param>
    /// <param name="Pid">Pane process id.</param>
    /// <param name="Command">Current command.</param>
    /// <param name="Path">Working directory.</param>
    public sealed record PaneJson(string Id, int Pid, string Command, string Path);

    /// <summary>One history row.</summary>
    /// <param name="Id">Row id.</param>
    /// <param name="Server">Server label.</param>
    /// <param name="Socket">Socket path.</param>
    /// <param name="SessionId">tmux session id at the time.</param>
    /// <param name="Name">Session name.</param>
    /// <param name="Created">Created, UTC.</param>
    /// <param name="FirstSeen">First seen, UTC.</param>
    /// <param name="LastSeen">Last seen, UTC.</param>
    /// <param name="Command">Pane command.</param>
    /// <param name="Path">Pane working directory.</param>
    /// <param name="End">killed-from-wall, killed-from-cli, exited, vanished, or null while alive.</param>
    /// <param name="ExitStatus">Exit status.</param>
    /// <param name="Ended">When it ended, UTC.</param>
    /// <param name="HasScreen">Whether a last screen is stored.</param>
    public sealed record HistoryJson(long Id, string Server, string Socket, string SessionId, string Name, DateTime Created, DateTime FirstSeen, DateTime LastSeen, string? Command, string? Path, EndReason? End, int? ExitStatus, DateTime? Ended, bool HasScreen);

    /// <summary>Maps a card.</summary>
    /// <param name="c">The card.</param>
    /// <param name="s">Its session.</param>
    /// <param name="health">Its health word (see <see cref="SessionJson.Health"/>).</param>
    public static SessionJson Of(Card c, SessionInfo s, string health) => new(
        c.Server.Label, c.Server.SocketPath, c.SessionId, c.Name, c.State, s.ActivePane.DeadStatus, c.AttachedClients, s.WindowCount,
        c.Created.UtcDateTime, c.LastActivity.UtcDateTime, new PaneJson(c.PaneId, c.Pid, c.Command, c.Path),
        c.Verdict?.Rule ?? "", c.Verdict?.ResetsAt?.UtcDateTime, health);

    /// <summary>Maps a history row.</summary>
    public static HistoryJson Of(HistoryEntry e) => new(
        e.Id, e.Server, e.SocketPath, e.SessionId, e.Name, e.Created.UtcDateTime, e.FirstSeen.UtcDateTime, e.LastSeen.UtcDateTime,
        e.Command, e.Path, e.EndReason, e.ExitStatus, e.Ended?.UtcDateTime, e.HasScreen);

    private static JsonModelContext CreateContext()
    {
        var context = new JsonModelContext(new JsonSerializerOptions(JsonModelContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        context.Options.MakeReadOnly();
        return context;
    }
}

/// <summary>The System.Text.Json source generator's metadata for <see cref="JsonModel"/>'s output: camelCase property
/// names, indented, nulls written, <see cref="AgentState"/> and <see cref="EndReason"/> as kebab-case strings. Use it
/// through <see cref="JsonModel.Options"/>, which adds the relaxed encoder.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(KebabCaseEnumConverter<AgentState>), typeof(KebabCaseEnumConverter<EndReason>)])]
[JsonSerializable(typeof(JsonModel.ListOutput))]
[JsonSerializable(typeof(IReadOnlyList<JsonModel.HistoryJson>))]
[JsonSerializable(typeof(JsonModel.HistoryShowJson))]
internal sealed partial class JsonModelContext : JsonSerializerContext;

/// <summary>Writes and reads <typeparamref name="TEnum"/> as kebab-case strings (<c>KilledFromCli</c> is
/// <c>killed-from-cli</c>); integers are accepted when reading. Safe for Native AOT, unlike the non-generic
/// <see cref="JsonStringEnumConverter"/>.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower)
    where TEnum : struct, Enum;
