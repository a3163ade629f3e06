#!/usr/bin/env bash
# Captures the tmux fixtures in this folder from a real tmux (tmux 3.3a when committed) on a private socket.
# Run from anywhere: bash tests/SessionTui.Tests/Fixtures/tmux/capture.sh
# The formats use the nonce "fixture0" and must equal PaneRow.Format / ClientRow.Format (a unit test checks *-format.txt).
set -euo pipefail
unset TMUX TMUX_PANE

OUT=$(cd "$(dirname "$0")" && pwd)
BASE=/tmp/stui-fixture
rm -rf "$BASE"
mkdir -p "$BASE"
cd "$BASE"
T=(tmux -u -S "$BASE/sock" -f /dev/null)
OUTER=(tmux -u -S "$BASE/outer" -f /dev/null)
cleanup() {
  "${T[@]}" kill-server 2>/dev/null || true
  "${OUTER[@]}" kill-server 2>/dev/null || true
  rm -rf "$BASE"
}
trap cleanup EXIT

NONCE=fixture0
RS=$'\x1e'$NONCE
FS=$'\x1f'$NONCE
format() {
  local out=$RS sep=""
  for v in "$@"; do out+="$sep#{$v}"; sep=$FS; done
  printf '%s' "$out"
}
PANE_FORMAT=$(format session_id session_created session_windows window_active window_activity pane_id pane_active \
  pane_pid pane_dead pane_dead_status pane_dead_signal pane_height session_name pane_current_command pane_current_path pane_title)
CLIENT_FORMAT=$(format session_id client_control_mode)
printf '%s' "$PANE_FORMAT" > "$OUT/pane-format.txt"
printf '%s' "$CLIENT_FORMAT" > "$OUT/client-format.txt"

# A directory and a program whose names hold a unit separator, a tab and a newline: tmux prints
# pane_current_path and pane_current_command raw.
WEIRD_DIR="$BASE/d"$'\x1f'"ir"$'\t'"x"$'\n'"y"
mkdir -p "$WEIRD_DIR"
WEIRD_PROGRAM="$BASE/sl"$'\x1f'"e"$'\t'"e"$'\n'"p"
cp "$(command -v sleep)" "$WEIRD_PROGRAM"

# -s is format-expanded by tmux: '#' is written '##' (TmuxEscaping.FormatLiteral).
"${T[@]}" new-session -d -s api -x 100 -y 30 -- sleep 100000
"${T[@]}" split-window -t '=api:' -- sleep 100000
"${T[@]}" new-window -d -t '=api:' -- sleep 100000
"${T[@]}" new-session -d -s api-prod -x 80 -y 24 -- sleep 100000
"${T[@]}" new-session -d -s "sp ace 'single' \"double\" ; \$(touch /tmp/stui-fixture-x) \`touch /tmp/stui-fixture-y\` | ##hash" -- sleep 100000
"${T[@]}" new-session -d -s '日本語 ✓' -- sleep 100000
"${T[@]}" new-session -d -s '-lead' -- sleep 100000
"${T[@]}" new-session -d -s 'a:b.c' -- sleep 100000
"${T[@]}" new-session -d -s "tab"$'\t'"us"$'\x1f'"nl"$'\n'"back\\slash" -- sleep 100000
"${T[@]}" new-session -d -s weird-pane -c "$WEIRD_DIR" -- "$WEIRD_PROGRAM" 100000
"${T[@]}" new-session -d -s exited -- sh -c 'exit 3' \; set-option -p remain-on-exit on
"${T[@]}" new-session -d -s killed -- sh -c 'kill -9 $$' \; set-option -p remain-on-exit on

# A control-mode client (stdin held open by sleep) and a real client (a tmux client in a pane of another server).
(sleep 30 | "${T[@]}" -C attach-session -t '=api' >/dev/null 2>&1 &)
"${OUTER[@]}" new-session -d -x 120 -y 40 -- env -u TMUX "${T[@]}" attach-session -t '=api-prod'
for _ in $(seq 100); do
  [ "$("${T[@]}" list-clients | wc -l)" -ge 2 ] && break
  sleep 0.05
done
sleep 0.5

"${T[@]}" list-panes -a -F "$PANE_FORMAT" > "$OUT/list-panes-all.txt"
"${T[@]}" list-panes -a -f '#{&&:#{window_active},#{pane_active}}' -F "$PANE_FORMAT" > "$OUT/list-panes-active.txt"
"${T[@]}" list-clients -F "$CLIENT_FORMAT" > "$OUT/list-clients.txt"
"${T[@]}" new-session -d -P -F "$PANE_FORMAT" -s created -x 90 -y 20 -- sleep 100000 > "$OUT/new-session.txt"
tmux -V > "$OUT/tmux-version.txt"
