#!/bin/sh
# Writes docs/screenshots/: a PNG of each page of the real tray app's window and of its open
# tray menu, the way a user sees them. The app runs under Xvfb next to a tray host (trayer),
# with a throwaway home directory and a configuration whose providers are the mock upstream
# from tests/support, so nothing real is touched and no network is used. The app's
# CLAWGATE_SCREENSHOT_TOUR variable (for this script only) makes it grab each page and the
# menu once the gateway runs, then quit.
#
# Usage: tests/screenshots.sh [BUILD_DIR]   (default: build; needs xvfb and trayer, see
# installer/deps-debian.sh --with-tests)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
build=$(cd "${1:-build}" && pwd)
out="$root/docs/screenshots"
for program in "$build/app/clawgate/clawgate" "$build/app/clawgatectl/clawgatectl" \
    "$build/tests/support/clawgate-mock-upstream"; do
  [ -x "$program" ] || { echo "missing $program: build first" >&2; exit 1; }
done

home=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -z "$mock_pid" ] || kill "$mock_pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
       XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run" \
       LANG=C.UTF-8 LANGUAGE=en
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

# The mock upstream on an ephemeral port; its first line says where.
"$build/tests/support/clawgate-mock-upstream" --port 0 >"$home/mock.out" &
mock_pid=$!
i=0
until grep -q '^listening on ' "$home/mock.out" 2>/dev/null; do
  i=$((i + 1))
  [ $i -le 100 ] || { echo "the mock upstream did not start" >&2; exit 1; }
  sleep 0.1
done
mock=$(sed -n 's/^listening on //p' "$home/mock.out")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
config="$XDG_CONFIG_HOME/clawgate/config.json"
mkdir -p "$(dirname "$config")"
cat >"$config" <<JSON
{
  "version": 1,
  "server": { "host": "127.0.0.1", "port": $port },
  "clientKeys": [
    { "name": "laptop", "sha256": "$(printf %s sk-screenshot-laptop | sha256sum | cut -d' ' -f1)", "status": "active" },
    { "name": "openclaw", "sha256": "$(printf %s sk-screenshot-openclaw | sha256sum | cut -d' ' -f1)", "status": "active" }
  ],
  "providers": {
    "doubao": { "type": "openai", "baseUrl": "$mock/doubao/v1" },
    "deepseek": { "type": "openai", "baseUrl": "$mock/deepseek/v1" }
  },
  "models": [
    { "alias": "chat", "displayName": "Chat", "contextWindow": 128000, "maxTokens": 8192,
      "backends": [ { "provider": "doubao", "model": "doubao-seed-1-8" },
                    { "provider": "deepseek", "model": "deepseek-chat" } ] },
    { "alias": "coder", "contextWindow": 64000,
      "backends": [ { "provider": "deepseek", "model": "deepseek-coder" } ] }
  ]
}
JSON
# A cooling backend, so the Cooldowns page and the tray show what they are for.
"$build/app/clawgatectl/clawgatectl" --config "$config" cooldown set deepseek:deepseek-coder 3h >/dev/null

mkdir -p "$out"
# Inside Xvfb next to the tray host: the app, and a few requests (one failing over) while its
# tour settles, so the live log has rows.
cat >"$home/in-display.sh" <<'SH'
trayer --edge top --align right --widthtype pixel --width 120 --height 32 & sleep 1
"$BUILD/app/clawgate/clawgate" & app=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
  i=$((i + 1)); [ $i -le 200 ] || break; sleep 0.05
done
curl -sf -X POST -H 'Content-Type: application/json' -d '{"status":503}' \
  "$MOCK/_mock/enqueue/doubao" >/dev/null || true
for model in chat chat coder chat; do
  curl -s -o /dev/null -H 'Authorization: Bearer sk-screenshot-laptop' \
    -H 'Content-Type: application/json' \
    -d "{\"model\":\"$model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" \
    "http://127.0.0.1:$PORT/v1/chat/completions" || true
done
wait $app
SH
# A keychain of its own (gnome-keyring in a private D-Bus session) that holds the default
# client key, so the OpenClaw page shows its snippet.
cat >"$home/in-session.sh" <<'SH'
eval "$(printf %s screenshot-keyring | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
printf %s sk-screenshot-openclaw \
  | "$BUILD/tests/support/clawgate-keychain-probe" write client-key:default >/dev/null
xvfb-run -a -s "-screen 0 1280x800x24" sh "$HOME/in-display.sh"
SH
CLAWGATE_SCREENSHOT_TOUR="$out" QT_QPA_PLATFORM=xcb PORT="$port" MOCK="$mock" BUILD="$build" \
  timeout 120 dbus-run-session -- sh "$home/in-session.sh"
ls "$out"
