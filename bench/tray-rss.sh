#!/usr/bin/env bash
# The tray app's idle memory, measured the way a user runs it: under Xvfb next to a tray host
# (trayer), in a private D-Bus session with an unlocked gnome-keyring that holds the default
# client key and one provider's API key (as the Providers page stores it), with a throwaway
# home and a configuration of two providers and two aliases. Each program is started, given
# time to settle after the gateway answers /health, and read from /proc/PID/smaps_rollup; then
# it is stopped with SIGTERM. Nothing is sent upstream; the only traffic is the /health poll
# on 127.0.0.1.
#
#   bench/tray-rss.sh [--runs N] [--settle SECONDS] [--detail] [--open-window] PROGRAM...
#
#   PROGRAM    a clawgate binary, or clawgate-trayfloor (a bare QApplication with a
#              QSystemTrayIcon and its menu: the floor for any Qt Widgets tray app)
#   --runs     runs per program (default 3); the median is printed last
#   --settle   seconds to wait after start before reading (default 5)
#   --detail   also print where the resident memory is, by mapping, for each run
#   --open-window  then open clawgate's window (a second launch raises the first one's),
#              let it settle and read again: the cost of a window that has been opened
#
# Needs xvfb, trayer, gnome-keyring and dbus (installer/deps-debian.sh --with-tests). Bounded:
# each program gets at most 20 s to start, and the whole run a hard timeout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
SETTLE=5
DETAIL=0
OPEN_WINDOW=0
PROGRAMS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) shift; RUNS="$1" ;;
        --settle) shift; SETTLE="$1" ;;
        --detail) DETAIL=1 ;;
        --open-window) OPEN_WINDOW=1 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "unknown option: $1" >&2; exit 2 ;;
        *) PROGRAMS+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")") ;;
    esac
    shift
done
[ ${#PROGRAMS[@]} -gt 0 ] || { sed -n '2,21p' "$0"; exit 2; }
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 10 ] || { echo "--runs: 1 to 10" >&2; exit 2; }
[ "$SETTLE" -ge 0 ] && [ "$SETTLE" -le 60 ] || { echo "--settle: 0 to 60" >&2; exit 2; }

WORK="$(mktemp -d /tmp/clawgate-trayrss.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" \
       XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache" XDG_RUNTIME_DIR="$WORK/run" \
       LANG=C.UTF-8 LANGUAGE=en QT_QPA_PLATFORM=xcb
mkdir -p "$HOME" && mkdir -p -m 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KEY=sk-cg-trayrss-default
mkdir -p "$XDG_CONFIG_HOME/clawgate"
cat >"$XDG_CONFIG_HOME/clawgate/config.json" <<JSON
{
  "version": 1,
  "server": { "host": "127.0.0.1", "port": $PORT },
  "clientKeys": [ { "name": "default", "sha256": "$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)", "status": "active" } ],
  "providers": {
    "one": { "type": "openai", "baseUrl": "http://127.0.0.1:9/one/v1", "apiKey": "keychain:provider.one" },
    "two": { "type": "openai", "baseUrl": "http://127.0.0.1:9/two/v1" }
  },
  "models": [
    { "alias": "chat", "backends": [ { "provider": "one", "model": "m1" }, { "provider": "two", "model": "m2" } ] },
    { "alias": "coder", "backends": [ { "provider": "two", "model": "m3" } ] }
  ]
}
JSON

# One run: start, wait for /health (clawgate) or only the settle time (other programs), read.
cat >"$WORK/measure.sh" <<'SH'
program=$1 run=$2
"$program" >"$WORK/out.$run" 2>&1 & pid=$!
case "$(basename "$program")" in
  clawgate*trayfloor*) ;;
  clawgate*)
    i=0
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
      i=$((i + 1)); [ $i -le 200 ] || { echo "no /health from $program" >&2; break; }
      sleep 0.1
    done ;;
esac
sleep "$SETTLE"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "$program exited early:" >&2; cat "$WORK/out.$run" >&2; exit 1
fi
read_memory() {
  awk -v threads="$(awk '/^Threads:/ {print $2}' /proc/$pid/status)" '
    /^(Rss|Pss|Private_Dirty|Anonymous):/ { v[$1] = $2 }
    END { printf "rss_kib=%d pss_kib=%d private_dirty_kib=%d anon_kib=%d threads=%d\n",
                 v["Rss:"], v["Pss:"], v["Private_Dirty:"], v["Anonymous:"], threads }' \
    /proc/$pid/smaps_rollup
  if [ "$DETAIL" = 1 ]; then
    # Resident KiB by mapping: libraries by file name, anonymous memory by kind.
    awk -v min="${DETAIL_MIN_KIB:-256}" '
         /^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anon]" : $6); sub(".*/", "", name) }
         /^Rss:/ { rss[name] += $2 }
         END { for (n in rss) if (rss[n] >= min) printf "  %7d KiB  %s\n", rss[n], n }' \
      /proc/$pid/smaps | sort -rn
  fi
}
read_memory
case "$OPEN_WINDOW:$(basename "$program")" in
  1:clawgate*trayfloor*) ;;
  1:clawgate*)
    timeout 20 "$program" >/dev/null 2>&1 || true # raises the running one's window, then exits
    sleep "$SETTLE"
    printf 'window opened: '
    read_memory ;;
esac
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
  i=$((i + 1)); [ $i -le 100 ] || { kill -KILL "$pid"; break; }
  sleep 0.1
done
wait "$pid" 2>/dev/null || true
SH

# Inside Xvfb, next to the tray host.
cat >"$WORK/in-display.sh" <<'SH'
trayer --edge top --align right --widthtype pixel --width 120 --height 32 & tray=$!
sleep 1
n=0
for program in $PROGRAM_LIST; do
  n=$((n + 1))
  echo "## $program"
  for run in $(seq 1 "$RUNS"); do
    sh "$WORK/measure.sh" "$program" "$run" | tee -a "$WORK/results.$n"
  done
  grep '^rss_kib' "$WORK/results.$n" | sort -t= -k2 -n \
    | awk -v n="$RUNS" '{ a[NR] = $0 } END { m = a[int((n + 1) / 2)]; split(m, f, /[= ]/);
        printf "median of %d runs: %s (RSS %.1f MiB)\n", n, m, f[2] / 1024 }'
done
kill "$tray" 2>/dev/null || true
SH
# In a private D-Bus session with its own unlocked keyring holding the default client key.
cat >"$WORK/in-session.sh" <<'SH'
eval "$(printf %s trayrss-keyring | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
if [ -x "$PROBE" ]; then
  printf %s "$KEY" | "$PROBE" write client-key:default >/dev/null
  printf %s sk-cg-trayrss-upstream | "$PROBE" write provider.one >/dev/null
fi
xvfb-run -a -s "-screen 0 1280x800x24" sh "$WORK/in-display.sh"
SH
export WORK PORT KEY RUNS SETTLE DETAIL OPEN_WINDOW PROGRAM_LIST="${PROGRAMS[*]}" \
       PROBE="${CLAWGATE_KEYCHAIN_PROBE:-$ROOT/build/tests/support/clawgate-keychain-probe}"
echo "### Tray idle RSS $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD), settle ${SETTLE} s"
timeout $((60 + RUNS * ${#PROGRAMS[@]} * (2 * SETTLE + 55))) dbus-run-session -- sh "$WORK/in-session.sh"
