#!/usr/bin/env bash
# The tray app's own costs, measured with clawgate-guibench (see bench/guibench.cpp): idle RSS,
# RSS after 100 000 requests, the GUI thread's longest stall at 2 000 requests a second and
# during Quit with 200 open streams; once with the worker thread on Qt's UNIX event loop (as
# the tray app runs it) and once on GLib's, to show what the choice is worth.
#
#   bench/run-gui.sh [--no-build]
#
# Builds clawgate-guibench in the Release tree build-bench/ (shared with bench/run.sh). Bounded:
# each run has fixed request counts and a hard timeout; all traffic stays on 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-bench"
if [ "${1:-}" != --no-build ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAWGATE_BUILD_TESTS=ON >/dev/null
    cmake --build "$BUILD" --target clawgate-guibench >/dev/null
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
WORK="$(mktemp -d /tmp/clawgate-guibench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" \
       XDG_RUNTIME_DIR="$WORK/run" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
echo "### Tray app run $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD)"
echo
for mode in "" --glib-worker; do
    echo '```'
    timeout 600 "$BUILD/bench/clawgate-guibench" --rate 2000 --seconds 10 --requests 100000 \
        --streams 200 $mode 2>/dev/null
    echo '```'
done
