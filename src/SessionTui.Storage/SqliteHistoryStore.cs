using System.Globalization;
using Microsoft.Data.Sqlite;
using SessionTui.Core;
using SessionTui.Core.Runs;
using IOPath = System.IO.Path;

namespace SessionTui.Storage;

/// <summary>
/// The session history in one SQLite file (schema: embedded <c>Migrations/*.sql</c>, version in <c>PRAGMA user_version</c>).
/// Several processes may use one file at once: the journal is WAL, every write is one <c>BEGIN IMMEDIATE</c> transaction,
/// and a writer waits up to the busy timeout (5000 ms) for another before failing. One instance holds one connection and
/// serializes its own calls, so it may be shared between threads. Times are stored as UTC ISO 8601 text with seven
/// fraction digits (<c>2024-05-01T09:30:00.0000000Z</c>) and read back as UTC.
/// </summary>
public sealed partial class SqliteHistoryStore : IHistoryStore, IRunStore, IDisposable
{
    /// <summary>How long a statement waits for another connection's lock before it fails.</summary>
    internal static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    private const string RecordSeenSql = """
        INSERT INTO sessions (server, socket_path, server_pid, tmux_session_id, name, created_utc, first_seen_utc, last_seen_utc, pane_command, pane_path)
        VALUES ($server, $socket, $pid, $sid, $name, $created, $seen, $seen, $command, $path)
        ON CONFLICT (socket_path, server_pid, tmux_session_id, created_utc) DO UPDATE SET
            last_seen_utc = excluded.last_seen_utc,
            name = excluded.name,
            pane_command = excluded.pane_command,
            pane_path = excluded.pane_path
        WHERE excluded.last_seen_utc >= sessions.last_seen_utc
        """;

    private const string RecordEndSql = """
        INSERT INTO sessions (server, socket_path, server_pid, tmux_session_id, name, created_utc, first_seen_utc, last_seen_utc, end_reason, exit_status, ended_utc, last_screen)
        VALUES ($server, $socket, $pid, $sid, $name, $created, $at, $at, $reason, $exit, $at, $screen)
        ON CONFLICT (socket_path, server_pid, tmux_session_id, created_utc) DO UPDATE SET
            end_reason = excluded.end_reason,
            exit_status = excluded.exit_status,
            ended_utc = excluded.ended_utc,
            last_screen = coalesce(excluded.last_screen, sessions.last_screen)
        WHERE sessions.end_reason IS NULL
           OR (sessions.end_reason = 'vanished' AND excluded.end_reason <> 'vanished')
        """;

    private const string FillScreenSql = """
        UPDATE sessions SET last_screen = $screen
        WHERE socket_path = $socket AND server_pid = $pid AND tmux_session_id = $sid AND created_utc = $created AND last_screen IS NULL
        """;

    private const string ListSql = """
        SELECT id, server, socket_path, tmux_session_id, name, created_utc, first_seen_utc, last_seen_utc,
               pane_command, pane_path, end_reason, exit_status, ended_utc, last_screen IS NOT NULL
        FROM sessions
        ORDER BY last_seen_utc DESC, id DESC
        LIMIT $limit
        """;

    private readonly SqliteConnection _connection;
    private readonly int _busyTimeoutMs;
    private readonly Lock _gate = new();
    private bool _disposed;

    private SqliteHistoryStore(SqliteConnection connection, string path, bool isReadOnly, int busyTimeoutMs)
    {
        _connection = connection;
        Path = path;
        IsReadOnly = isReadOnly;
        _busyTimeoutMs = busyTimeoutMs;
    }

    /// <summary>Whether this store was opened with <see cref="OpenReadOnly(string)"/>: writes throw, reads work.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the database for reading and writing, creating the folder and the file on first use, and applies the
    /// migrations it lacks (each in one <c>BEGIN IMMEDIATE</c> transaction, so concurrent openers apply each one once).
    /// Opening takes the write lock briefly, so a database another writer holds for longer than the busy timeout
    /// (5000 ms) fails here rather than at the first write.
    /// </summary>
    /// <param name="path">The database file; relative paths resolve against the current directory.</param>
    /// <returns>A writable store; dispose it to close the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank.</exception>
    /// <exception cref="HistoryStoreException">One line naming the path and the reason: the folder cannot be created, the
    /// file cannot be created or written, it is not a SQLite database, it stayed locked by another writer beyond the busy
    /// timeout, or its schema version is newer than this build knows.</exception>
    public static SqliteHistoryStore Open(string path) => Open(path, DefaultBusyTimeout);

    /// <summary>Opens the database for reading only (<c>Mode=ReadOnly</c>), without migrating; for when
    /// <see cref="Open(string)"/> failed (a newer schema, another writer holding the lock) but history should still be
    /// shown. WAL readers do not wait for writers. A file the user cannot write, in a folder the user cannot write, opens
    /// only while its <c>-shm</c> file exists (a WAL rule of SQLite).</summary>
    /// <param name="path">An existing database file; relative paths resolve against the current directory.</param>
    /// <returns>A store whose writes throw <see cref="HistoryStoreException"/> (<c>history is read-only: PATH</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank.</exception>
    /// <exception cref="HistoryStoreException">One line naming the path and the reason: the file does not exist, cannot be
    /// opened, is not a SQLite database, or holds no history schema.</exception>
    public static SqliteHistoryStore OpenReadOnly(string path) => OpenReadOnly(path, DefaultBusyTimeout);

    /// <summary><see cref="Open(string)"/> with another busy timeout, rounded up to whole seconds (at least one).</summary>
    internal static SqliteHistoryStore Open(string path, TimeSpan busyTimeout)
    {
        var fullPath = FullPath(path);
        CreateFolderOf(fullPath);
        var timeoutMs = WholeSecondsMs(busyTimeout);
        var connection = Connect(fullPath, SqliteOpenMode.ReadWriteCreate, timeoutMs);
        var opened = false;
        try
        {
            var journalMode = Convert.ToString(Scalar(connection, null, "PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture);
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new HistoryStoreException($"cannot open history database {fullPath}: SQLite cannot use write-ahead logging there (journal mode stays '{journalMode}')");
            }

            Migrate(connection, fullPath);
            opened = true;
            return new SqliteHistoryStore(connection, fullPath, isReadOnly: false, timeoutMs);
        }
        catch (SqliteException e)
        {
            throw Failure(fullPath, "open", e, timeoutMs);
        }
        finally
        {
            if (!opened)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary><see cref="OpenReadOnly(string)"/> with another busy timeout, rounded up to whole seconds (at least one).</summary>
    internal static SqliteHistoryStore OpenReadOnly(string path, TimeSpan busyTimeout)
    {
        var fullPath = FullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new HistoryStoreException($"cannot open history database {fullPath} read-only: no such file");
        }

        var timeoutMs = WholeSecondsMs(busyTimeout);
        var connection = Connect(fullPath, SqliteOpenMode.ReadOnly, timeoutMs);
        var opened = false;
        try
        {
            var version = UserVersion(connection, null);
            if (version < 1)
            {
                throw new HistoryStoreException($"cannot open history database {fullPath} read-only: it holds no history (schema version {version})");
            }

            opened = true;
            return new SqliteHistoryStore(connection, fullPath, isReadOnly: true, timeoutMs);
        }
        catch (SqliteException e)
        {
            throw Failure(fullPath, "open", e, timeoutMs);
        }
        finally
        {
            if (!opened)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Upserts every session in one <c>BEGIN IMMEDIATE</c> transaction: a new session gets
    /// <c>first_seen_utc = last_seen_utc = seenAt</c>; a known one (same socket path, session id and creation time) gets
    /// <paramref name="seenAt"/> as last seen and its current name, pane command and pane path. A sighting older than the
    /// stored last seen changes nothing, and an end already recorded is kept.</summary>
    /// <param name="sessions">Sessions alive at <paramref name="seenAt"/>; empty writes nothing.</param>
    /// <param name="seenAt">When they were observed; stored as UTC.</param>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public void RecordSeen(IReadOnlyCollection<SessionInfo> sessions, DateTimeOffset seenAt)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            lock (_gate)
            {
                ThrowIfNotWritable();
            }

            return;
        }

        Write(transaction =>
        {
            using var command = Command(transaction, RecordSeenSql);
            var server = command.Parameters.Add("$server", SqliteType.Text);
            var socket = command.Parameters.Add("$socket", SqliteType.Text);
            var pid = command.Parameters.Add("$pid", SqliteType.Integer);
            var sessionId = command.Parameters.Add("$sid", SqliteType.Text);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var created = command.Parameters.Add("$created", SqliteType.Text);
            var paneCommand = command.Parameters.Add("$command", SqliteType.Text);
            var panePath = command.Parameters.Add("$path", SqliteType.Text);
            command.Parameters.AddWithValue("$seen", StoredValues.Utc(seenAt));
            foreach (var session in sessions)
            {
                server.Value = session.Server.Label;
                socket.Value = session.Server.SocketPath;
                pid.Value = session.ServerPid;
                sessionId.Value = session.SessionId;
                name.Value = session.Name;
                created.Value = StoredValues.Utc(session.Created);
                paneCommand.Value = session.ActivePane.CurrentCommand;
                panePath.Value = session.ActivePane.CurrentPath;
                command.ExecuteNonQuery();
            }
        });
    }

    /// <summary>Records an end in one <c>BEGIN IMMEDIATE</c> transaction. The first end recorded for a session wins:
    /// a later one changes neither the reason, the exit status nor the end time, except that a known end (killed, exited)
    /// replaces <c>vanished</c>, which a poller can record before the killer does. A given last screen is stored when the
    /// session has none yet (so a later end can add the screen an earlier one lacked); a null screen never erases one. A
    /// session never seen is inserted with the end, first and last seen at <see cref="SessionEnd.At"/>.</summary>
    /// <param name="end">The end; the session is identified by its server's socket path and pid, its id and creation time.</param>
    /// <param name="name">Session name, stored only when the session was never seen.</param>
    /// <exception cref="HistoryStoreException">The store is read-only, or the database cannot be written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public void RecordEnd(SessionEnd end, string name)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(name);
        Write(transaction =>
        {
            var created = StoredValues.Utc(end.Created);
            using (var command = Command(transaction, RecordEndSql))
            {
                command.Parameters.AddWithValue("$server", end.Server.Label);
                command.Parameters.AddWithValue("$socket", end.Server.SocketPath);
                command.Parameters.AddWithValue("$pid", end.ServerPid);
                command.Parameters.AddWithValue("$sid", end.SessionId);
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$created", created);
                command.Parameters.AddWithValue("$at", StoredValues.Utc(end.At));
                command.Parameters.AddWithValue("$reason", StoredValues.Reason(end.Reason));
                command.Parameters.AddWithValue("$exit", (object?)end.ExitStatus ?? DBNull.Value);
                command.Parameters.AddWithValue("$screen", (object?)end.LastScreen ?? DBNull.Value);
                command.ExecuteNonQuery();
            }

            if (end.LastScreen is not null)
            {
                using var fill = Command(transaction, FillScreenSql);
                fill.Parameters.AddWithValue("$screen", end.LastScreen);
                fill.Parameters.AddWithValue("$socket", end.Server.SocketPath);
                fill.Parameters.AddWithValue("$pid", end.ServerPid);
                fill.Parameters.AddWithValue("$sid", end.SessionId);
                fill.Parameters.AddWithValue("$created", created);
                fill.ExecuteNonQuery();
            }
        });
    }

    /// <summary>Lists sessions newest first: by last seen descending, then by row id descending. Screens are not loaded
    /// (see <see cref="HistoryEntry.HasScreen"/> and <see cref="LoadScreen(long)"/>). Times come back as UTC.</summary>
    /// <param name="limit">The most rows to return; zero returns none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="HistoryStoreException">The database cannot be read, or holds a value this build cannot read.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public IReadOnlyList<HistoryEntry> List(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Read(() =>
        {
            using var command = Command(null, ListSql);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<HistoryEntry>();
            while (reader.Read())
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        });
    }

    /// <summary>The last screen stored for a row (<c>capture-pane -p -e</c> text, SGR escapes kept), or null when the row
    /// has none or does not exist.</summary>
    /// <param name="id">The row id (<see cref="HistoryEntry.Id"/>).</param>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public string? LoadScreen(long id) => Read(() =>
    {
        using var command = Command(null, "SELECT last_screen FROM sessions WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as string;
    });

    /// <summary>Closes the database file. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private static string FullPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return IOPath.GetFullPath(path);
    }

    private static void CreateFolderOf(string fullPath)
    {
        var folder = IOPath.GetDirectoryName(fullPath);
        if (folder is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HistoryStoreException($"cannot create the history folder {folder}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Microsoft.Data.Sqlite retries a busy statement until its command timeout (whole seconds, 30 by default)
    /// on top of SQLite's own busy handler, so both get the same whole number of seconds.</summary>
    private static int WholeSecondsMs(TimeSpan busyTimeout) => Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)) * 1000;

    private static SqliteConnection Connect(string fullPath, SqliteOpenMode mode, int busyTimeoutMs)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = busyTimeoutMs / 1000,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, "PRAGMA busy_timeout = " + busyTimeoutMs.ToString(CultureInfo.InvariantCulture));
            Execute(connection, null, "PRAGMA foreign_keys = ON");
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Failure(fullPath, "open", e, busyTimeoutMs);
        }
    }

    private static void Migrate(SqliteConnection connection, string fullPath)
    {
        var scripts = MigrationScripts.All;
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = UserVersion(connection, transaction);
            if (version < 0 || version > scripts.Count)
            {
                throw new HistoryStoreException(
                    $"cannot open history database {fullPath}: its schema version {version} is newer than this build knows ({scripts.Count}); use a newer sessiontui");
            }

            if (version == scripts.Count)
            {
                transaction.Commit();
                return;
            }

            Execute(connection, transaction, scripts[(int)version]);
            Execute(connection, transaction, "PRAGMA user_version = " + (version + 1).ToString(CultureInfo.InvariantCulture));
            transaction.Commit();
        }
    }

    private static long UserVersion(SqliteConnection connection, SqliteTransaction? transaction) =>
        Convert.ToInt64(Scalar(connection, transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static HistoryStoreException Failure(string fullPath, string verb, SqliteException e, int busyTimeoutMs) =>
        e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED
            ? new HistoryStoreException($"cannot {verb} history database {fullPath}: it is locked by another writer (gave up after {busyTimeoutMs} ms)", e)
            : new HistoryStoreException($"cannot {verb} history database {fullPath}: {Reason(e)}", e);

    /// <summary>SQLite's own words: Microsoft.Data.Sqlite spells messages <c>SQLite Error 26: 'file is not a database'.</c>;
    /// this keeps the part in quotes.</summary>
    private static string Reason(SqliteException e)
    {
        var message = e.Message;
        var prefix = "SQLite Error " + e.SqliteErrorCode.ToString(CultureInfo.InvariantCulture) + ": '";
        if (message.StartsWith(prefix, StringComparison.Ordinal) && message.EndsWith("'.", StringComparison.Ordinal))
        {
            message = message[prefix.Length..^2];
        }

        return OneLine(message);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private void Write(Action<SqliteTransaction> write)
    {
        lock (_gate)
        {
            ThrowIfNotWritable();
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                write(transaction);
                transaction.Commit();
            }
            catch (SqliteException e)
            {
                throw Failure(Path, "write", e, _busyTimeoutMs);
            }
        }
    }

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
        {
            throw new HistoryStoreException($"history is read-only: {Path}");
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return read();
            }
            catch (SqliteException e)
            {
                throw Failure(Path, "read", e, _busyTimeoutMs);
            }
        }
    }

    private HistoryEntry ReadEntry(SqliteDataReader reader)
    {
        var id = reader.GetInt64(0);
        EndReason? endReason = null;
        if (!reader.IsDBNull(10))
        {
            var text = reader.GetString(10);
            endReason = StoredValues.TryParseReason(text, out var reason)
                ? reason
                : throw new HistoryStoreException($"cannot read history database {Path}: row {id} has an end reason this build does not know: '{text}'");
        }

        return new HistoryEntry(
            Id: id,
            Server: reader.GetString(1),
            SocketPath: reader.GetString(2),
            SessionId: reader.GetString(3),
            Name: reader.GetString(4),
            Created: Time(reader, 5, id),
            FirstSeen: Time(reader, 6, id),
            LastSeen: Time(reader, 7, id),
            Command: reader.IsDBNull(8) ? null : reader.GetString(8),
            Path: reader.IsDBNull(9) ? null : reader.GetString(9),
            EndReason: endReason,
            ExitStatus: reader.IsDBNull(11) ? null : reader.GetInt32(11),
            Ended: reader.IsDBNull(12) ? null : Time(reader, 12, id),
            HasScreen: reader.GetBoolean(13));
    }

    private DateTimeOffset Time(SqliteDataReader reader, int ordinal, long id)
    {
        var text = reader.GetString(ordinal);
        return StoredValues.TryParseUtc(text, out var value)
            ? value
            : throw new HistoryStoreException($"cannot read history database {Path}: row {id} has an unreadable {reader.GetName(ordinal)}: '{text}'");
    }
}
