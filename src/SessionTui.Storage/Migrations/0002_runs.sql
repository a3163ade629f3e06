-- 0002_runs: agent runs in workcells, and the handoffs they write.
--
-- A run is born before its tmux session exists (the run folder and this row come first, so that a completion hook
-- firing at once finds them), so session_id is NULL until the wall or the CLI has recorded the session in `sessions`;
-- the tmux facts the run needs (socket, $id, server pid) are columns of its own. The whole record, as in the run
-- folder's status.json (RunJson), is kept in record_json; the columns beside it are what listing and lookups filter on.

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    run_id           TEXT    NOT NULL UNIQUE, -- 20261128-094210-api-fix
    session_id       INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    name             TEXT    NOT NULL,        -- tmux session name, verbatim
    socket_path      TEXT    NOT NULL,
    server_pid       INTEGER NOT NULL,        -- 0 until the session exists
    tmux_session_id  TEXT,                    -- $N once the session exists
    parent_run_id    TEXT,                    -- the run this one resumes
    state            TEXT    NOT NULL CHECK (state IN ('starting', 'running', 'verifying', 'succeeded', 'failed', 'no-op', 'killed', 'vanished')),
    started_utc      TEXT    NOT NULL,
    ended_utc        TEXT,
    record_json      TEXT    NOT NULL
) STRICT;

CREATE INDEX runs_newest_first ON runs (started_utc DESC, id DESC);
CREATE INDEX runs_by_name ON runs (name, started_utc DESC);
CREATE INDEX runs_by_session ON runs (session_id);
CREATE INDEX runs_by_parent ON runs (parent_run_id);

CREATE TABLE handoffs (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL UNIQUE REFERENCES runs (id) ON DELETE CASCADE,
    created_utc  TEXT    NOT NULL,
    content      TEXT    NOT NULL
) STRICT;
