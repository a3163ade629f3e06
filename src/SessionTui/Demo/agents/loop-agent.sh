#!/usr/bin/env bash
# Demo agent for the demo's Ralph loop (sessiontui loop): each iteration reads the
# checklist in $SESSIONTUI_PRD, "works" on the first open item for a few seconds,
# writes a file for it, checks it off, commits both and leaves a handoff, the way
# a real agent is told to in its prompt. Needs a git identity in its environment.
set -eu

E=$'\e'
R="$E[0m"; D="$E[2m"; GRN="$E[32m"; BLU="$E[38;5;33m"
out() { printf '%s\n' "$@"; sleep "${DEMO_STEP:-0.6}"; }

item=$(grep -m1 -- '- \[ \]' "$SESSIONTUI_PRD" | sed 's/.*- \[ \] //')
n=$SESSIONTUI_ITERATION
out "${D}demo-agent · iteration $n · fresh context${R}"
out "${BLU}Reading the checklist and progress.md…${R}"
out "${BLU}Next item: ${item}${R}"
slug=$(printf '%s' "$item" | tr -cs 'A-Za-z0-9' '-' | tr 'A-Z' 'a-z')
mkdir -p src
printf '// %s\n' "$item" > "src/${slug}.txt"
out "  editing src/${slug}.txt"
out "  running the tests… ${GRN}✓ 12 passed${R}"
sed -i '0,/- \[ \]/s//- [x]/' "$SESSIONTUI_PRD"
git add -A
git commit -qm "$item"
out "${GRN}Committed: $item${R}"
printf 'Did: %s\nNext: the next unchecked item.\n' "$item" > "$SESSIONTUI_HANDOFF"
