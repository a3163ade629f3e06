#!/usr/bin/env bash
# Demo agent: imitates a "Ralph" loop (claude -p fed the same prompt over
# and over) whose Claude Code run breaks the tests ("✗ 3 tests failed"),
# then dies on "API Error: 429" / "Error: rate limit exceeded (429)" with a
# Node stack trace, exiting 1 after about five seconds. Writes no files.
set -u

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"
GRN="$E[32m"; RED="$E[31m"; YEL="$E[33m"
OK="$GRN●$R"; T="  $D⎿$R  "

out() { printf '%s\n' "$@"; sleep 0.15; }

out "${D}ralph: iteration 7 · claude -p < PROMPT.md${R}"
out ""
out "● Migrating the session store from Redis to Postgres."
out ""
out "$OK ${B}Read${R}(src/session/store.ts)"
out "${T}Read ${B}96${R} lines (ctrl+r to expand)"
out ""
out "$OK ${B}Update${R}(src/session/store.ts)"
out "${T}Updated ${B}src/session/store.ts${R} with ${B}2${R} additions and ${B}2${R} removals"
out "${RED}       18 - import { createClient } from \"redis\";${R}"
out "${GRN}       18 + import { Pool } from \"pg\";${R}"
out "${RED}       19 - const client = createClient({ url: env.REDIS_URL });${R}"
out "${GRN}       19 + const pool = new Pool({ connectionString: env.DATABASE_URL });${R}"
out ""
out "$OK ${B}Bash${R}(npm test)"
out "${T}> api@1.4.0 test"
out "     > vitest run"
out "      ${GRN}✓${R} src/api/routes.test.ts (12 tests) 51ms"
out "      ${RED}✗${R} src/session/store.test.ts (9 tests | 3 failed) 204ms"
out "        ${RED}✗${R} store > get returns saved session"
out "        ${RED}✗${R} store > expires sessions after ttl"
out "        ${RED}✗${R} store > destroy removes the row"
out "     ${RED}FAIL${R}  src/session/store.test.ts > store > get returns saved session"
out "     ${RED}Error: connect ECONNREFUSED 127.0.0.1:5432${R}"
out "      ${D}at Pool.connect node_modules/pg-pool/index.js:45:11${R}"
out "      Test Files  ${RED}1 failed${R} | ${GRN}1 passed${R} (2)"
out "           Tests  ${RED}3 failed${R} | ${GRN}18 passed${R} (21)"
out ""
out "${RED}✗ 3 tests failed${R}"
out ""
sleep 0.6
out "${RED}●${R} API Error: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
out "  \"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}"
out ""
out "${RED}Error: rate limit exceeded (429)${R}"
out "${D}    at RetryingClient.request (file:///usr/lib/node_modules/@anthropic-ai/claude-code/cli.js:1204:17)${R}"
out "${D}    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)${R}"
out "${D}    at async Agent.step (file:///usr/lib/node_modules/@anthropic-ai/claude-code/cli.js:3381:22)${R}"
out "${D}    at async Agent.run (file:///usr/lib/node_modules/@anthropic-ai/claude-code/cli.js:3420:9)${R}"
out "${YEL}Retries exhausted (10/10). Giving up.${R}"
exit 1
