#!/usr/bin/env bash
# Demo agent: imitates Claude Code stopped by its usage limit: a short
# migration session, then the "You've hit your session limit · resets 4pm"
# banner (the reset time two hours from now, on the hour) with its options
# dialog. Stays at the dialog; anything typed is ignored. Writes no files.
set -u
export LC_ALL=C.UTF-8

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"
GRN="$E[32m"; YEL="$E[33m"
OK="$GRN⏺$R"; T="  $D⎿$R  "

printf '\e]2;✳ Migrate invoices table\a'
out() { printf '%s\n' "$@"; sleep 0.1; }
resets=$(date -d '+2 hours' '+%-I%P' 2>/dev/null || date -v+2H '+%-I%p' | tr 'APM' 'apm')

out "$OK ${B}Update${R}(db/migrations/0042_invoice_currency.sql)"
out "${T}Updated ${B}db/migrations/0042_invoice_currency.sql${R} with ${B}12${R} additions"
out ""
out "$OK Migration written. Next I'll write the backfill script for existing rows."
out ""
out "> continue with the backfill script"
out ""
out "${T}${YEL}You've hit your session limit · resets ${resets}${R}"
out "  ${D}Opening your options…${R}"
out ""
out "${D}────────────────────────────────────────────────────────────────────${R}"
out "   What do you want to do?"
out ""
out "   ❯ 1. Stop and wait for limit to reset"
out "     2. Switch to extra usage"
out "     3. Upgrade your plan"
out ""
out "   ${D}Enter to confirm · Esc to cancel${R}"
while :; do sleep 3600; done
