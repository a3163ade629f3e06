#!/usr/bin/env bash
# Makes screenshots/wall-120x40.png and screenshots/wall-80x24.png from a REAL
# run of the wall: builds SessionTui, runs `sessiontui demo` inside a private
# tmux server (-L sessiontui-shots) whose window is exactly COLSxROWS, waits
# until the demo agents reach their interesting states, captures the screen
# with colours (capture-pane -e), converts ANSI -> HTML with aha and
# HTML -> PNG with headless Chromium. Intermediate .ansi/.html files go to
# screenshots/out/ (git-ignored).
#
# usage: screenshots/make-screenshots.sh [--no-build]
#        screenshots/make-screenshots.sh --render IN.ansi COLS ROWS OUT.png
#          (only the ANSI -> HTML -> PNG step, for any capture-pane -e output)
#
# environment (all optional):
#   SHOTS_SIZES    sizes to shoot                  (default "120x40 80x24")
#   SHOTS_KEYS     tmux keys sent before capturing (default "l": select the
#                  second card; "" sends nothing)
#   SHOTS_MARKER   regex showing the wall has cards (default: demo session names)
#   SHOTS_READY    space-separated regexes that should all be on screen
#                  before capturing (default "exited.0 exited.1 waiting idle limit";
#                  the demo runs with --idle-after 8 so the idle agent shows)
#   SHOTS_SETTLE   minimum seconds between launch and capture (default 10)
#   SHOTS_READY_MAX  seconds after launch to wait for SHOTS_READY; then it
#                  captures anyway, with a warning (default 30)
#   SHOTS_TIMEOUT  seconds to wait for the first cards (default 60)
#   SHOTS_FONT_PX  font size in CSS px (default 16); SHOTS_SCALE device scale (default 1)
#   SHOTS_BIN      the sessiontui executable (default: the Release build output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHOTS=$ROOT/screenshots
OUT=$SHOTS/out
BIN=${SHOTS_BIN:-$ROOT/src/SessionTui/bin/Release/net10.0/sessiontui}
SOCK=sessiontui-shots          # tmux -L name of the outer server
DEMO_SOCK=sessiontui-demo      # tmux -L name the app's demo server uses

SIZES=${SHOTS_SIZES:-120x40 80x24}
KEYS=${SHOTS_KEYS-l}
MARKER=${SHOTS_MARKER:-claude-refactor|codex-deploy|aider-docs|ralph-tests|claude-review}
READY=${SHOTS_READY:-exited.0 exited.1 waiting idle limit}
SETTLE=${SHOTS_SETTLE:-10}
READY_MAX=${SHOTS_READY_MAX:-30}
TIMEOUT=${SHOTS_TIMEOUT:-60}
FONT_PX=${SHOTS_FONT_PX:-16}
SCALE=${SHOTS_SCALE:-1}
LINE_H=1.2                     # line height, in em
PAD=8                          # page padding, px
FG=d4d4d4; BG=16181d           # terminal default colours (hex)

log() { printf 'make-screenshots: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools ----------------------------------------------------------------
ensure_tools() {
  local pkgs=(aha chromium fonts-dejavu-core fonts-wqy-microhei fonts-noto-color-emoji fonts-symbola) missing=() p
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  command -v tmux >/dev/null || missing+=(tmux)
  command -v perl >/dev/null || missing+=(perl)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  # Lock::Timeout waits for another apt/dpkg run instead of failing on the lock.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# --- ANSI -> HTML -> PNG ---------------------------------------------------
# normalise_ansi: rewrites every SGR sequence of a capture into plain
# attributes (0;1;3;4;9) plus truecolor fg/bg, with reverse video and dim
# already applied, and drops every other escape. aha gets input it handles
# well: it mis-parses reverse combined with 256/truecolor, ignores dim and
# has its own 16-colour palette.
normalise_ansi() {
  FG=$FG BG=$BG perl -e '
    use strict; use warnings;
    my @pal = qw(000000 cd3131 0dbc79 e5e510 2472c8 bc3fbc 11a8cd e5e5e5
                 666666 f14c4c 23d18b f5f543 3b8eea d670d6 29b8db ffffff);
    sub hx { my $h = shift; [ map { hex } unpack "(A2)3", $h ] }
    my ($FG, $BG) = (hx($ENV{FG}), hx($ENV{BG}));
    sub c256 { my $n = shift; $n = 0 if $n !~ /^\d+$/ or $n > 255;
      return hx($pal[$n]) if $n < 16;
      if ($n < 232) { $n -= 16; my @l = (0, 95, 135, 175, 215, 255);
        return [ $l[int($n / 36)], $l[int($n / 6) % 6], $l[$n % 6] ] }
      my $g = 8 + 10 * ($n - 232); return [ $g, $g, $g ] }
    my (%a, $fg, $bg);
    sub ext { # colour after 38/48/58: (mode, values...) -> [r,g,b]
      my ($p) = @_; my $m = shift(@$p) // "";
      return c256(shift(@$p) // 0) if $m eq "5";
      return [ map { my $v = shift(@$p) // 0; $v = 0 if $v !~ /^\d+$/; $v > 255 ? 255 : $v } 1 .. 3 ] if $m eq "2";
      return undef }
    sub sgr {
      my @p = split /;/, $_[0], -1; @p = ("0") unless @p;
      while (@p) {
        my $c = shift @p;
        if ($c =~ /:/) {                       # colon sub-parameters
          my @s = split /:/, $c, -1; $c = shift @s;
          if ($c eq "38" or $c eq "48") {
            @s = ($s[0], @s[-3 .. -1]) if ($s[0] // "") eq "2" and @s > 4;   # 38:2:cs:r:g:b
            my $v = ext(\@s); $c eq "38" ? ($fg = $v) : ($bg = $v) }
          elsif ($c eq "4") { ($s[0] // "1") eq "0" ? delete $a{u} : ($a{u} = 1) }
          next }
        $c = 0 if $c eq "";
        next if $c !~ /^\d+$/;
        if    ($c == 0) { %a = (); $fg = $bg = undef }
        elsif ($c == 1) { $a{b} = 1 } elsif ($c == 2) { $a{d} = 1 } elsif ($c == 3) { $a{i} = 1 }
        elsif ($c == 4 or $c == 21) { $a{u} = 1 } elsif ($c == 7) { $a{r} = 1 }
        elsif ($c == 8) { $a{h} = 1 } elsif ($c == 9) { $a{s} = 1 }
        elsif ($c == 22) { delete @a{qw(b d)} } elsif ($c == 23) { delete $a{i} }
        elsif ($c == 24) { delete $a{u} } elsif ($c == 27) { delete $a{r} }
        elsif ($c == 28) { delete $a{h} } elsif ($c == 29) { delete $a{s} }
        elsif ($c >= 30 and $c <= 37) { $fg = c256($c - 30) } elsif ($c >= 90 and $c <= 97) { $fg = c256($c - 82) }
        elsif ($c >= 40 and $c <= 47) { $bg = c256($c - 40) } elsif ($c >= 100 and $c <= 107) { $bg = c256($c - 92) }
        elsif ($c == 39) { $fg = undef } elsif ($c == 49) { $bg = undef }
        elsif ($c == 38) { $fg = ext(\@p) } elsif ($c == 48) { $bg = ext(\@p) } elsif ($c == 58) { ext(\@p) }
      }
      my ($f, $b) = ($fg, $bg);
      ($f, $b) = ($bg // $BG, $fg // $FG) if $a{r};
      if ($a{d}) { my ($x, $y) = ($f // $FG, $b // $BG); $f = [ map { int($x->[$_] * .6 + $y->[$_] * .4) } 0 .. 2 ] }
      $f = $b // $BG if $a{h};
      my @at = (0); push @at, 1 if $a{b}; push @at, 3 if $a{i}; push @at, 4 if $a{u}; push @at, 9 if $a{s};
      my $o = "\e[" . join(";", @at) . "m";
      $o .= sprintf "\e[38;2;%d;%d;%dm", @$f if $f;
      $o .= sprintf "\e[48;2;%d;%d;%dm", @$b if $b;
      return $o }
    local $/; my $s = <STDIN>;
    $s =~ s/\e\][^\a\e]*(?:\a|\e\\)?//g;          # OSC
    $s =~ s/\e\[(?![0-9;:]*m)[0-9;:?<=>]*[ -\/]*[@-~]//g;  # CSI other than SGR
    $s =~ s/\e(?!\[[0-9;:]*m)[^\[]?//g; $s =~ s/\r//g; # anything else
    $s =~ s/\e\[([0-9;:]*)m/sgr($1)/ge;
    print $s;'
}

# wrap_cells: puts every non-ASCII character (with its combining marks) in a
# span one or two cells wide, so glyphs from fallback fonts (CJK, emoji,
# dingbats) keep the terminal grid. Wide = East Asian Width W or F, as tmux.
wrap_cells() {
  perl -CSD -pe 's{([^\p{M};>\x00-\x1f]\p{M}+|[^\x00-\x7F])}{
      my $c = $1; my $w = ($c =~ /^[\p{Ea=W}\p{Ea=F}]/) ? "w" : "n";
      qq(<span class="$w">$c</span>) }ge'
}

# render IN.ansi COLS ROWS OUT.png : writes OUT.html next to IN.ansi's name in $OUT
render() {
  local in=$1 cols=$2 rows=$3 png=$4 name html body width height lh
  name=$(basename "${png%.png}")
  mkdir -p "$OUT"
  html=$OUT/$name.html
  lh=$(awk -v f="$FONT_PX" -v l="$LINE_H" 'BEGIN { printf "%.2f", f * l }')
  # DejaVu Sans Mono advances 1233/2048 em per cell.
  width=$(awk -v c="$cols" -v f="$FONT_PX" -v p="$PAD" 'BEGIN { w = c * f * 1233 / 2048; printf "%d", (w == int(w) ? w : int(w) + 1) + 2 * p }')
  height=$(awk -v r="$rows" -v h="$lh" -v p="$PAD" 'BEGIN { x = r * h; printf "%d", (x == int(x) ? x : int(x) + 1) + 2 * p }')
  body=$(normalise_ansi < "$in" | aha --stylesheet --no-header | wrap_cells)
  cat > "$html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>$name</title>
<style>
html, body { margin: 0; background: #$BG; }
pre {
  margin: 0; padding: ${PAD}px; color: #$FG; white-space: pre; overflow: hidden;
  font-family: "DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", "Noto Color Emoji", "DejaVu Sans", Symbola, monospace;
  font-size: ${FONT_PX}px; line-height: ${lh}px;
  width: ${cols}ch; height: calc(${rows} * ${lh}px);
  font-variant-ligatures: none; -webkit-font-smoothing: antialiased;
}
.n, .w { display: inline-block; vertical-align: top; height: ${lh}px; overflow: visible; text-align: center; }
.n { width: 1ch; } .w { width: 2ch; }
.bold { font-weight: bold; } .italic { font-style: italic; }
.underline { text-decoration: underline; } .crossed-out { text-decoration: line-through; }
.underline.crossed-out { text-decoration: underline line-through; }
</style></head>
<body><pre>$body</pre></body></html>
HTML
  local profile url; profile=$(mktemp -d)
  url=file://$(sed 's/%/%25/g; s/ /%20/g; s/#/%23/g; s/?/%3F/g' <<<"$html")
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor="$SCALE" \
    --window-size="$width,$height" --screenshot="$png" "$url" >/dev/null 2>&1 || true
  rm -rf "$profile"
  [ -s "$png" ] || die "chromium wrote no $png"
  log "wrote $png (${width}x${height} css px) from $in"
}

# --- one real run of the wall -----------------------------------------------
otmux() { tmux -L "$SOCK" "$@"; }
screen() { otmux capture-pane -p -t shots 2>/dev/null || true; }

cleanup() {
  otmux kill-server 2>/dev/null || true
  if [ -n "${STATE_DIR:-}" ]; then
    # The wall stops its demo server when it quits; if it did not get that
    # far, stop it here. It lives under our private TMUX_TMPDIR, so nobody
    # else's `sessiontui demo` is touched.
    TMUX_TMPDIR=$STATE_DIR/tmux tmux -L "$DEMO_SOCK" kill-server 2>/dev/null || true
    rm -rf "$STATE_DIR"
  fi
}

shoot() {
  local cols=$1 rows=$2 start now ok w k
  local ansi=$OUT/wall-${cols}x${rows}.ansi png=$SHOTS/wall-${cols}x${rows}.png
  otmux kill-server 2>/dev/null || true
  # The wall runs as from a plain terminal (no TMUX). XDG dirs point at a
  # scratch folder: no history written to the real one, no personal config or
  # theme in the pictures. A private TMUX_TMPDIR keeps its demo server
  # (-L sessiontui-demo) apart from any other one on this machine.
  otmux -f /dev/null start-server \; set-option -g remain-on-exit on \; set-option -g status off \; \
    new-session -d -s shots -x "$cols" -y "$rows" \
    "env -u TMUX -u TMUX_PANE TERM=xterm-256color COLORTERM=truecolor \
       TMUX_TMPDIR='$STATE_DIR/tmux' XDG_STATE_HOME='$STATE_DIR/state' \
       XDG_CONFIG_HOME='$STATE_DIR/config' '$BIN' demo --idle-after 8"
  w=$(otmux display-message -p -t shots '#{pane_width}x#{pane_height}') || true
  [ "$w" = "${cols}x${rows}" ] || die "pane is $w, wanted ${cols}x${rows}"
  start=$SECONDS

  until screen | grep -Eq -- "$MARKER"; do
    if [ "$(otmux display-message -p -t shots '#{pane_dead}')" = 1 ]; then
      screen >&2; die "sessiontui demo exited (status $(otmux display-message -p -t shots "#{pane_dead_status}")) before showing cards"
    fi
    (( SECONDS - start < TIMEOUT )) || { screen >&2; die "no cards after ${TIMEOUT}s (marker: $MARKER)"; }
    sleep 0.5
  done
  log "${cols}x${rows}: cards after $(( SECONDS - start ))s"
  while :; do
    now=$(screen); ok=1
    for w in $READY; do grep -Eq -- "$w" <<<"$now" || ok=0; done
    (( ok && SECONDS - start >= SETTLE )) && break
    if (( SECONDS - start >= READY_MAX )); then log "warning: not all of '$READY' on screen; capturing anyway"; break; fi
    sleep 0.5
  done
  for k in $KEYS; do otmux send-keys -t shots "$k"; sleep 0.4; done
  sleep 1.5   # let the wall redraw after the keys / the last refresh
  otmux capture-pane -e -N -p -t shots > "$ansi"
  render "$ansi" "$cols" "$rows" "$png"

  otmux send-keys -t shots q
  for _ in $(seq 20); do
    [ "$(otmux display-message -p -t shots '#{pane_dead}' 2>/dev/null)" = 1 ] && break
    sleep 0.25
  done
  [ "$(otmux display-message -p -t shots '#{pane_dead}' 2>/dev/null)" = 1 ] || log "warning: the wall did not quit on q"
  otmux kill-server 2>/dev/null || true
}

main() {
  if [ "${1:-}" = --render ]; then
    (( $# == 5 )) || die "usage: $0 --render IN.ansi COLS ROWS OUT.png"
    ensure_tools
    render "$2" "$3" "$4" "$5"
    return
  fi
  local build=1 size
  [ "${1:-}" = --no-build ] && build=0
  ensure_tools
  if (( build )); then
    log "building (dotnet build src/SessionTui -c Release)"
    (cd "$ROOT" && dotnet build src/SessionTui -c Release -nologo -v quiet) || die "build failed"
  fi
  [ -x "$BIN" ] || die "no $BIN (build first)"
  mkdir -p "$OUT"
  STATE_DIR=$(mktemp -d)
  mkdir -p "$STATE_DIR/tmux" "$STATE_DIR/state" "$STATE_DIR/config"
  trap cleanup EXIT
  trap 'exit 130' INT TERM HUP
  for size in $SIZES; do
    shoot "${size%x*}" "${size#*x}"
  done
}

main "$@"
