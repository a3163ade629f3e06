-- 0001_sessions: every tmux session the wall or the CLI observed, alive or ended.
--
-- How migrations work: the store applies NNNN_*.sql in order, each in one BEGIN IMMEDIATE transaction together with
-- PRAGMA user_version = NNNN. A script holds no BEGIN/COMMIT of its own and never edits an applied script: a change is
-- a new file.
--
-- Conventions for this table and the ones that follow:
--   * tables are plural snake_case, STRICT, with `id INTEGER PRIMARY KEY` (the rowid);
--   * a column pointing at a row of another table is `<singular>_id INTEGER NOT NULL REFERENCES <table> (id)`,
--     with an index on it (foreign_keys is ON on every connection). That is why tmux's own `$N` id is called
--     `tmux_session_id` here: `session_id` is reserved for references to sessions (id);
--   * times are `<what>_utc` TEXT, UTC ISO 8601 with seven fraction digits and a Z (2024-05-01T09:30:00.0000000Z),
--     so that text order is time order;
--   * closed sets of values are kebab-case TEXT with a CHECK.
--
-- Tables the next migrations add beside this one:
--   runs        an agent run in a workcell: id, session_id -> sessions (id) ON DELETE CASCADE (the tmux session it
--               ran in), then the workcell and agent, started_utc, ended_utc, outcome; index on session_id.
--   iterations  one Ralph loop iteration of a run: id, run_id -> runs (id) ON DELETE CASCADE, number (1-based),
--               started_utc, ended_utc, exit_status; UNIQUE (run_id, number).
--   handoffs    what a run hands on: id, run_id -> runs (id) ON DELETE CASCADE (the run that wrote it),
--               iteration_id -> iterations (id) (NULL unless it belongs to one iteration), created_utc, content.

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    server           TEXT    NOT NULL, -- server label when first recorded (ServerRef.Label)
    socket_path      TEXT    NOT NULL, -- absolute socket path of the server (ServerRef.SocketPath)
    server_pid       INTEGER NOT NULL, -- #{pid} of the server: a server restarted on the socket reuses $0, maybe in the same second
    tmux_session_id  TEXT    NOT NULL, -- #{session_id}, $N; unique per server lifetime only
    name             TEXT    NOT NULL, -- last seen name, verbatim
    created_utc      TEXT    NOT NULL, -- #{session_created}
    first_seen_utc   TEXT    NOT NULL,
    last_seen_utc    TEXT    NOT NULL,
    pane_command     TEXT,             -- last seen #{pane_current_command} of the active pane
    pane_path        TEXT,             -- last seen #{pane_current_path} of the active pane
    end_reason       TEXT    CHECK (end_reason IN ('killed-wall', 'killed-cli', 'exited', 'vanished')),
    exit_status      INTEGER,
    ended_utc        TEXT,
    last_screen      TEXT,             -- capture-pane -p -e text, SGR escapes kept; last, so listing skips its pages
    UNIQUE (socket_path, server_pid, tmux_session_id, created_utc),
    CHECK ((end_reason IS NULL) = (ended_utc IS NULL))
) STRICT;

CREATE INDEX sessions_newest_first ON sessions (last_seen_utc DESC, id DESC);
