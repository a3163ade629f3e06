#!/usr/bin/env bash
# Demo agent: imitates Claude Code stopping at a permission prompt
# ("Do you want to proceed?" / "❯ 1. Yes" / "  2. No"). Waits for input
# forever: y, 1 or Enter approves (runs, then asks the next question),
# n, 2 or Esc denies (prints "denied" and asks again). Writes no files.
set -u
export LC_ALL=C.UTF-8   # so ${#s} counts characters, not bytes

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"; I="$E[3m"
GRN="$E[32m"; RED="$E[31m"; MAG="$E[35m"; BOX="$E[38;5;147m"
OK="$GRN●$R"; T="  $D⎿$R  "

say() { printf '%s\n' "$@"; sleep 0.6; }

# --- the dialog (Claude Code 2.x layout: a rule, then the request) --------
W=60; H=0
width() {
  local c; c=$(tput cols 2>/dev/null) || c=80
  W=$(( c - 1 )); (( W > 100 )) && W=100; (( W < 20 )) && W=20
}
rule() { local s; printf -v s '%*s' "$W" ''; printf '%s\n' "$BOX${s// /─}$R"; H=$((H+1)); }
row() {  # row STYLE TEXT : one line, cut to the pane width
  local t=$2 n=$(( W - 1 ))
  (( ${#t} > n )) && t="${t:0:n-1}…"
  printf '%s%s%s\n' "$1" "$t" "$R"; H=$((H+1))
}
# prompt TITLE QUESTION [STYLE TEXT]... : draw the dialog, cursor below it
prompt() {
  local title=$1 q=$2; shift 2
  width; H=0
  rule
  row "$B$BOX" " $title"
  row "" ""
  while (( $# >= 2 )); do row "$1" "   $2"; shift 2; done
  row "" ""
  row "" " $q"
  row "$BOX" " ❯ 1. Yes"
  row "" "   2. No, and tell me what to do differently (esc)"
}
# ask : wait for an answer; return 0 = approved, 1 = denied. Erases the dialog.
ask() {
  local a
  while :; do
    if ! IFS= read -rs a; then while :; do sleep 3600; done; fi  # stdin gone: stay put
    case ${a,,} in
      ''|y|yes|1) printf '%s' "$E[${H}A$E[J"; return 0 ;;
      n|no|2|*"$E"*) printf '%s' "$E[${H}A$E[J"; return 1 ;;
    esac
  done
}

# --- the session ---------------------------------------------------------
say "$B> ship feat/rate-limit to staging$R"
say ""
say "● I'll rebuild the bundle, bump the pool size for staging, then deploy."
say ""
say "$OK ${B}Read${R}(package.json)" "${T}Read ${B}58${R} lines (ctrl+r to expand)"
say ""
say "$OK ${B}Bash${R}(git status --short)" "${T} M src/api/routes.ts" \
    "     ?? src/api/middleware/rateLimit.ts"
say ""
say "$MAG✻$R ${I}Thinking…${R}"
say ""

step=0
while :; do
  case $step in
  0) cmd="rm -rf build/ && npm run build"
     prompt "Bash command" "Do you want to proceed?" \
       "" "$cmd" "$D" "Clean the old bundle and rebuild the project"
     if ask; then
       say "$OK ${B}Bash${R}($cmd)" "${T}${GRN}approved${R}"
       say "     > api@1.4.0 build" "     > tsc -p tsconfig.build.json && esbuild src/index.ts"
       say "       build/index.js  212.4kb" "     ⚡ Done in 1843ms"
       say ""
       step=1
     else
       say "$RED●$R ${B}Bash${R}($cmd)" "${T}${RED}denied${R} ${D}(user said no)${R}"
       say "" "● The bundle in build/ predates the rate-limit change, so it must be"
       say "  rebuilt before deploying. Asking again." ""
     fi ;;
  1) f=deploy/staging.env
     prompt "Edit file" "Do you want to make this edit to staging.env?" \
       "$D" "$f" "" "" \
       "" "  3    NODE_ENV=production" \
       "$RED" "  4 -  DB_POOL_MAX=10" \
       "$GRN" "  4 +  DB_POOL_MAX=20" \
       "$GRN" "  5 +  RATE_LIMIT_PER_MINUTE=120"
     if ask; then
       say "$OK ${B}Update${R}($f)" "${T}${GRN}approved${R} · Updated ${B}$f${R} with 2 additions and 1 removal"
       say ""
       step=2
     else
       say "$RED●$R ${B}Update${R}($f)" "${T}${RED}denied${R} ${D}(user said no)${R}" ""
     fi ;;
  2) cmd="./scripts/deploy.sh staging"
     prompt "Bash command" "Do you want to proceed?" \
       "" "$cmd" "$D" "Deploy the new build to staging"
     if ask; then
       say "$OK ${B}Bash${R}($cmd)" "${T}${GRN}approved${R}"
       say "     → uploading build/ (212.4kb)" "     → restarting api-staging (3 instances)"
       say "     ${GRN}✓${R} healthy: https://staging.api.example.com/health" ""
       say "● Deployed to staging. Say the word and I'll do production next." ""
       say "$B> rebuild and deploy once more$R" ""
       step=0
     else
       say "$RED●$R ${B}Bash${R}($cmd)" "${T}${RED}denied${R} ${D}(user said no)${R}" ""
     fi ;;
  esac
done
