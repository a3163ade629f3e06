#!/usr/bin/env bash
# Demo agent: a terminal-capability check like the ones agents print while
# they start up: 16 colours, a 256-colour ramp, a truecolor gradient, text
# styles, wide CJK/emoji, combining marks, box drawing and a tab table,
# then a spinner/progress line rewritten with \r every second forever.
# Writes no files.
set -u
export LC_ALL=C.UTF-8

E=$'\e'
R="$E[0m"; B="$E[1m"; D="$E[2m"

label() { printf '%s%-11s%s' "$D" "$1" "$R"; }

# 16 colours as numbered background blocks, normal then bright.
label "16 colours"
for c in 0 1 2 3 4 5 6 7; do printf '%s %2d %s' "$E[4${c}m$E[97m" "$c" "$R"; done; echo
label ""
for c in 0 1 2 3 4 5 6 7; do printf '%s %2d %s' "$E[10${c}m$E[30m" "$((c + 8))" "$R"; done; echo
label "foreground"
for c in 30 31 32 33 34 35 36 37 90 91 92 93 94 95 96 97; do printf '%sAa%s ' "$E[${c}m" "$R"; done; echo

# 256-colour ramp: every 4th colour of the 6x6x6 cube, then the greys.
label "256 cube"
for (( c = 16; c < 232; c += 4 )); do printf '%s ' "$E[48;5;${c}m"; done; printf '%s\n' "$R"
label "256 greys"
for (( c = 232; c < 256; c++ )); do printf '%s  ' "$E[48;5;${c}m"; done; printf '%s\n' "$R"

# Truecolor: red -> green -> blue in 60 cells, upper half block on a second hue.
label "truecolor"
for (( i = 0; i < 60; i++ )); do
  if (( i < 30 )); then r=$(( 255 - i * 255 / 29 )); g=$(( i * 255 / 29 )); b=0
  else r=0; g=$(( 255 - (i - 30) * 255 / 29 )); b=$(( (i - 30) * 255 / 29 )); fi
  printf '%s▀' "$E[38;2;${r};${g};${b}m$E[48;2;${b};${r};${g}m"
done; printf '%s\n' "$R"

label "styles"
printf '%s ' "${B}bold$R" "$E[3mitalic$R" "$E[4munderline$R" "${D}dim$R" \
  "$E[7mreverse$R" "$E[9mstrike$R" "$E[1;3;4;35mall at once$R"; echo
label "wide"
printf '%s\n' "日本語のテキスト | 中文 | 한국어 | ✅ 🚀 🔥 | done"
label "combining"
printf '%s\n' "cafe"$'\xcc\x81'" (e+U+0301)  n"$'\xcc\x83'"  a"$'\xcc\x88'"  | naïve Ωmega ß → ≠ ≤ ≥ ∞"
echo

cat <<TABLE
┌────────────┬──────────┬────────┐
│ session    │ agent    │ state  │
├────────────┼──────────┼────────┤
│ api-rate   │ claude   │ ${E}[32mbusy${R}   │
│ parser-fix │ codex    │ ${E}[36mdone${R}   │
│ migrate    │ aider    │ ${E}[31mfailed${R} │
└────────────┴──────────┴────────┘
TABLE
echo
printf 'NAME\tAGENT\tSTATE\tAGE\n'
printf 'api\tclaude\tbusy\t12m\n'
printf 'parser\tcodex\tdone\t3m\n'
printf 'migrate\taider\tfailed\t41s\n'
printf '╔═══╗ ╭───╮ ┏━━━┓ ░▒▓█ ▁▂▃▄▅▆▇█\n╚═══╝ ╰───╯ ┗━━━┛ ⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏\n'
echo

# Progress line, rewritten in place every second, forever. Sized to the
# pane so it never wraps (a wrapped line would defeat the \r).
spin=(⠋ ⠙ ⠹ ⠸ ⠼ ⠴ ⠦ ⠧ ⠇ ⠏)
n=0
while :; do
  cols=$(tput cols 2>/dev/null) || cols=80
  w=$(( cols - 31 )); (( w > 20 )) && w=20; (( w < 0 )) && w=0
  p=$(( n % 21 * 5 )); full=$(( p * w / 100 )); bar=""
  for (( i = 0; i < w; i++ )); do
    if (( i < full )); then bar+="█"; else bar+="░"; fi
  done
  files=""; (( cols >= 31 + w + 12 )) && files=" $D($(( p * 214 / 100 )) files)$R"
  printf '\r%s%s%s Indexing repository… %s%s%s %3d%%%s%s' \
    "$E[36m" "${spin[n % 10]}" "$R" "$E[32m" "$bar" "$R" "$p" "$files" "$E[K"
  n=$(( n + 1 ))
  sleep 1
done
