-- 0003_iterations: the iterations of Ralph loops (and of pipeline stages, which are loops).
--
-- A loop is a run (its record_json carries a "loop" object); each time its runner starts the agent afresh, one row
-- here records that iteration. The whole record, as in the run folder's iterations/NNN/status.json (RunJson), is in
-- record_json; stage is '' for a plain loop.

CREATE TABLE iterations (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage        TEXT    NOT NULL DEFAULT '',
    number       INTEGER NOT NULL CHECK (number >= 1),
    state        TEXT    NOT NULL CHECK (state IN ('running', 'verifying', 'ended', 'killed', 'interrupted')),
    started_utc  TEXT    NOT NULL,
    ended_utc    TEXT,
    record_json  TEXT    NOT NULL,
    UNIQUE (run_id, stage, number)
) STRICT;

-- Whether a run is a loop, for `sessiontui loops` (1 when its record has a loop object).
ALTER TABLE runs ADD COLUMN is_loop INTEGER NOT NULL DEFAULT 0;
CREATE INDEX runs_loops_newest_first ON runs (is_loop, started_utc DESC);
