-- 0004_transitions: the watchdog's record of agent-state transitions (`sessiontui watch`, and the wall that holds the
-- notifier lock). One row each time a session's shown state changes (after the debounce); from_state is NULL for a
-- session first seen while the watchdog ran.

CREATE TABLE transitions (
    id           INTEGER PRIMARY KEY,
    at_utc       TEXT    NOT NULL,
    socket       TEXT    NOT NULL,
    server_pid   INTEGER NOT NULL DEFAULT 0,
    session_id   TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    from_state   TEXT,
    to_state     TEXT    NOT NULL,
    rule         TEXT    NOT NULL,
    detail       TEXT    NOT NULL DEFAULT '',
    resets_utc   TEXT,
    exit_status  INTEGER
) STRICT;

CREATE INDEX transitions_newest_first ON transitions (at_utc DESC);
CREATE INDEX transitions_by_session ON transitions (socket, session_id, at_utc);
