using SessionTui.Core;

namespace SessionTui.Storage;

/// <summary>The watchdog's agent-state transitions (migration <c>0004_transitions.sql</c>).</summary>
public sealed partial class SqliteHistoryStore : ITransitionLog
{
    /// <inheritdoc />
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    public void SaveTransition(StateTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        Write(transaction =>
        {
            using var command = Command(transaction, """
                INSERT INTO transitions (at_utc, socket, server_pid, session_id, name, from_state, to_state, rule, detail, resets_utc, exit_status)
                VALUES ($at, $socket, $pid, $session, $name, $from, $to, $rule, $detail, $resets, $exit)
                """);
            command.Parameters.AddWithValue("$at", StoredValues.Utc(transition.At));
            command.Parameters.AddWithValue("$socket", transition.Socket);
            command.Parameters.AddWithValue("$pid", transition.ServerPid);
            command.Parameters.AddWithValue("$session", transition.SessionId);
            command.Parameters.AddWithValue("$name", transition.Name);
            command.Parameters.AddWithValue("$from", transition.From is { } f ? AgentStates.Text(f) : DBNull.Value);
            command.Parameters.AddWithValue("$to", AgentStates.Text(transition.To));
            command.Parameters.AddWithValue("$rule", transition.Rule);
            command.Parameters.AddWithValue("$detail", transition.Detail);
            command.Parameters.AddWithValue("$resets", transition.ResetsAt is { } r ? StoredValues.Utc(r) : DBNull.Value);
            command.Parameters.AddWithValue("$exit", transition.ExitStatus is { } x ? x : DBNull.Value);
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    /// <exception cref="HistoryStoreException">The database cannot be read, or a row holds an unknown state or time.</exception>
    public IReadOnlyList<StateTransition> ListTransitions(int limit) => Read(() =>
    {
        using var command = Command(null, Columns + " ORDER BY at_utc DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit);
        return Transitions(command);
    });

    /// <inheritdoc />
    /// <exception cref="HistoryStoreException">The database cannot be read, or the row holds an unknown state or time.</exception>
    public StateTransition? LastTransition(string socket, int serverPid, string sessionId) => Read(() =>
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(sessionId);
        using var command = Command(null, Columns + """
             WHERE socket = $socket AND session_id = $session AND ($pid = 0 OR server_pid = 0 OR server_pid = $pid)
             ORDER BY at_utc DESC, id DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("$socket", socket);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$pid", serverPid);
        return Transitions(command).FirstOrDefault();
    });

    private const string Columns = """
        SELECT at_utc, socket, server_pid, session_id, name, from_state, to_state, rule, detail, resets_utc, exit_status
        FROM transitions
        """;

    private List<StateTransition> Transitions(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<StateTransition>();
        while (reader.Read())
        {
            list.Add(new StateTransition(
                Time(reader.GetString(0)),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : State(reader.GetString(5)),
                State(reader.GetString(6)),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : Time(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetInt32(10)));
        }

        return list;
    }

    private AgentState State(string text) => AgentStates.TryParse(text, out var s)
        ? s
        : throw new HistoryStoreException($"cannot read history database {Path}: a transition has the unknown state '{text}'");

    private DateTimeOffset Time(string text) => StoredValues.TryParseUtc(text, out var t)
        ? t
        : throw new HistoryStoreException($"cannot read history database {Path}: a transition has the unreadable time '{text}'");
}
