#!/usr/bin/env bash
# Demo agent: imitates a one-shot Aider run (aider --message ...) that
# documents a feature, runs the tests ("✓ 42 tests passed"), writes a
# handoff note and exits 0 after about five seconds. Writes no files.
set -u

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"
GRN="$E[32m"; YEL="$E[33m"; BLU="$E[38;5;33m"

out() { printf '%s\n' "$@"; sleep 0.15; }

out "${D}Aider v0.86.1${R}"
out "${D}Main model: anthropic/claude-sonnet-4 with diff edit format${R}"
out "${D}Git repo: .git with 214 files${R}"
out "${D}Repo-map: using 4096 tokens, auto refresh${R}"
out "${D}Added README.md to the chat.${R}"
out "${D}Added docs/api.md to the chat.${R}"
out ""
out "${BLU}I'll document the new rate limiter in docs/api.md and link it from${R}"
out "${BLU}the README.${R}"
out ""
out "docs/api.md"
out "${D}\`\`\`markdown${R}"
out "${D}<<<<<<< SEARCH${R}"
out "## Errors"
out "${D}=======${R}"
out "${GRN}## Rate limits${R}"
out ""
out "${GRN}Each API token may make 120 requests per minute. Over the limit the${R}"
out "${GRN}API answers \`429 Too Many Requests\` with a \`Retry-After\` header.${R}"
out ""
out "## Errors"
out "${D}>>>>>>> REPLACE${R}"
out "${D}\`\`\`${R}"
out ""
out "${D}Tokens: 6.1k sent, 402 received. Cost: \$0.03 message, \$0.03 session.${R}"
out "${YEL}Applied edit to docs/api.md${R}"
out "${YEL}Commit 8d41e07 docs: document rate limits${R}"
out "Running npm test"
out "  ${GRN}✓ 42 tests passed${R} ${D}(1.84s)${R}"
out "${YEL}Applied edit to HANDOFF.md${R}"
out "${YEL}Commit 2c9f1aa docs: add handoff notes${R}"
out ""
out "${B}Done. Wrote handoff to HANDOFF.md${R}"
exit 0
