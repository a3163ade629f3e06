using System.Text.Json;
using Microsoft.Data.Sqlite;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Storage;

/// <summary>Runs and handoffs (migration <c>0002_runs.sql</c>): each run's whole record as <see cref="RunJson"/> in
/// <c>record_json</c>, with the columns lookups filter on beside it.</summary>
public sealed partial class SqliteHistoryStore
{
    private const string SaveRunSql = """
        INSERT INTO runs (run_id, session_id, name, socket_path, server_pid, tmux_session_id, parent_run_id, state, started_utc, ended_utc, record_json, is_loop)
        VALUES ($run, (SELECT id FROM sessions WHERE socket_path = $socket AND server_pid = $pid AND tmux_session_id = $sid ORDER BY id DESC LIMIT 1),
                $name, $socket, $pid, $sid, $parent, $state, $started, $ended, $json, $loop)
        ON CONFLICT (run_id) DO UPDATE SET
            session_id = coalesce(excluded.session_id, runs.session_id),
            name = excluded.name,
            server_pid = excluded.server_pid,
            tmux_session_id = excluded.tmux_session_id,
            state = excluded.state,
            ended_utc = excluded.ended_utc,
            record_json = excluded.record_json,
            is_loop = excluded.is_loop
        """;

    /// <summary>Inserts or replaces a run in one <c>BEGIN IMMEDIATE</c> transaction, linking it to its <c>sessions</c> row
    /// when that session has been recorded.</summary>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    public void SaveRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Write(transaction =>
        {
            using var command = Command(transaction, SaveRunSql);
            command.Parameters.AddWithValue("$run", run.RunId);
            command.Parameters.AddWithValue("$name", run.Name);
            command.Parameters.AddWithValue("$socket", run.Socket);
            command.Parameters.AddWithValue("$pid", run.ServerPid);
            command.Parameters.AddWithValue("$sid", (object?)run.SessionId ?? DBNull.Value);
            command.Parameters.AddWithValue("$parent", (object?)run.ParentRunId ?? DBNull.Value);
            command.Parameters.AddWithValue("$state", RunStates.Text(run.State));
            command.Parameters.AddWithValue("$started", StoredValues.Utc(run.Started));
            command.Parameters.AddWithValue("$ended", run.Ended is { } e ? StoredValues.Utc(e) : DBNull.Value);
            command.Parameters.AddWithValue("$json", RunJson.Serialize(run));
            command.Parameters.AddWithValue("$loop", run.Loop is null ? 0 : 1);
            command.ExecuteNonQuery();
        });
    }

    /// <summary>Removes a run and its handoff.</summary>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    public void DeleteRun(string runId) => Write(transaction =>
    {
        using var command = Command(transaction, "DELETE FROM runs WHERE run_id = $run");
        command.Parameters.AddWithValue("$run", runId);
        command.ExecuteNonQuery();
    });

    /// <summary>The run with this exact id, else the latest run of that exact session name that is not a pipeline's stage
    /// (a stage's record has <c>loop.stage</c>); null when none.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public RunRecord? FindRun(string runIdOrName)
    {
        ArgumentNullException.ThrowIfNull(runIdOrName);
        return Read(() =>
        {
            using var command = Command(null, """
                SELECT record_json FROM runs WHERE run_id = $key
                UNION ALL
                SELECT * FROM (SELECT record_json FROM runs WHERE name = $key AND json_extract(record_json, '$.loop.stage') IS NULL ORDER BY started_utc DESC, id DESC LIMIT 1)
                LIMIT 1
                """);
            command.Parameters.AddWithValue("$key", runIdOrName);
            return command.ExecuteScalar() is string json ? Record(json) : null;
        });
    }

    /// <summary>Runs newest first, at most <paramref name="limit"/>, only those in <paramref name="state"/> when given.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public IReadOnlyList<RunRecord> ListRuns(int limit, RunState? state = null) => Runs(
        state is null
            ? "SELECT record_json FROM runs ORDER BY started_utc DESC, id DESC LIMIT $limit"
            : "SELECT record_json FROM runs WHERE state = $state ORDER BY started_utc DESC, id DESC LIMIT $limit",
        c =>
        {
            c.Parameters.AddWithValue("$limit", limit);
            if (state is { } s)
            {
                c.Parameters.AddWithValue("$state", RunStates.Text(s));
            }
        });

    /// <summary>Runs in <c>starting</c>, <c>running</c> or <c>verifying</c>, oldest first.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public IReadOnlyList<RunRecord> ActiveRuns() => Runs(
        "SELECT record_json FROM runs WHERE state IN ('starting', 'running', 'verifying') ORDER BY started_utc, id", _ => { });

    /// <summary>Runs resumed from <paramref name="runId"/>, oldest first.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public IReadOnlyList<RunRecord> ChildRuns(string runId) => Runs(
        "SELECT record_json FROM runs WHERE parent_run_id = $run ORDER BY started_utc, id",
        c => c.Parameters.AddWithValue("$run", runId));

    /// <summary>Records a run's handoff, replacing an earlier one of that run; a run not in the database is skipped.</summary>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    public void SaveHandoff(string runId, DateTimeOffset at, string content) => Write(transaction =>
    {
        using var command = Command(transaction, """
            INSERT INTO handoffs (run_id, created_utc, content)
            SELECT id, $at, $content FROM runs WHERE run_id = $run
            ON CONFLICT (run_id) DO UPDATE SET created_utc = excluded.created_utc, content = excluded.content
            """);
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$at", StoredValues.Utc(at));
        command.Parameters.AddWithValue("$content", content);
        command.ExecuteNonQuery();
    });

    /// <summary>The recorded handoff of a run, or null.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    public string? LoadHandoff(string runId) => Read(() =>
    {
        using var command = Command(null, "SELECT h.content FROM handoffs h JOIN runs r ON r.id = h.run_id WHERE r.run_id = $run");
        command.Parameters.AddWithValue("$run", runId);
        return command.ExecuteScalar() as string;
    });

    /// <summary>Inserts or replaces an iteration (key: run, stage, number); one of a run not in the database is skipped.</summary>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    public void SaveIteration(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        Write(transaction =>
        {
            using var command = Command(transaction, """
                INSERT INTO iterations (run_id, stage, number, state, started_utc, ended_utc, record_json)
                SELECT id, $stage, $number, $state, $started, $ended, $json FROM runs WHERE run_id = $run
                ON CONFLICT (run_id, stage, number) DO UPDATE SET
                    state = excluded.state, started_utc = excluded.started_utc, ended_utc = excluded.ended_utc, record_json = excluded.record_json
                """);
            command.Parameters.AddWithValue("$run", iteration.RunId);
            command.Parameters.AddWithValue("$stage", iteration.Stage);
            command.Parameters.AddWithValue("$number", iteration.Number);
            command.Parameters.AddWithValue("$state", RunStates.Text(iteration.State));
            command.Parameters.AddWithValue("$started", StoredValues.Utc(iteration.Started));
            command.Parameters.AddWithValue("$ended", iteration.Ended is { } e ? StoredValues.Utc(e) : DBNull.Value);
            command.Parameters.AddWithValue("$json", RunJson.Serialize(iteration));
            command.ExecuteNonQuery();
        });
    }

    /// <summary>The iterations of a run, by stage then number.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public IReadOnlyList<IterationRecord> ListIterations(string runId) => Read(() =>
    {
        using var command = Command(null, """
            SELECT i.record_json FROM iterations i JOIN runs r ON r.id = i.run_id
            WHERE r.run_id = $run ORDER BY i.stage, i.number
            """);
        command.Parameters.AddWithValue("$run", runId);
        using var reader = command.ExecuteReader();
        var iterations = new List<IterationRecord>();
        while (reader.Read())
        {
            try
            {
                iterations.Add(RunJson.DeserializeIteration(reader.GetString(0)));
            }
            catch (JsonException e)
            {
                throw new HistoryStoreException($"cannot read history database {Path}: an iteration record is unreadable ({e.Message})", e);
            }
        }

        return iterations;
    });

    /// <summary>Loop runs newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="HistoryStoreException">The database cannot be read, or a stored record is unreadable.</exception>
    public IReadOnlyList<RunRecord> ListLoops(int limit) => Runs(
        "SELECT record_json FROM runs WHERE is_loop = 1 ORDER BY started_utc DESC, id DESC LIMIT $limit",
        c => c.Parameters.AddWithValue("$limit", limit));

    private List<RunRecord> Runs(string sql, Action<SqliteCommand> bind) => Read(() =>
    {
        using var command = Command(null, sql);
        bind(command);
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(Record(reader.GetString(0)));
        }

        return runs;
    });

    private RunRecord Record(string json)
    {
        try
        {
            return RunJson.Deserialize(json);
        }
        catch (JsonException e)
        {
            throw new HistoryStoreException($"cannot read history database {Path}: a run record is unreadable ({e.Message})", e);
        }
    }
}
