#!/usr/bin/env bash
# Demo agent: imitates Claude Code idle at its "> " input prompt after a
# short code-review session. Prints nothing more once idle; anything typed
# gets a canned reply and a fresh prompt. Writes no files.
set -u
export LC_ALL=C.UTF-8

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"
GRN="$E[32m"; YEL="$E[33m"; RED="$E[31m"
OK="$GRN●$R"; T="  $D⎿$R  "

rule() {
  local c s; c=$(tput cols 2>/dev/null) || c=80
  printf -v s '%*s' "$c" ''; printf '%s\n' "$D${s// /─}$R"
}
# The input box (Claude Code 2.x): rule, "❯ ", rule, hint; then park the cursor after "❯ ".
prompt() { rule; printf '%s\n' "❯ "; rule; printf '%s' "  $D? for shortcuts$R" "$E[2A"$'\r'"$E[2C"; }

printf '%s\n' \
  "${D}╭───────────────────────────────────────────────────╮${R}" \
  "${D}│${R} ✻ Welcome to ${B}Claude Code${R}!                         ${D}│${R}" \
  "${D}│${R}                                                   ${D}│${R}" \
  "${D}│${R}   ${D}cwd: /home/dev/api${R}                              ${D}│${R}" \
  "${D}╰───────────────────────────────────────────────────╯${R}" "" \
  "> review the diff on feat/rate-limit before I open the PR" "" \
  "$OK ${B}Bash${R}(git diff main...feat/rate-limit --stat)" \
  "${T}src/api/middleware/rateLimit.ts | 38 ${GRN}++++++++${R}" \
  "     src/api/routes.ts               |  4 ${GRN}+++${RED}-${R}" \
  "     docs/openapi.yaml               |  4 ${GRN}++++${R}" "" \
  "● Reviewed 3 files. Looks good overall; three notes:" "" \
  "  1. ${YEL}rateLimit.ts:22${R} buckets are never evicted, so memory grows with" \
  "     the number of distinct tokens. Consider an LRU or a periodic sweep." \
  "  2. ${YEL}routes.ts:16${R} the limiter runs before ${B}auth${R}, so anonymous" \
  "     requests all share the \"undefined\" bucket." \
  "  3. ${GRN}openapi.yaml${R} the 429 response is documented. ${GRN}✓${R}" "" \
  "  Want me to fix 1 and 2?" ""
prompt

# Idle from here on: only react to input.
while :; do
  if ! IFS= read -r line; then while :; do sleep 3600; done; fi
  # Enter left the cursor on the lower rule: go back to the upper one and
  # clear the box; a non-empty message stays in the transcript, as in Claude.
  printf '%s' "$E[2A"$'\r'"$E[J"
  if [ -n "$line" ]; then
    printf '%s\n' "> $line" "" "● This is a scripted demo agent, so nothing happens here; a real" \
      "  Claude Code would now start on that." ""
  fi
  prompt
done
