#!/usr/bin/env bash
# Makes screenshots/run-card-120x40.png and screenshots/run-detail-120x40.png
# from REAL workcell runs: builds SessionTui, makes a scratch git repository,
# launches two fake agents into workcells with `sessiontui launch` (api-fix
# commits twice, fills its handoff and exits 0, so it succeeds; docs-pass
# commits once and exits 1, so it fails), waits until both runs have ended,
# then opens the wall in a private tmux server (-L sessiontui-run-shots) whose
# window is exactly 120x40 and captures it twice: the wall with api-fix's card
# selected, and api-fix's run detail (H, Tab, Enter). The captures are turned
# into PNGs by `make-screenshots.sh --render` (ANSI -> HTML -> PNG).
# Intermediate files go to screenshots/out/ (git-ignored): the .ansi/.html
# captures, plain-text captures (*.txt) and `sessiontui runs show api-fix`
# (runs-show-api-fix.txt).
#
# Everything runs with XDG_STATE_HOME, XDG_CONFIG_HOME and TMUX_TMPDIR inside
# a temp folder and TMUX unset: the runs, the database and the workcell tmux
# server ($XDG_STATE_HOME/sessiontui/tmux.sock) are private and removed at
# the end, also on failure.
#
# usage: screenshots/make-run-screenshots.sh [--no-build]
#
# environment (all optional):
#   SHOTS_BIN      the sessiontui executable (default: the Release build output)
#   SHOTS_TIMEOUT  seconds to wait for the runs to end and for the wall to show
#                  them (default 60)
#   SHOTS_KEEP     1: keep the temp folder (its path is printed) for a look
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHOTS=$ROOT/screenshots
OUT=$SHOTS/out
BIN=${SHOTS_BIN:-$ROOT/src/SessionTui/bin/Release/net10.0/sessiontui}
SOCK=sessiontui-run-shots      # tmux -L name of the outer server (the wall's terminal)
COLS=120 ROWS=40
TIMEOUT=${SHOTS_TIMEOUT:-60}
TASK="Fix the 429 handling in the rate limiter"

log() { printf 'make-run-screenshots: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- a private world ---------------------------------------------------------
# run: a command with the private XDG dirs and tmux tmpdir, outside any tmux.
run() {
  env -u TMUX -u TMUX_PANE XDG_STATE_HOME="$TMP/state" XDG_CONFIG_HOME="$TMP/config" \
    TMUX_TMPDIR="$TMP/tmux" "$@"
}
st() { run "$BIN" "$@"; }
otmux() { tmux -L "$SOCK" "$@"; }
screen() { otmux capture-pane -p -t shots 2>/dev/null || true; }

cleanup() {
  otmux kill-server 2>/dev/null || true
  if [ -n "${TMP:-}" ]; then
    # The workcell server lives on the stable socket under our XDG_STATE_HOME.
    tmux -S "$TMP/state/sessiontui/tmux.sock" kill-server 2>/dev/null || true
    if [ "${SHOTS_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  fi
}

# gitc: git with a fixed identity (no global config is assumed).
gitc() { git -c user.name="Ada Example" -c user.email=ada@example.com "$@"; }

# make_repo DIR: a tiny "api" project with a rate limiter to fix.
make_repo() {
  local repo=$1
  mkdir -p "$repo/src" "$repo/tests"
  git -C "$repo" init -q -b main
  cat > "$repo/README.md" <<'EOF'
# api

A small HTTP API. `src/ratelimit.py` throttles outgoing calls to the billing
service.
EOF
  cat > "$repo/src/ratelimit.py" <<'EOF'
import time


def call(request, send):
    response = send(request)
    if response.status == 429:
        raise RuntimeError("rate limited")
    return response
EOF
  cat > "$repo/tests/test_ratelimit.py" <<'EOF'
from src.ratelimit import call


def test_passes_through_200():
    assert call("req", lambda r: type("R", (), {"status": 200})()).status == 200
EOF
  gitc -C "$repo" add -A
  gitc -C "$repo" commit -q -m "Initial api: rate limiter and a test"
}

# make_agents DIR: two fake agents that behave like real ones for a few
# seconds. They commit with the identity they get through `launch --env`.
make_agents() {
  local dir=$1
  # api-fix: reads, edits, shows a diff, commits twice, fills the handoff, exits 0.
  cat > "$dir/agent-ok" <<'AGENT'
#!/usr/bin/env bash
set -euo pipefail
say() { printf '%b\n' "$*"; sleep 0.4; }
say "\e[1m╭─ fake-agent ─ $1\e[0m"
say "\e[32m●\e[0m Read(src/ratelimit.py)"
say "  ⎿  Read 8 lines"
say "\e[32m●\e[0m Update(src/ratelimit.py)"
cat > src/ratelimit.py <<'EOF'
import random
import time

RETRIES = 5


def call(request, send):
    for attempt in range(RETRIES):
        response = send(request)
        if response.status != 429:
            return response
        wait = float(response.headers.get("Retry-After", 2 ** attempt))
        time.sleep(wait + random.uniform(0, 0.25))
    raise RuntimeError("still rate limited after %d tries" % RETRIES)
EOF
say "  ⎿  Updated src/ratelimit.py with 9 additions and 3 removals"
say "      \e[31m-    response = send(request)\e[0m"
say "      \e[31m-    if response.status == 429:\e[0m"
say "      \e[32m+    for attempt in range(RETRIES):\e[0m"
say "      \e[32m+        response = send(request)\e[0m"
say "      \e[31m-        raise RuntimeError(\"rate limited\")\e[0m"
say "      \e[32m+        if response.status != 429:\e[0m"
say "      \e[32m+            return response\e[0m"
git add src/ratelimit.py
git commit -q -m "Retry 429 with Retry-After and jittered backoff"
say "\e[32m●\e[0m Bash(git commit -m \"Retry 429 with Retry-After and jittered backoff\")"
say "\e[32m●\e[0m Write(tests/test_retry.py)"
cat > tests/test_retry.py <<'EOF'
from src.ratelimit import call


def test_retries_429_then_succeeds():
    answers = iter([429, 429, 200])
    R = lambda s: type("R", (), {"status": s, "headers": {"Retry-After": "0"}})()
    assert call("req", lambda r: R(next(answers))).status == 200
EOF
git add tests/test_retry.py
git commit -q -m "Test: 429 twice, then 200"
say "\e[32m●\e[0m Bash(git commit -m \"Test: 429 twice, then 200\")"
cat > "$SESSIONTUI_HANDOFF" <<'EOF'
# Handoff

## Done
- `call()` retries a 429 up to 5 times, honouring `Retry-After`, with jittered backoff.
- `tests/test_retry.py`: 429, 429, then 200 succeeds.

## Next
- Make `RETRIES` configurable per client.

## Blockers
- None.

## How to verify
- `python -m pytest tests/`
EOF
say "\e[32m●\e[0m Wrote the handoff"
say "All done."
AGENT
  # docs-pass: starts the tests, commits once, a test fails, exits 1.
  cat > "$dir/agent-fail" <<'AGENT'
#!/usr/bin/env bash
set -euo pipefail
say() { printf '%b\n' "$*"; sleep 0.4; }
say "\e[1m╭─ fake-agent ─ $1\e[0m"
say "\e[32m●\e[0m Read(README.md)"
say "\e[32m●\e[0m Update(README.md)"
printf '\n## Rate limits\n\nCalls that get a 429 are retried.\n' >> README.md
git add README.md
git commit -q -m "Docs: describe rate limits"
say "\e[32m●\e[0m Running tests…"
say "tests/test_ratelimit.py::test_passes_through_200 \e[32mPASSED\e[0m"
say "tests/test_docs.py::test_every_module_documented \e[31mFAILED\e[0m"
say "\e[31mE   AssertionError: src/ratelimit.py has no docstring\e[0m"
say "\e[31m1 failed\e[0m, 1 passed in 0.04s"
exit 1
AGENT
  chmod +x "$dir/agent-ok" "$dir/agent-fail"
}

# runs_ended N: true when `runs --json` shows N runs, all ended.
runs_ended() {
  local json
  json=$(st runs --json 2>/dev/null) || return 1
  python3 -c '
import json, sys
runs = json.loads(sys.argv[1])
sys.exit(0 if len(runs) == int(sys.argv[2]) and all(r.get("is_ended") for r in runs) else 1)' "$json" "$1"
}

# wait_runs N: until N runs have ended (SHOTS_TIMEOUT).
wait_runs() {
  local start=$SECONDS
  until runs_ended "$1"; do
    (( SECONDS - start < TIMEOUT )) || { st runs >&2 || true; die "runs not ended after ${TIMEOUT}s"; }
    sleep 0.5
  done
}

# wait_screen REGEX...: until every regex is on the wall's screen.
wait_screen() {
  local start=$SECONDS now ok r
  while :; do
    now=$(screen); ok=1
    for r in "$@"; do grep -Eq -- "$r" <<<"$now" || ok=0; done
    (( ok )) && return 0
    if [ "$(otmux display-message -p -t shots '#{pane_dead}' 2>/dev/null)" = 1 ]; then
      screen >&2; die "the wall exited (status $(otmux display-message -p -t shots '#{pane_dead_status}'))"
    fi
    (( SECONDS - start < TIMEOUT )) || { screen >&2; die "not on screen after ${TIMEOUT}s: $*"; }
    sleep 0.5
  done
}

# capture NAME: NAME.ansi (colours) and NAME.txt (plain) in $OUT, then the PNG.
capture() {
  local name=$1
  sleep 1.5   # let the wall redraw after the keys / the last refresh
  otmux capture-pane -e -N -p -t shots > "$OUT/$name.ansi"
  otmux capture-pane -p -t shots > "$OUT/$name.txt"
  "$SHOTS/make-screenshots.sh" --render "$OUT/$name.ansi" "$COLS" "$ROWS" "$SHOTS/$name.png"
}

main() {
  local build=1 repo start
  [ "${1:-}" = --no-build ] && build=0
  command -v tmux >/dev/null || die "no tmux"
  command -v python3 >/dev/null || die "no python3 (reads runs --json)"
  if (( build )); then
    log "building (dotnet build src/SessionTui -c Release)"
    (cd "$ROOT" && dotnet build src/SessionTui -c Release -nologo -v quiet) || die "build failed"
  fi
  [ -x "$BIN" ] || die "no $BIN (build first)"
  mkdir -p "$OUT"
  TMP=$(mktemp -d)
  trap cleanup EXIT
  trap 'exit 130' INT TERM HUP
  mkdir -p "$TMP/state" "$TMP/config" "$TMP/tmux" "$TMP/bin"
  repo=$TMP/api
  make_repo "$repo"
  make_agents "$TMP/bin"

  # docs-pass first, so api-fix is the newest run: the top row of the runs
  # list. One after the other: both work in the same checkout, and a run's
  # commits are all those made since its base commit, so a docs-pass commit
  # landing after api-fix's launch would be counted as api-fix's too.
  local ident=(--env GIT_AUTHOR_NAME="Fake Agent" --env GIT_AUTHOR_EMAIL=agent@example.com
               --env GIT_COMMITTER_NAME="Fake Agent" --env GIT_COMMITTER_EMAIL=agent@example.com)
  start=$SECONDS
  st launch docs-pass --cwd "$repo" --task "Document the rate limits in the README" \
    --verify "test -f docs/rate-limits.md" "${ident[@]}" -- "$TMP/bin/agent-fail" docs-pass >/dev/null
  wait_runs 1
  st launch api-fix --cwd "$repo" --task "$TASK" \
    --verify "test -f src/ratelimit.py" "${ident[@]}" -- "$TMP/bin/agent-ok" api-fix >/dev/null
  wait_runs 2
  log "both runs ended after $(( SECONDS - start ))s"
  st runs >&2
  st runs show api-fix > "$OUT/runs-show-api-fix.txt"

  # The wall, as from a plain terminal, in a window of exactly COLSxROWS. It
  # watches the stable workcell socket by default; -S names it all the same,
  # which makes the default socket (no server runs there in our private
  # TMUX_TMPDIR) implicit: left out instead of a "no tmux server" card.
  otmux -f /dev/null start-server \; set-option -g remain-on-exit on \; set-option -g status off \; \
    new-session -d -s shots -x "$COLS" -y "$ROWS" \
    "env -u TMUX -u TMUX_PANE TERM=xterm-256color COLORTERM=truecolor \
       TMUX_TMPDIR='$TMP/tmux' XDG_STATE_HOME='$TMP/state' \
       XDG_CONFIG_HOME='$TMP/config' '$BIN' -S '$TMP/state/sessiontui/tmux.sock'"
  local w; w=$(otmux display-message -p -t shots '#{pane_width}x#{pane_height}') || true
  [ "$w" = "${COLS}x${ROWS}" ] || die "pane is $w, wanted ${COLS}x${ROWS}"

  wait_screen api-fix docs-pass succeeded failed
  # Cards are ordered by name: api-fix is the first one and selected. Moving
  # right and back makes sure of it whatever the default selection is.
  otmux send-keys -t shots l; sleep 0.4; otmux send-keys -t shots h
  capture "run-card-${COLS}x${ROWS}"

  otmux send-keys -t shots H; sleep 0.8
  otmux send-keys -t shots Tab; sleep 0.8
  wait_screen "history · 2 runs" api-fix docs-pass   # the runs list, newest (api-fix) first
  otmux send-keys -t shots Enter
  wait_screen "$TASK" "[Bb]rief"
  capture "run-detail-${COLS}x${ROWS}"
  grep -q "api-fix" "$OUT/run-detail-${COLS}x${ROWS}.txt" || die "the detail is not api-fix's"

  # Quit the wall (Esc back to the history, Esc back to the wall, q) and give
  # it time to close its database before the temp folder goes.
  otmux send-keys -t shots Escape; sleep 0.4
  otmux send-keys -t shots Escape; sleep 0.4
  otmux send-keys -t shots q
  for _ in $(seq 20); do
    [ "$(otmux display-message -p -t shots '#{pane_dead}' 2>/dev/null)" = 1 ] && break
    sleep 0.25
  done
  [ "$(otmux display-message -p -t shots '#{pane_dead}' 2>/dev/null)" = 1 ] || log "warning: the wall did not quit on q"
}

main "$@"
