#!/usr/bin/env bash
# ClawGate benchmark: what translating Anthropic Messages to an OpenAI backend costs, measured
# against relaying chat completions unchanged, in one run, same gateway, same backend.
#
#   bench/run-translate.sh [--record] [--no-build] [--duration SECONDS] [--profile]
#
#   --record      append a dated run section to bench/RESULTS.md
#   --no-build    reuse the existing Release tree in build-bench/
#   --duration S  wrk duration per measurement (default 5, max 30)
#   --profile     then record the gateway with perf under each 64-connection load and print
#                 the share of its CPU time in the translation's and the relay's main steps
#
# One agent-sized conversation (~9 KB: system prompt, four turns with tool calls and results,
# five tools), written once as `POST /v1/messages` and once as `POST /v1/chat/completions`
# (bench/agentbodies.py), and a ~1 KB answer (a text and one tool call) programmed in the mock
# upstream. Measures:
#   1. req/s at 64 connections and latency p50/p99 at 1 connection (wrk): direct chat to the
#      mock, chat relayed through ClawGate, messages translated through ClawGate
#   2. per-event stream latency: clawgate-stamped-upstream writes 400 chat chunks 5 ms apart,
#      each carrying its send time; clawgate-loadgen --stamps reads it back on receipt: direct,
#      chat relayed, messages translated (the translation keeps the text byte for byte)
# nginx is not a peer here: it cannot translate. bench/run.sh compares the chat relay with it.
# Every load is bounded (wrk for a fixed duration behind `timeout`, one stream per measurement
# with a hard timeout); all traffic goes to 127.0.0.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
OPTIONS=()
PROFILE=0
for arg in "$@"; do
    if [ "$arg" = --profile ]; then PROFILE=1; else OPTIONS+=("$arg"); fi
done
bench_options 2,25 "${OPTIONS[@]}"
[ "$PROFILE" = 0 ] || require_tools perf
require_tools wrk curl jq openssl sha256sum awk python3
raise_file_limit

STREAM_EVENTS=400
STREAM_INTERVAL_MS=5

bench_build clawgatectl clawgate-mock-upstream clawgate-loadgen clawgate-stamped-upstream
STAMPED="$BUILD/bench/clawgate-stamped-upstream"
require_binaries "$CTL" "$MOCK" "$LOADGEN" "$STAMPED"

# ---------------------------------------------------------------- processes
bench_workdir
start_listener mock "$MOCK" --port 0 --no-record
MOCK_PORT="$LISTENER_PORT"
start_listener stamped "$STAMPED" --port 0 --events "$STREAM_EVENTS" --interval-ms "$STREAM_INTERVAL_MS"
STAMPED_PORT="$LISTENER_PORT"

new_client_key
cat >"$WORK/config.json" <<EOF
{
  "version": 1,
  "server": { "host": "127.0.0.1", "port": 0, "maxConnections": 4096 },
  "clientKeys": [ { "name": "bench", "sha256": "$KEY_SHA", "status": "active" } ],
  "providers": {
    "mock": { "type": "openai", "baseUrl": "http://127.0.0.1:$MOCK_PORT/mock/v1" },
    "stamped": { "type": "openai", "baseUrl": "http://127.0.0.1:$STAMPED_PORT/v1" }
  },
  "models": [
    { "alias": "chat", "backends": [ { "provider": "mock", "model": "m" } ] },
    { "alias": "stamped", "backends": [ { "provider": "stamped", "model": "m" } ] }
  ]
}
EOF
start_listener gateway "$CTL" serve --config "$WORK/config.json"
GW_PID="$LISTENER_PID" GW_PORT="$LISTENER_PORT"

MOCK_BASE="http://127.0.0.1:$MOCK_PORT"
GW_BASE="http://127.0.0.1:$GW_PORT"
DIRECT_CHAT="$MOCK_BASE/mock/v1/chat/completions"
THROUGH_CHAT="$GW_BASE/v1/chat/completions"
THROUGH_MESSAGES="$GW_BASE/v1/messages"
STAMPED_CHAT="http://127.0.0.1:$STAMPED_PORT/v1/chat/completions"

# ---------------------------------------------------------------- bodies and the answer
python3 "$ROOT/bench/agentbodies.py" "$ROOT/tests/data/translate/agent-request.json" "$WORK"
CHAT_BODY="$(cat "$WORK/chat.json")"
MESSAGES_BODY="$(cat "$WORK/messages.json")"
jq -c '.model = "stamped"' "$WORK/chat-stream.json" >"$WORK/chat-stamped.json"
jq -c '.model = "stamped"' "$WORK/messages-stream.json" >"$WORK/messages-stamped.json"
curl -sf --max-time 5 -X PUT -H 'Content-Type: application/json' \
    -d "$(jq -c '{stream: false, body: tojson}' "$WORK/answer.json")" \
    "$MOCK_BASE/_mock/behavior/mock" >/dev/null

ANTHROPIC_HEADERS=("x-api-key: $KEY" "anthropic-version: 2023-06-01")
make_lua "$WORK/direct.lua" "$CHAT_BODY"
make_lua "$WORK/chat.lua" "$CHAT_BODY" "Authorization: Bearer $KEY"
make_lua "$WORK/messages.lua" "$MESSAGES_BODY" "${ANTHROPIC_HEADERS[@]}"

# Sanity: the relay hands back the programmed answer byte for byte, the translation turns it
# into a Messages answer with the text and the tool call, and both stamped streams arrive whole.
check_200 "$WORK/direct.out" -d "$CHAT_BODY" "$DIRECT_CHAT"
check_200 "$WORK/chat.out" -H "Authorization: Bearer $KEY" -d "$CHAT_BODY" "$THROUGH_CHAT"
cmp -s "$WORK/direct.out" "$WORK/chat.out" || { echo "the relayed answer differs from the mock's" >&2; exit 1; }
check_200 "$WORK/messages.out" -H "${ANTHROPIC_HEADERS[0]}" -H "${ANTHROPIC_HEADERS[1]}" -d "$MESSAGES_BODY" "$THROUGH_MESSAGES"
jq -e '.type == "message" and .stop_reason == "tool_use" and ([.content[].type] == ["text", "tool_use"])' \
    "$WORK/messages.out" >/dev/null || { echo "unexpected translated answer:" >&2; cat "$WORK/messages.out" >&2; exit 1; }
ANSWER_BYTES="$(wc -c <"$WORK/direct.out")"
MESSAGES_ANSWER_BYTES="$(wc -c <"$WORK/messages.out")"

# ---------------------------------------------------------------- measurements
log "warm-up"
for pair in "$DIRECT_CHAT direct" "$THROUGH_CHAT chat" "$THROUGH_MESSAGES messages"; do
    timeout 20 wrk -t1 -c8 -d1s -s "$WORK/${pair#* }.lua" "${pair% *}" >/dev/null 2>&1 || true
done

# Three points per round: direct, chat relayed, messages translated; the kept round is the one
# with the median messages/chat throughput ratio, the number this benchmark is about.
measure_translation() {
    measure_rounds "$1" "$2" "$3" 3 2 "$DIRECT_CHAT" "$WORK/direct.lua" \
        "$THROUGH_CHAT" "$WORK/chat.lua" "$THROUGH_MESSAGES" "$WORK/messages.lua"
}
MEASURE_CPU_PID="$GW_PID" # the gateway's CPU per request, less sensitive to the neighbours
W1="$(measure_translation c1 1 1)"
W64="$(measure_translation c64 64 2)"

# stamped_stream NAME URL BODY_FILE: one stream, per-event delays from the upstream's write
stamped_stream() {
    local out
    out="$(timeout 60 "$LOADGEN" --url "$2" --concurrency 1 --timeout 30 --stamps --key "$KEY" \
        --body-file "$3" 2>&1 | tr '\n' ' ')" || true
    log "$1 stream: $out"
    echo "$out"
}
B="$(busy_pct)"; note_load streams "${B}%"
log "stamped streams, $STREAM_EVENTS events ${STREAM_INTERVAL_MS} ms apart: direct, chat relayed, messages translated"
SD="$(stamped_stream direct "$STAMPED_CHAT" "$WORK/chat-stamped.json")"
SC="$(stamped_stream chat "$THROUGH_CHAT" "$WORK/chat-stamped.json")"
SM="$(stamped_stream messages "$THROUGH_MESSAGES" "$WORK/messages-stamped.json")"
note_load streams-after "$(busy_pct)%"
kill -0 "$GW_PID" 2>/dev/null || { echo "the gateway died during the run" >&2; cat "$WORK/gateway.err" >&2; exit 1; }

# ---------------------------------------------------------------- profile (--profile)
PROFILE_KEYS=(ApiHandlers::proxy RequestBody::parse anthropicToChatRequest
              chatToAnthropicResponse replaceTopLevelValue ProxyExchange::respondTranslated
              QJsonDocument::fromJson CurlMulti::socketAction ClientConnection::respond malloc)
# profile_path NAME URL LUA: the gateway's stacks (perf, 499 Hz, DWARF unwinding) for a few
# seconds of 64-connection load, summarised by bench/perfshares.py
profile_path() {
    local seconds=$((DURATION < 3 ? 3 : DURATION)) wrk_pid
    timeout $((seconds + 30)) wrk -t2 -c64 -d$((seconds + 2))s -s "$3" "$2" >/dev/null 2>&1 &
    wrk_pid=$!
    sleep 1
    perf record -q -o "$WORK/$1.perf" -e cpu-clock -F 499 --call-graph dwarf,16384 -p "$GW_PID" \
        -- sleep "$seconds" >/dev/null 2>&1 || true
    wait "$wrk_pid" || true
    perf script -i "$WORK/$1.perf" -F ip,sym 2>/dev/null \
        | python3 "$ROOT/bench/perfshares.py" "${PROFILE_KEYS[@]}" || true
}
if [ "$PROFILE" = 1 ]; then
    log "profile: chat relayed, then messages translated, 64 connections"
    PROFILE_CHAT="$(profile_path chat "$THROUGH_CHAT" "$WORK/chat.lua")"
    PROFILE_MESSAGES="$(profile_path messages "$THROUGH_MESSAGES" "$WORK/messages.lua")"
fi

# ---------------------------------------------------------------- report
for v in W1 W64; do
    i=0
    for point in D C M; do
        i=$((i + 1))
        line="$(sed -n "${i}p" <<<"${!v}")"
        for k in rps requests cpu_ticks p50_us p99_us err_status err_connect err_read err_timeout; do
            printf -v "${v}${point}_$k" '%s' "$(kv "$line" "$k")"
        done
    done
done
for v in SD SC SM; do
    for k in ok stamped_events event_p50_ms event_p90_ms event_p99_ms event_max_ms first_error; do
        printf -v "${v}_$k" '%s' "$(kv "${!v}" "$k")"
    done
done
TRANSLATE_RATIO="$(ratio "$W64M_rps" "$W64C_rps")"
CLK_TCK="$(getconf CLK_TCK)"
cpu_us() { # cpu_us V: the gateway's CPU per request of one wrk point, in microseconds
    local t="${1}_cpu_ticks" r="${1}_requests"
    awk -v t="${!t:-0}" -v r="${!r:-0}" -v hz="$CLK_TCK" 'BEGIN{ if (r>0) printf "%.0f µs", t*1e6/hz/r; else print "n/a"}'
}
errors() { # errors V: "non-2xx / socket errors" of one wrk point
    local s="${1}_err_status" c="${1}_err_connect" r="${1}_err_read" t="${1}_err_timeout"
    echo "${!s:-?} / $((${!c:-0} + ${!r:-0} + ${!t:-0}))"
}

report() {
cat <<EOF
#### Run $(date -u '+%Y-%m-%d %H:%M UTC'), $(git_tree)

- Command: \`bench/run-translate.sh$( [ "$RECORD" = 1 ] && echo ' --record') --duration $DURATION\` (Release build); machine: $(machine_line)
- Machine CPU busy over 1 s before/after each measurement while our processes are idle (50 % = one core; wrk points: three rounds, the round with the median messages/chat ratio kept): $(tr '\n' ' ' <"$WORK/loads"); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- Request: chat ${#CHAT_BODY} bytes, messages ${#MESSAGES_BODY} bytes; answer from the mock $ANSWER_BYTES bytes (client gets $MESSAGES_ANSWER_BYTES bytes translated)

| non-stream | direct to mock | chat relayed | messages translated | messages / chat | target |
|---|---|---|---|---|---|
| req/s, 64 connections | $W64D_rps | $W64C_rps | $W64M_rps | ${TRANSLATE_RATIO}× | ≥ 0.85×: $(verdict "$TRANSLATE_RATIO" 0.85 ge) |
| req/s, 1 connection | $W1D_rps | $W1C_rps | $W1M_rps | $(ratio "$W1M_rps" "$W1C_rps")× | |
| gateway CPU per request, 64 connections | - | $(cpu_us W64C) | $(cpu_us W64M) | | |
| p50, 1 connection (added) | $(us2ms "$W1D_p50_us") ms | $(us2ms "$W1C_p50_us") ms ($(sub_ms "$W1C_p50_us" "$W1D_p50_us")) | $(us2ms "$W1M_p50_us") ms ($(sub_ms "$W1M_p50_us" "$W1D_p50_us")) | | |
| p99, 1 connection (added) | $(us2ms "$W1D_p99_us") ms | $(us2ms "$W1C_p99_us") ms ($(sub_ms "$W1C_p99_us" "$W1D_p99_us")) | $(us2ms "$W1M_p99_us") ms ($(sub_ms "$W1M_p99_us" "$W1D_p99_us")) | | |
| non-2xx / socket errors, 64 conns | $(errors W64D) | $(errors W64C) | $(errors W64M) | | |

| stream, $STREAM_EVENTS events ${STREAM_INTERVAL_MS} ms apart, upstream write → client receipt | direct | chat relayed | messages translated |
|---|---|---|---|
| events stamped / received | $SD_stamped_events | $SC_stamped_events | $SM_stamped_events |
| p50 | $SD_event_p50_ms ms | $SC_event_p50_ms ms | $SM_event_p50_ms ms |
| p90 | $SD_event_p90_ms ms | $SC_event_p90_ms ms | $SM_event_p90_ms ms |
| p99 | $SD_event_p99_ms ms | $SC_event_p99_ms ms | $SM_event_p99_ms ms |
| max | $SD_event_max_ms ms | $SC_event_max_ms ms | $SM_event_max_ms ms |
EOF
if [ "$PROFILE" = 1 ]; then
    printf '\nGateway CPU, chat relayed (perf):\n```\n%s\n```\n' "$PROFILE_CHAT"
    printf '\nGateway CPU, messages translated (perf):\n```\n%s\n```\n' "$PROFILE_MESSAGES"
fi
}

echo
echo "================ ClawGate translation benchmark ================"
report
echo "================================================================"
if [ "$RECORD" = 1 ]; then
    { echo; report; } >>"$RESULTS"
    log "appended run section to $RESULTS"
else
    report >/tmp/clawgate-bench-translate-last.md
    log "markdown section written to /tmp/clawgate-bench-translate-last.md (use --record to append to RESULTS.md)"
fi
