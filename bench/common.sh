# Shared by the gateway benchmarks (bench/run.sh, bench/run-translate.sh); source it after
# setting ROOT. It holds what every run does the same way: the options (--record, --no-build,
# --duration), the Release build, an isolated temp dir, starting the mock upstream and the
# gateway, the machine-load samples printed with each result, wrk with exact percentiles, and
# number formatting for the report.

BUILD="$ROOT/build-bench"
RESULTS="$ROOT/bench/RESULTS.md"
RECORD=0
BUILD_IT=1
DURATION=5
BENCH_PIDS=() # started processes, stopped in reverse order at exit
WORK=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# bench_options USAGE_LINES "$@": --record, --no-build, --duration 1..30 (seconds per wrk point)
bench_options() {
    local usage_lines="$1" script="$0"
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
            --record) RECORD=1 ;;
            --no-build) BUILD_IT=0 ;;
            --duration) shift; DURATION="${1:-}" ;;
            -h|--help) sed -n "$usage_lines"p "$script"; exit 0 ;;
            *) echo "unknown option: $1" >&2; exit 2 ;;
        esac
        shift
    done
    if ! [[ "$DURATION" =~ ^[0-9]+$ ]] || [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 30 ]; then
        echo "--duration must be 1..30 seconds" >&2; exit 2
    fi
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
    done
}

# Many concurrent connections on three processes: raise the descriptor limit.
raise_file_limit() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
}

# bench_build TARGET...: builds them in the Release tree build-bench/ (unless --no-build), then
# checks the tree is Release and sets CTL, MOCK, LOADGEN.
bench_build() {
    if [ "$BUILD_IT" = 1 ]; then
        log "building Release tree in $BUILD"
        mkdir -p "$BUILD"
        cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAWGATE_BUILD_TESTS=ON >"$BUILD/bench-configure.log" 2>&1 \
            || { tail -30 "$BUILD/bench-configure.log" >&2; echo "configure failed (log: $BUILD/bench-configure.log)" >&2; exit 1; }
        cmake --build "$BUILD" --target "$@" >"$BUILD/bench-build.log" 2>&1 \
            || { tail -30 "$BUILD/bench-build.log" >&2; echo "build failed (log: $BUILD/bench-build.log)" >&2; exit 1; }
    fi
    local build_type
    build_type="$(awk -F= '/^CMAKE_BUILD_TYPE:/{print $2}' "$BUILD/CMakeCache.txt" 2>/dev/null)"
    if [ "$build_type" != Release ]; then
        echo "build-bench is a '$build_type' tree; the benchmark needs Release" >&2; exit 1
    fi
    CTL="$BUILD/app/clawgatectl/clawgatectl"
    MOCK="$BUILD/tests/support/clawgate-mock-upstream"
    LOADGEN="$BUILD/bench/clawgate-loadgen"
}

require_binaries() {
    local b
    for b in "$@"; do
        [ -x "$b" ] || { echo "missing binary: $b" >&2; exit 1; }
    done
}

bench_cleanup() {
    local i pid
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        kill -TERM "${BENCH_PIDS[$i]}" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
}

# bench_workdir: a temp dir that QStandardPaths (usage store, state, keychain fallbacks) and
# HOME point into, no proxies, and the exit trap that stops everything started.
bench_workdir() {
    WORK="$(mktemp -d /tmp/clawgate-bench.XXXXXX)"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_DATA_HOME="$WORK/xdg/data" \
           XDG_STATE_HOME="$WORK/xdg/state" XDG_CACHE_HOME="$WORK/xdg/cache"
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
    unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
    export no_proxy='*' NO_PROXY='*'
}

# wait_listening FILE PID: prints the port from "listening on http://127.0.0.1:PORT"
wait_listening() {
    local file="$1" pid="$2"
    for _ in $(seq 200); do
        local port
        port="$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$file" 2>/dev/null | head -1)"
        if [ -n "$port" ]; then echo "$port"; return 0; fi
        kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; return 1; }
        sleep 0.05
    done
    cat "$file" >&2
    return 1
}

# start_listener NAME COMMAND...: starts a server that prints "listening on ..."; sets
# LISTENER_PID and LISTENER_PORT (not through $(...): the process must be our child).
start_listener() {
    local name="$1"
    shift
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    LISTENER_PID=$!
    BENCH_PIDS+=("$LISTENER_PID")
    LISTENER_PORT="$(wait_listening "$WORK/$name.out" "$LISTENER_PID")" \
        || { echo "$name did not start" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    log "$name pid $LISTENER_PID on port $LISTENER_PORT"
}

# new_client_key: KEY (a fresh random client key) and KEY_SHA (what the config stores)
new_client_key() {
    KEY="cg-bench-$(openssl rand -hex 24)"
    KEY_SHA="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
}

proc_field() { awk -v f="$2:" '$1==f{print $2}' "/proc/$1/status" 2>/dev/null; }

# busy_pct: CPU busy share of the whole machine over the next second, while our own
# processes are idle; > 25 % means something else (a compiler, ...) is using a core.
busy_pct() {
    local a b
    a="$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)"; sleep 1
    b="$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)"
    awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," "); split(b,y," "); bu=y[1]-x[1]; id=y[2]-x[2];
        printf "%.0f", ((bu+id) > 0 ? 100*bu/(bu+id) : 0)}'
}
note_load() { echo "$1=$2" >>"$WORK/loads"; }
# kv TEXT KEY: the value of KEY=value in a line of key=value pairs
kv() { sed -n "s/.*[[:space:]]$2=\([^[:space:]]*\).*/\1/p; s/^$2=\([^[:space:]]*\).*/\1/p" <<<"$1" | head -1; }
jesc() { jq -Rn --arg s "$1" '$s'; }

# make_lua FILE BODY [HEADER...]: a wrk script POSTing BODY with the given "Name: value"
# headers, printing one RESULT line with exact percentiles at the end.
make_lua() {
    local file="$1" body="$2" header
    shift 2
    {
        echo 'wrk.method = "POST"'
        echo "wrk.body = $(jesc "$body")"
        echo 'wrk.headers["Content-Type"] = "application/json"'
        for header in "$@"; do
            echo "wrk.headers[$(jesc "${header%%: *}")] = $(jesc "${header#*: }")"
        done
        cat <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA
    } >"$file"
}

# run_wrk CONNS THREADS URL LUA -> RESULT line (bounded by DURATION and a timeout)
run_wrk() {
    local out
    out="$(timeout $((DURATION + 30)) wrk -t"$2" -c"$1" -d"${DURATION}s" --timeout 10s -s "$4" "$3" 2>&1)" || true
    grep '^RESULT' <<<"$out" || { echo "wrk failed: $out" >&2; echo "RESULT requests=0"; }
}

# check_200 OUT CURL_ARGS...: one request that must answer 200; the body goes to OUT
check_200() {
    local out="$1" code
    shift
    code="$(curl -s -o "$out" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' "$@")"
    [ "$code" = 200 ] || { echo "sanity request failed ($code): $*" >&2; cat "$out" >&2; exit 1; }
}

# Report formatting.
us2ms() { awk -v x="$1" 'BEGIN{printf "%.3f", x/1000}'; }
sub_ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%+.3f", (a-b)/1000}'; }
sub_msms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%+.2f", a-b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.3f", a/b; else print "n/a"}'; }
verdict() { awk -v x="$1" -v lim="$2" -v op="$3" 'BEGIN{ ok = (op=="le") ? (x<=lim) : (x>=lim); print ok ? "PASS" : "MISS"}'; }
kb2mb() { awk -v x="$1" 'BEGIN{printf "%.1f MiB", x/1024}'; }

# machine_line: "2 × <cpu> (...), virtual machine, 24 GiB, Linux ..."
machine_line() {
    local cpu
    cpu="$(awk -F': ' '/^model name/{m=$2} /^cpu family/{f=$2} /^model\t/{mo=$2} /^cpu MHz/{hz=$2}
        END{printf "%s (family %s model %s, %.0f MHz)", m, f, mo, hz}' /proc/cpuinfo)"
    grep -qw hypervisor /proc/cpuinfo && cpu="$cpu, virtual machine"
    printf '%s × %s, %s, %s' "$(nproc)" "$cpu" \
        "$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(uname -sr)"
}

# git_tree: "git abc1234" plus a note when the tree has uncommitted changes
git_tree() {
    local rev dirty=""
    rev="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo none)"
    [ -n "$(cd "$ROOT" && git status --porcelain 2>/dev/null | head -1)" ] && dirty=' (uncommitted changes)'
    printf 'git %s%s' "$rev" "$dirty"
}

# cpu_ticks PID: the clock ticks (getconf CLK_TCK a second) of CPU the process has used
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# measure_rounds NAME CONNS THREADS NUM DEN URL LUA [URL LUA]...: three rounds of one wrk run
# per point (URL with its script), in order; keeps the round with the median throughput ratio
# of point NUM over point DEN (1-based), so one round disturbed by the VM's neighbours (runs on
# this kind of machine vary by +-15 %) does not decide the result. Prints that round's RESULT
# lines, one per point, and notes the machine's load before and after each round. With
# MEASURE_CPU_PID set, each RESULT line also has cpu_ticks=N: that process's CPU during the run.
measure_rounds() {
    local name="$1" conns="$2" threads="$3" num="$4" den="$5" round i load ratios=""
    shift 5
    local -a points=("$@") kept
    local -A results
    for round in 1 2 3; do
        load="$(busy_pct)"
        note_load "$name#$round" "${load}%"
        log "$name: wrk -c$conns -t$threads ${DURATION}s, round $round of 3 (machine busy before: ${load}%)"
        for ((i = 0; i < ${#points[@]} / 2; i++)); do
            local cpu_pid="${MEASURE_CPU_PID:-}" ticks=0
            if [ -n "$cpu_pid" ]; then ticks="$(cpu_ticks "$cpu_pid")"; fi
            results[$round,$((i + 1))]="$(run_wrk "$conns" "$threads" "${points[2 * i]}" "${points[2 * i + 1]}")"
            if [ -n "$cpu_pid" ]; then
                results[$round,$((i + 1))]+=" cpu_ticks=$(($(cpu_ticks "$cpu_pid") - ticks))"
            fi
        done
        note_load "$name#$round-after" "$(busy_pct)%"
        ratios+="$(awk -v n="$(kv "${results[$round,$num]}" rps)" -v d="$(kv "${results[$round,$den]}" rps)" \
            'BEGIN{printf "%.6f", (d > 0 ? n / d : 0)}') $round"$'\n'
    done
    round="$(printf '%s' "$ratios" | sort -n | sed -n 2p | cut -d' ' -f2)"
    note_load "$name-kept" "round$round"
    log "$name: point $num / point $den throughput per round: $(printf '%s' "$ratios" | sort -k2 -n | cut -d' ' -f1 | tr '\n' ' ')(kept round $round)"
    for ((i = 1; i <= ${#points[@]} / 2; i++)); do
        kept+=("${results[$round,$i]}")
    done
    printf '%s\n' "${kept[@]}"
}
