#!/usr/bin/env bash
# Demo agent: imitates Claude Code busy at work, streaming tool calls
# (Read / Update / Bash), small coloured diffs, test output and
# "Thinking" lines forever. Content is a fixed script played in a loop;
# only the pacing (0.3-1.5 s per line) uses $RANDOM. Writes no files.
set -u

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"; I="$E[3m"
GRN="$E[32m"; RED="$E[31m"; YEL="$E[33m"; MAG="$E[35m"; CYN="$E[36m"
OK="$GRN●$R"          # finished tool call
SAY="●"               # assistant text
T="  $D⎿$R  "         # tool result prefix
ADD="$GRN"; DEL="$RED"

# Each entry is one line of output; "" prints an empty line.
SCRIPT=(
  "$SAY I'll refactor the API routes to share one rate-limit middleware."
  ""
  "$OK ${B}Read${R}(src/api/routes.ts)"
  "${T}Read ${B}120${R} lines (ctrl+r to expand)"
  ""
  "$OK ${B}Read${R}(src/api/middleware/auth.ts)"
  "${T}Read ${B}64${R} lines (ctrl+r to expand)"
  ""
  "$MAG✻$R ${I}Thinking…${R}"
  ""
  "$SAY The limiter belongs next to auth so it can key on the API token."
  ""
  "$OK ${B}Update${R}(src/api/routes.ts)"
  "${T}Updated ${B}src/api/routes.ts${R} with ${B}3${R} additions and ${B}1${R} removal"
  "       12   import { Router } from \"express\";"
  "${DEL}       13 - import { auth } from \"./auth\";${R}"
  "${ADD}       13 + import { auth } from \"./middleware/auth\";${R}"
  "${ADD}       14 + import { rateLimit } from \"./middleware/rateLimit\";${R}"
  "       15   "
  "${ADD}       16 + router.use(rateLimit({ perMinute: 120 }));${R}"
  "       17   router.get(\"/health\", health);"
  ""
  "$OK ${B}Write${R}(src/api/middleware/rateLimit.ts)"
  "${T}Wrote ${B}38${R} lines to ${B}src/api/middleware/rateLimit.ts${R}"
  "${ADD}        1 + export function rateLimit(opts: Options) {${R}"
  "${ADD}        2 +   const buckets = new Map<string, Bucket>();${R}"
  "${D}       … +36 lines (ctrl+r to expand)${R}"
  ""
  "$OK ${B}Bash${R}(npm test)"
  "${T}> api@1.4.0 test"
  "     > vitest run"
  "      ${GRN}✓${R} src/api/routes.test.ts (12 tests) 48ms"
  "      ${GRN}✓${R} src/api/middleware/auth.test.ts (9 tests) 21ms"
  "      ${RED}✗${R} src/api/middleware/rateLimit.test.ts (4 tests | 1 failed)"
  "        ${RED}AssertionError: expected 429 to be 200${R}"
  "      Test Files  ${RED}1 failed${R} | ${GRN}2 passed${R} (3)"
  "           Tests  ${RED}1 failed${R} | ${GRN}24 passed${R} (25)"
  ""
  "$MAG✻$R ${I}Thinking…${R}"
  ""
  "$SAY The bucket refills per second, not per minute. Fixing the maths."
  ""
  "$OK ${B}Update${R}(src/api/middleware/rateLimit.ts)"
  "${T}Updated ${B}src/api/middleware/rateLimit.ts${R} with ${B}1${R} addition and ${B}1${R} removal"
  "       21     const now = Date.now();"
  "${DEL}       22 -   const refill = (now - b.last) * opts.perMinute;${R}"
  "${ADD}       22 +   const refill = ((now - b.last) / 60_000) * opts.perMinute;${R}"
  "       23     b.tokens = Math.min(opts.perMinute, b.tokens + refill);"
  ""
  "$OK ${B}Bash${R}(npm test -- rateLimit)"
  "${T}> api@1.4.0 test"
  "      ${GRN}✓${R} src/api/middleware/rateLimit.test.ts (4 tests) 17ms"
  "      Test Files  ${GRN}1 passed${R} (1)"
  "           Tests  ${GRN}4 passed${R} (4)"
  ""
  "$OK ${B}Update Todos${R}"
  "${T}${GRN}☒${R} ${D}${E}[9mAdd rate limiter middleware${R}"
  "     ${GRN}☒${R} ${D}${E}[9mWire limiter into routes${R}"
  "     ☐ Document the 429 response in openapi.yaml"
  ""
  "$OK ${B}Read${R}(docs/openapi.yaml)"
  "${T}Read ${B}412${R} lines (ctrl+r to expand)"
  ""
  "$OK ${B}Update${R}(docs/openapi.yaml)"
  "${T}Updated ${B}docs/openapi.yaml${R} with ${B}4${R} additions"
  "      188         responses:"
  "${ADD}      189 +       \"429\":${R}"
  "${ADD}      190 +         description: Too many requests${R}"
  "${ADD}      191 +         headers:${R}"
  "${ADD}      192 +           Retry-After: { schema: { type: integer } }${R}"
  ""
  "$OK ${B}Bash${R}(npm run lint)"
  "${T}> api@1.4.0 lint"
  "     > eslint src --max-warnings 0"
  "     ${YEL}src/api/middleware/rateLimit.ts${R}"
  "       14:9  ${YEL}warning${R}  'Bucket' is defined but never used"
  ""
  "$MAG✻$R ${I}Thinking…${R}"
  ""
  "$OK ${B}Grep${R}(pattern: \"Bucket\", path: \"src/\")"
  "${T}Found ${B}2${R} files"
  "     ${CYN}src/api/middleware/rateLimit.ts${R}"
  "     ${CYN}src/api/types.ts${R}"
  ""
)

pause() {
  # 0.3 .. 1.5 s
  local t=$(( 3 + RANDOM % 13 ))
  sleep "$(( t / 10 )).$(( t % 10 ))"
}

while :; do
  for line in "${SCRIPT[@]}"; do
    printf '%s\n' "$line"
    pause
  done
done
