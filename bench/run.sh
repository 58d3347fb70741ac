#!/usr/bin/env bash
# AuthScope benchmarks: start-up time and memory of the GUI against a bare Qt Widgets window,
# the engine's per-request overhead against a bare QNetworkAccessManager loop and curl, and the
# peak memory of a 1 GB response body (CLI to -o, and the GUI) against a 1 MB one, and the time
# authscope-cli takes for many -H options (linear, not quadratic), and 200 concurrent requests on
# an OAuth profile whose token just expired (one refresh) against the same with a valid token, and
# a 100 MB JSON response received and shown in the real MainWindow (longest event-loop stall,
# peak memory over idle) against the figures of the code before issue 12.
# What the figures mean and the last recorded results: docs/benchmarks.md.
#
#   bench/run.sh [--build-dir DIR] [--runs N] [--engine-runs N] [--requests N]
#                [--only startup|engine|memory|argv|oauth|large] [--no-build]
#   bench/run.sh --fuzz SECONDS [--build-dir DIR] [--no-build]
#
# --fuzz runs only the challenge-parser fuzzer (tests/fuzz, libFuzzer + ASan + UBSan) for SECONDS
# (CI gives it 30 s a run; 600 is the long run) from the seed corpus, and prints executions,
# coverage, corpus growth and crashes; a crash fails (its input is kept in DIR/fuzz-artifacts/).
#
# Installs what is missing from Debian (the build dependencies, nginx, curl, time, xvfb; as root
# or through sudo), configures the project with -DAUTHSCOPE_BUILD_BENCH=ON in build/ (or DIR)
# and builds the benchmark programs and the GUI.
# Exit status: 0 when every target passed, 1 when one failed, 2 when the benchmark could not run.
# Only loopback addresses are used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${AUTHSCOPE_BUILD_DIR:-$ROOT/build}"
STARTUP_RUNS=15
ENGINE_RUNS=7
WARMUP_RUNS=2
REQUESTS=1000
ONLY=""
DO_BUILD=1
FUZZ_SECONDS=0

# Targets from the issue.
STARTUP_TIME_TARGET=1.5
STARTUP_RSS_TARGET=2.0
ENGINE_TARGET=1.2
MEMORY_TARGET_MIB=150
# 4x the -H options may cost at most this many times the time (linear is 4, quadratic 16).
ARGV_GROWTH_TARGET=6
# 200 requests on a just-expired profile may take at most this many times the valid-token run.
OAUTH_TARGET=1.3
OAUTH_REQUESTS=200
OAUTH_RUNS=7
# A 100 MB JSON response shown in the GUI: no event-loop stall over this many ms, peak memory over
# idle at most this many times the body; 3 runs, the worst one counts.
LARGE_MEGABYTES=100
LARGE_STALL_TARGET_MS=50
LARGE_MEMORY_TARGET=3
LARGE_RUNS=3
# The baseline: the same benchmark on the body view before the fix (after 1865d26, recorded in
# docs/benchmarks.md), 3 runs.
LARGE_BASELINE="longest stall 725-988 ms, peak 0.33x the body over idle, never pretty-printed (the first 512 KiB shown as received)"

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) BUILD_DIR="$(realpath -m "$2")"; shift 2 ;;
        --runs) STARTUP_RUNS="$2"; shift 2 ;;
        --engine-runs) ENGINE_RUNS="$2"; shift 2 ;;
        --requests) REQUESTS="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --no-build) DO_BUILD=0; shift ;;
        --fuzz) ONLY=fuzz; FUZZ_SECONDS="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
case "$ONLY" in ""|startup|engine|memory|argv|oauth|large|fuzz) ;; *) die "--only takes startup, engine, memory, argv, oauth or large" ;; esac
[ "$ONLY" != fuzz ] || [[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "--fuzz takes a number of seconds"
# The fuzzer is run only when asked for by name.
want() { [ "$ONLY" = "$1" ] || { [ -z "$ONLY" ] && [ "$1" != fuzz ]; }; }

# --- packages -------------------------------------------------------------------------------

# install_packages and the build dependencies are shared with scripts/run.sh and scripts/test.sh.
# shellcheck source=../scripts/common.sh
source "$ROOT/scripts/common.sh"
packages=("${BUILD_PACKAGES[@]}" time)
want engine && packages+=(nginx curl)
want startup && packages+=(qt6-qpa-plugins fonts-dejavu-core)
want startup && [ -z "${DISPLAY:-}" ] && packages+=(xvfb)
want memory && packages+=(python3 qt6-qpa-plugins)
want argv && packages+=(python3)
want oauth && packages+=(python3)
want large && packages+=(python3 qt6-qpa-plugins)
want fuzz && packages+=(clang libclang-rt-14-dev)
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || die "the Debian package $p is missing (install it, or run as root)"
    done
fi
install_packages "${packages[@]}"
# The OAuth benchmark's authorization server: oidc-provider under node, as the tests run it.
want oauth && install_node

# --- build ----------------------------------------------------------------------------------

targets=()
want engine && targets+=(authscope-bench-engine authscope-bench-qnam)
want startup && targets+=(authscope-bench-startup-baseline authscope-bench-widgetcount authscope)
want memory && targets+=(authscope-cli authscope-bench-guibody)
want argv && targets+=(authscope-cli)
want fuzz && targets+=(fuzz_challengeparser)
want oauth && targets+=(authscope-bench-oauth)
want large && targets+=(authscope-bench-largeresponse)
if [ "$DO_BUILD" -eq 1 ]; then
    generator=()
    [ -f "$BUILD_DIR/CMakeCache.txt" ] || generator=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
    # The fuzzer is a test target (tests/fuzz).
    want fuzz && generator+=(-DAUTHSCOPE_BUILD_TESTS=ON)
    cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DAUTHSCOPE_BUILD_BENCH=ON >/dev/null \
        || die "configuring $BUILD_DIR failed"
    cmake --build "$BUILD_DIR" -j2 --target "${targets[@]}" >"$BUILD_DIR/bench-build.log" 2>&1 \
        || { tail -30 "$BUILD_DIR/bench-build.log" >&2; die "building ${targets[*]} failed (log: $BUILD_DIR/bench-build.log)"; }
    grep -q '^CMAKE_BUILD_TYPE:STRING=Debug$' "$BUILD_DIR/CMakeCache.txt" \
        && echo "warning: $BUILD_DIR is a Debug build; figures will not be representative" >&2
fi
want oauth && install_npm_packages "$BUILD_DIR"
BENCH_BIN="$BUILD_DIR/bench"
APP_BIN="$BUILD_DIR/bin"

# --- helpers --------------------------------------------------------------------------------

WORK="$(mktemp -d /tmp/authscope-bench.XXXXXX)"
NGINX_PID=""
XVFB_PID=""
HOSTILE_PID=""
cleanup() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    [ -n "$HOSTILE_PID" ] && kill "$HOSTILE_PID" 2>/dev/null && wait "$HOSTILE_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# Loopback only: no proxy may step in, for Qt or for curl.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

now_ns() { date +%s%N; }

# Runs a command once; appends "wall_seconds peak_rss_kib cpu_seconds" to the file $1. The wall
# time is taken around /usr/bin/time with a nanosecond clock (its own %e has 10 ms steps); %M is
# the peak RSS, %U + %S the CPU time of all the program's threads (less sensitive to other load
# on the machine than the wall time, so it is printed beside it).
measure() {
    local out="$1"; shift
    local t0 t1 rc
    t0=$(now_ns)
    rc=0
    /usr/bin/time -f "%M %U %S" -o "$WORK/rss" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
    t1=$(now_ns)
    if [ "$rc" -ne 0 ]; then
        echo "run.sh: '$*' failed (exit $rc):" >&2
        cat "$WORK/stdout" "$WORK/stderr" >&2
        exit 2
    fi
    tail -1 "$WORK/rss" | awk -v ns="$((t1 - t0))" '{ printf "%.4f %d %.2f\n", ns / 1e9, $1, $2 + $3 }' >>"$out"
}

# Median of column $2 of file $1.
median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# "min..max" of column 1 of file $1, in seconds.
spread() { sort -g "$1" | awk 'NR == 1 { a = $1 } END { printf "%.3f..%.3fs", a, $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# PASS when $1 / $2 <= $3, judged on the unrounded ratio.
verdict() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { print (a / b <= t) ? "PASS" : "FAIL" }'; }

FAILED=0
record_verdict() { [ "$1" = PASS ] || FAILED=1; }

echo "AuthScope benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build: $BUILD_DIR ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null))"

# --- start-up -------------------------------------------------------------------------------

run_startup() {
    local app="$APP_BIN/authscope" base="$BENCH_BIN/authscope-bench-startup-baseline"
    [ -x "$app" ] || die "$app is missing"
    [ -x "$base" ] || die "$base is missing"

    if [ -z "${DISPLAY:-}" ]; then
        # One X server for the whole run, so its own start-up is measured for neither program.
        exec 3>"$WORK/display"
        Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
        XVFB_PID=$!
        exec 3>&-
        local i
        for i in $(seq 100); do
            [ -s "$WORK/display" ] && break
            sleep 0.1
        done
        [ -s "$WORK/display" ] || die "Xvfb did not start: $(cat "$WORK/xvfb.log")"
        export DISPLAY=":$(head -1 "$WORK/display")"
        echo "X server: Xvfb on $DISPLAY (started by this script)"
    else
        echo "X server: $DISPLAY (existing)"
    fi
    export QT_QPA_PLATFORM=xcb
    # Both programs start from the same empty settings, not the user's.
    export XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"
    export XDG_RUNTIME_DIR="$WORK/runtime"
    mkdir -p "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"

    local widgets_base widgets_app
    widgets_base=$(QT_QPA_PLATFORM=offscreen "$base" --widget-count 2>/dev/null | tail -1)
    widgets_app=$(QT_QPA_PLATFORM=offscreen "$BENCH_BIN/authscope-bench-widgetcount" 2>/dev/null | tail -1)
    echo
    echo "== Start-up: authscope --quit-after-startup ($widgets_app widgets) vs a bare Qt Widgets window ($widgets_base widgets)"
    echo "   $WARMUP_RUNS warm-up + $STARTUP_RUNS measured runs each, interleaved"
    local n
    for n in $(seq "$WARMUP_RUNS"); do
        measure "$WORK/warmup" "$base"
        measure "$WORK/warmup" "$app" --quit-after-startup
    done
    for n in $(seq "$STARTUP_RUNS"); do
        measure "$WORK/startup-base" "$base"
        measure "$WORK/startup-app" "$app" --quit-after-startup
    done
    local bt at bm am rt rmem vt vm
    bt=$(median "$WORK/startup-base" 1); at=$(median "$WORK/startup-app" 1)
    bm=$(median "$WORK/startup-base" 2); am=$(median "$WORK/startup-app" 2)
    rt=$(ratio "$at" "$bt"); rmem=$(ratio "$am" "$bm")
    vt=$(verdict "$at" "$bt" "$STARTUP_TIME_TARGET"); vm=$(verdict "$am" "$bm" "$STARTUP_RSS_TARGET")
    record_verdict "$vt"; record_verdict "$vm"
    printf '   %-24s %11s %15s\n' "" "median wall" "median peak RSS"
    printf '   %-24s %10.3fs %11d KiB\n' "bare Qt Widgets window" "$bt" "$bm"
    printf '   %-24s %10.3fs %11d KiB\n' "authscope" "$at" "$am"
    printf '   time   authscope/bare = %sx (target <= %sx) %s\n' "$rt" "$STARTUP_TIME_TARGET" "$vt"
    printf '   memory authscope/bare = %sx (target <= %sx) %s\n' "$rmem" "$STARTUP_RSS_TARGET" "$vm"
    printf '   spread (min..max wall): bare %s, authscope %s\n' \
        "$(spread "$WORK/startup-base")" "$(spread "$WORK/startup-app")"
}

# --- engine ---------------------------------------------------------------------------------

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || shuf -i 20000-60000 -n 1
}

# Retries "$@" for up to 5 s while the server process $1 lives; 0 once it succeeds.
wait_until_serving() {
    local pid="$1" i
    shift
    for i in $(seq 50); do
        "$@" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

start_nginx() {
    local dir="$WORK/nginx"
    mkdir -p "$dir/html" "$dir/tmp"
    # nginx workers drop to an unprivileged user: everything they read must be world-readable.
    chmod 755 "$WORK" "$dir" "$dir/html"
    # A small static file: a few hundred bytes, as a typical small API response.
    awk 'BEGIN { for (i = 0; i < 8; i++) printf "{\"line\": %d, \"text\": \"AuthScope engine benchmark body\"}\n", i }' \
        >"$dir/html/small.json"
    chmod 644 "$dir/html/small.json"
    local port
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    keepalive_requests 100000;
    keepalive_timeout 60s;
    default_type application/json;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $dir/html;
    }
}
EOF
        nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout" 2>&1 &
        NGINX_PID=$!
        if wait_until_serving "$NGINX_PID" curl -s -o /dev/null --noproxy '*' "http://127.0.0.1:$port/small.json"; then
            NGINX_URL="http://127.0.0.1:$port/small.json"
            return 0
        fi
        kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true
        NGINX_PID=""
    done
    die "nginx did not start: $(cat "$dir/stdout" "$dir/error.log" 2>/dev/null)"
}

run_engine() {
    local engine="$BENCH_BIN/authscope-bench-engine" qnam="$BENCH_BIN/authscope-bench-qnam"
    [ -x "$engine" ] || die "$engine is missing"
    [ -x "$qnam" ] || die "$qnam is missing"
    start_nginx
    local i
    for i in $(seq "$REQUESTS"); do
        printf 'url = "%s"\noutput = "/dev/null"\n' "$NGINX_URL"
    done >"$WORK/curl.conf"
    local size
    size=$(stat -c %s "$WORK/nginx/html/small.json")

    echo
    echo "== Engine overhead: $REQUESTS sequential GETs of a $size-byte file over one keep-alive connection"
    echo "   to nginx on ${NGINX_URL%/small.json}; $WARMUP_RUNS warm-up + $ENGINE_RUNS measured runs each, interleaved"
    local n
    for n in $(seq $((WARMUP_RUNS + ENGINE_RUNS))); do
        local suffix=""
        [ "$n" -le "$WARMUP_RUNS" ] && suffix="-warmup"
        measure "$WORK/engine$suffix" "$engine" "$NGINX_URL" "$REQUESTS"
        echo "$(sed -n 's/.*loop_ms=\([0-9.]*\).*/\1/p' "$WORK/stdout")" >>"$WORK/engine-loop$suffix"
        grep -q " reused=$((REQUESTS - 1)) " "$WORK/stdout" \
            || echo "   warning: the engine did not reuse one connection: $(cat "$WORK/stdout")" >&2
        measure "$WORK/qnam$suffix" "$qnam" "$NGINX_URL" "$REQUESTS"
        echo "$(sed -n 's/.*loop_ms=\([0-9.]*\).*/\1/p' "$WORK/stdout")" >>"$WORK/qnam-loop$suffix"
        # curl fetches the same URL $REQUESTS times in one process, reusing the connection; -w
        # prints each status and number of new connections, checked below.
        measure "$WORK/curl$suffix" curl -s --noproxy '*' --config "$WORK/curl.conf" \
            -w '%{http_code} %{num_connects}\n'
        local codes connects
        codes=$(awk '$1 == 200' "$WORK/stdout" | wc -l)
        connects=$(awk '{ s += $2 } END { print s }' "$WORK/stdout")
        [ "$codes" -eq "$REQUESTS" ] || die "curl got $codes of $REQUESTS responses with status 200"
        [ "$connects" -eq 1 ] || echo "   warning: curl opened $connects connections" >&2
    done
    local e q c el ql re rc qc rl ve vl
    e=$(median "$WORK/engine" 1); q=$(median "$WORK/qnam" 1); c=$(median "$WORK/curl" 1)
    el=$(median "$WORK/engine-loop" 1); ql=$(median "$WORK/qnam-loop" 1)
    re=$(ratio "$e" "$q"); rc=$(ratio "$e" "$c"); qc=$(ratio "$q" "$c"); rl=$(ratio "$el" "$ql")
    ve=$(verdict "$e" "$q" "$ENGINE_TARGET"); vl=$(verdict "$el" "$ql" "$ENGINE_TARGET")
    record_verdict "$ve"; record_verdict "$vl"
    printf '   %-37s %11s %11s %10s %15s\n' "" "median wall" "per request" "median CPU" "median peak RSS"
    printf '   %-37s %10.3fs %8.0f us %9.2fs %11d KiB\n' "curl (one process, reused connection)" "$c" \
        "$(awk -v t="$c" -v n="$REQUESTS" 'BEGIN { print t / n * 1e6 }')" "$(median "$WORK/curl" 3)" \
        "$(median "$WORK/curl" 2)"
    printf '   %-37s %10.3fs %8.0f us %9.2fs %11d KiB\n' "bare QNetworkAccessManager loop" "$q" \
        "$(awk -v t="$q" -v n="$REQUESTS" 'BEGIN { print t / n * 1e6 }')" "$(median "$WORK/qnam" 3)" \
        "$(median "$WORK/qnam" 2)"
    printf '   %-37s %10.3fs %8.0f us %9.2fs %11d KiB\n' "engine (ExchangeJob, full recording)" "$e" \
        "$(awk -v t="$e" -v n="$REQUESTS" 'BEGIN { print t / n * 1e6 }')" "$(median "$WORK/engine" 3)" \
        "$(median "$WORK/engine" 2)"
    printf '   spread (min..max wall): curl %s, bare %s, engine %s\n' \
        "$(spread "$WORK/curl")" "$(spread "$WORK/qnam")" "$(spread "$WORK/engine")"
    printf '   engine/bare-QNAM = %sx (target <= %sx) %s\n' "$re" "$ENGINE_TARGET" "$ve"
    printf '   engine/bare-QNAM, CPU time = %sx (context: less disturbed by other load)\n' \
        "$(ratio "$(median "$WORK/engine" 3)" "$(median "$WORK/qnam" 3)")"
    printf '   engine/curl      = %sx (context)\n' "$rc"
    printf '   bare-QNAM/curl   = %sx (context)\n' "$qc"
    # The same runs timed inside the programs, from the first request to the last response: the
    # ratio without process and Qt start-up, which only dilute the difference.
    printf '   request loop alone (timed inside the programs): engine %.1f ms, bare %.1f ms\n' "$el" "$ql"
    printf '   engine/bare-QNAM, loop alone = %sx (target <= %sx) %s\n' "$rl" "$ENGINE_TARGET" "$vl"
}

# --- memory ---------------------------------------------------------------------------------

start_hostile_server() {
    local port
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        python3 "$ROOT/tests/support/hostile/hostileserver.py" --port "$port" >"$WORK/hostile.log" 2>&1 &
        HOSTILE_PID=$!
        if wait_until_serving "$HOSTILE_PID" python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)"; then
            HOSTILE_URL="http://127.0.0.1:$port"
            return 0
        fi
        kill "$HOSTILE_PID" 2>/dev/null; wait "$HOSTILE_PID" 2>/dev/null || true
        HOSTILE_PID=""
    done
    die "the hostile server did not start: $(cat "$WORK/hostile.log")"
}

# Runs "$@" once with every SIZE in its arguments replaced by $1 (a body size in bytes) and sets
# PEAK_RSS to its peak RSS in KiB (measure exits the script when the program fails).
peak_rss_for() {
    local size="$1"; shift
    : >"$WORK/memory-run"
    measure "$WORK/memory-run" "${@//SIZE/$size}"
    PEAK_RSS=$(awk '{ print $2 }' "$WORK/memory-run")
}

run_memory() {
    local cli="$APP_BIN/authscope-cli" gui="$BENCH_BIN/authscope-bench-guibody"
    [ -x "$cli" ] || die "$cli is missing"
    [ -x "$gui" ] || die "$gui is missing"
    start_hostile_server
    local big=$((1024 * 1024 * 1024)) small=$((1024 * 1024)) out="$WORK/body.bin"
    echo
    echo "== Memory: peak RSS receiving a 1 GiB body against a 1 MiB one (hostile server's /bytes route"
    echo "   on ${HOSTILE_URL#http://}); target: under $MEMORY_TARGET_MIB MiB with 1 GiB"
    printf '   %-30s %12s %12s %7s\n' "" "1 MiB body" "1 GiB body" "ratio"
    local name label command size small_rss big_rss verdict_text
    for name in cli gui; do
        if [ "$name" = cli ]; then
            label="authscope-cli send -o FILE"
            command=("$cli" send -o "$out" "$HOSTILE_URL/bytes?size=SIZE")
        else
            # The real MainWindow (offscreen); it exits 1 unless the body view shows a bounded
            # preview and says so.
            label="GUI (MainWindow)"
            command=(env QT_QPA_PLATFORM=offscreen "$gui" "$HOSTILE_URL/bytes?size=SIZE" SIZE)
        fi
        for size in "$small" "$big"; do
            peak_rss_for "$size" "${command[@]}"
            if [ "$name" = cli ]; then
                [ "$(stat -c %s "$out")" -eq "$size" ] || die "authscope-cli wrote $(stat -c %s "$out") bytes, not $size"
                rm -f "$out"
            fi
            if [ "$size" = "$small" ]; then small_rss=$PEAK_RSS; else big_rss=$PEAK_RSS; fi
        done
        verdict_text=$(awk -v k="$big_rss" -v t="$MEMORY_TARGET_MIB" 'BEGIN { print (k / 1024 < t) ? "PASS" : "FAIL" }')
        record_verdict "$verdict_text"
        printf '   %-30s %8d KiB %8d KiB %6sx  %s\n' "$label" "$small_rss" "$big_rss" \
            "$(ratio "$big_rss" "$small_rss")" "$verdict_text"
        [ "$name" = gui ] && printf '   GUI body view with 1 GiB: %s\n' "$(sed -n 's/.*note="\(.*\)"/\1/p' "$WORK/stdout")"
    done
    return 0
}

# --- argv -----------------------------------------------------------------------------------

# Writes "send --no-keychain -H 'X-Field-1: 1' ... URL" NUL-separated to file $1, for $2 fields.
header_arguments() {
    python3 -c 'import sys
n = int(sys.argv[2])
args = ["send", "--no-keychain"] + [a for i in range(n) for a in ("-H", "X-Field-%d: %d" % (i, i))] + [sys.argv[3]]
open(sys.argv[1], "wb").write(b"\0".join(a.encode() for a in args))' "$1" "$2" "$3"
}

# Median wall seconds of authscope-cli with the arguments in file $1; its exit status must be $2.
median_cli_seconds() {
    local file="$1" status="$2" times="$WORK/argv-times" i start rc arguments
    # One run gets them all (xargs would split 40 000 options over several runs).
    mapfile -d '' arguments <"$file"
    : >"$times"
    for i in 1 2 3 4 5; do
        start=$(now_ns)
        rc=0
        "$APP_BIN/authscope-cli" "${arguments[@]}" >/dev/null 2>&1 || rc=$?
        [ "$rc" -eq "$status" ] || die "authscope-cli exited $rc, not $status, with ${#arguments[@]} arguments"
        echo "$(( $(now_ns) - start ))" | awk '{ printf "%.6f\n", $1 / 1e9 }' >>"$times"
    done
    sort -g "$times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

run_argv() {
    [ -x "$APP_BIN/authscope-cli" ] || die "$APP_BIN/authscope-cli is missing"
    [ -n "${HOSTILE_URL:-}" ] || start_hostile_server
    local base sent ten forty growth verdict_text
    # All arguments go to one run: 40 000 -H are about 1 MB.
    [ "$(getconf ARG_MAX)" -gt 2000000 ] || die "ARG_MAX is too small for 40 000 -H options"
    header_arguments "$WORK/argv-0" 0 "$HOSTILE_URL/ok"
    header_arguments "$WORK/argv-2000" 2000 "$HOSTILE_URL/ok"
    header_arguments "$WORK/argv-10000" 10000 "$HOSTILE_URL/ok"
    header_arguments "$WORK/argv-40000" 40000 "$HOSTILE_URL/ok"
    base=$(median_cli_seconds "$WORK/argv-0" 0)
    sent=$(median_cli_seconds "$WORK/argv-2000" 0)
    # Over the 2000-field limit: parsed in full, then refused (exit 2) before anything is sent.
    ten=$(median_cli_seconds "$WORK/argv-10000" 2)
    forty=$(median_cli_seconds "$WORK/argv-40000" 2)
    growth=$(awk -v a="$forty" -v b="$ten" -v z="$base" 'BEGIN { printf "%.2f", (a - z) / (b - z) }')
    verdict_text=$(awk -v g="$growth" -v t="$ARGV_GROWTH_TARGET" 'BEGIN { print (g <= t) ? "PASS" : "FAIL" }')
    record_verdict "$verdict_text"
    echo
    echo "== Many -H options: authscope-cli send, median of 5 runs (hostile server on ${HOSTILE_URL#http://})"
    printf '   %-44s %8.3f s\n' "no -H (start-up and one GET)" "$base"
    printf '   %-44s %8.3f s\n' "2000 -H, sent (the limit)" "$sent"
    printf '   %-44s %8.3f s\n' "10 000 -H, parsed and refused" "$ten"
    printf '   %-44s %8.3f s\n' "40 000 -H, parsed and refused" "$forty"
    printf '   40 000 vs 10 000 past start-up: %sx (linear 4, quadratic 16; target <= %s)  %s\n' \
        "$growth" "$ARGV_GROWTH_TARGET" "$verdict_text"
    return 0
}

# --- oauth ----------------------------------------------------------------------------------

# Field NAME=VALUE of the summary line in file $1.
summary_field() { sed -n "s/^oauth .*\b$2=\([^ ]*\).*/\1/p" "$1"; }

run_oauth() {
    local bench="$BENCH_BIN/authscope-bench-oauth" log="$WORK/oauth.log" rc=0
    local valid expired rejected ratio verdict_text
    [ -x "$bench" ] || die "$bench is missing"
    echo
    echo "== OAuth refresh: $OAUTH_REQUESTS concurrent GETs on one profile (engine + TokenBroker) against"
    echo "   the tests' authorization server (oidc-provider and its protected resource on 127.0.0.1);"
    echo "   1 warm-up + $OAUTH_RUNS measured runs of each, interleaved; a fresh profile and tokens each run"
    # The program checks every run: all 200 answered 200, and exactly one token-endpoint call when
    # the token had expired (none when valid); it exits 1 otherwise.
    "$bench" "$OAUTH_REQUESTS" "$OAUTH_RUNS" >"$log" 2>&1 || rc=$?
    [ "$rc" -le 1 ] && grep -q '^oauth ' "$log" || { cat "$log" >&2; die "authscope-bench-oauth could not run (exit $rc)"; }
    grep -v '^oauth ' "$log" | sed 's/^/   /'
    valid=$(summary_field "$log" valid_ms); expired=$(summary_field "$log" expired_ms)
    rejected=$(summary_field "$log" rejected_ms); ratio=$(ratio "$expired" "$valid")
    verdict_text=$(verdict "$expired" "$valid" "$OAUTH_TARGET")
    if [ "$rc" -ne 0 ]; then
        verdict_text=FAIL
        echo "   a run was wrong (a request failed, or not exactly one token-endpoint call per refresh run)"
    fi
    record_verdict "$verdict_text"
    printf '   %-58s %10s\n' "" "median"
    printf '   %-58s %7.1f ms\n' "valid token (baseline)" "$valid"
    printf '   %-58s %7.1f ms\n' "just expired, known from expires_in (one refresh first)" "$expired"
    printf '   %-58s %7.1f ms\n' "just expired, expiry unknown (401, one refresh, retries)" "$rejected"
    printf '   expired/valid = %sx (target <= %sx, exactly one token-endpoint call)  %s\n' "$ratio" "$OAUTH_TARGET" "$verdict_text"
    printf '   expired-unknown/valid = %sx (context: every request is sent twice)\n' "$(ratio "$rejected" "$valid")"
    return 0
}

# --- large ----------------------------------------------------------------------------------

# Field NAME=VALUE of the summary line in file $1.
large_field() { sed -n "s/^large .*\b$2=\([^ ]*\).*/\1/p" "$1"; }

run_large() {
    local bench="$BENCH_BIN/authscope-bench-largeresponse" log="$WORK/large.log" rc n
    local stall memory worst_stall=0 worst_memory=0 failed_run=0 stall_verdict memory_verdict
    [ -x "$bench" ] || die "$bench is missing"
    echo
    echo "== Large response: a $LARGE_MEGABYTES MB minified JSON body from python3 -m http.server on 127.0.0.1,"
    echo "   sent from the real MainWindow (offscreen) and shown in its Body tab, pretty-printed; $LARGE_RUNS runs"
    printf '   %-4s %14s %14s %12s %12s %16s %8s\n' "run" "longest stall" "its GUI CPU" "received" "pretty shown" "peak over idle" "x body"
    for n in $(seq "$LARGE_RUNS"); do
        rc=0
        QT_QPA_PLATFORM=offscreen "$bench" "$LARGE_MEGABYTES" >"$log" 2>&1 || rc=$?
        grep -q '^large ' "$log" || { cat "$log" >&2; die "authscope-bench-largeresponse could not run (exit $rc)"; }
        [ "$rc" -eq 0 ] || { failed_run=1; grep -v '^gaps' "$log" | sed 's/^/   /'; }
        stall=$(large_field "$log" max_stall_ms); memory=$(large_field "$log" memory_ratio)
        printf '   %-4s %11s ms %11s ms %9s ms %9s ms %12s KiB %7sx\n' "$n" "$stall" "$(large_field "$log" max_busy_ms)" \
            "$(large_field "$log" received_ms)" \
            "$(large_field "$log" shown_ms)" "$(large_field "$log" over_idle_kib)" "$memory"
        worst_stall=$(awk -v a="$stall" -v b="$worst_stall" 'BEGIN { print (a > b) ? a : b }')
        worst_memory=$(awk -v a="$memory" -v b="$worst_memory" 'BEGIN { print (a > b) ? a : b }')
    done
    echo "   (its GUI CPU: the most CPU time the GUI thread used within one gap; far less than the gap means"
    echo "   the thread waited for a CPU, i.e. the machine was busy, rather than worked)"
    echo "   event-loop gaps of the last run (a 5 ms timer on the GUI thread):"
    grep '^gaps' "$log" | sed 's/^/     /'
    echo "   the view's note: $(sed -n 's/^note: //p' "$log")"
    stall_verdict=$(awk -v s="$worst_stall" -v t="$LARGE_STALL_TARGET_MS" -v f="$failed_run" 'BEGIN { print (s <= t && !f) ? "PASS" : "FAIL" }')
    memory_verdict=$(awk -v m="$worst_memory" -v t="$LARGE_MEMORY_TARGET" -v f="$failed_run" 'BEGIN { print (m <= t && !f) ? "PASS" : "FAIL" }')
    record_verdict "$stall_verdict"; record_verdict "$memory_verdict"
    [ "$failed_run" -eq 0 ] || echo "   a run failed: the body was not received whole, or not shown pretty-printed"
    printf '   longest stall, worst run = %s ms (target <= %s ms)  %s\n' "$worst_stall" "$LARGE_STALL_TARGET_MS" "$stall_verdict"
    printf '   peak memory over idle, worst run = %sx the body (target <= %sx)  %s\n' "$worst_memory" "$LARGE_MEMORY_TARGET" "$memory_verdict"
    printf '   baseline (the code before the fix): %s\n' "$LARGE_BASELINE"
    return 0
}

# --- fuzz -----------------------------------------------------------------------------------

# libFuzzer's -print_final_stats line "stat::NAME: VALUE" of log $1.
fuzz_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -1; }

run_fuzz() {
    local fuzzer="$BUILD_DIR/tests/fuzz_challengeparser" log="$WORK/fuzz.log" corpus="$WORK/fuzz-corpus"
    local artifacts="$BUILD_DIR/fuzz-artifacts/" rc=0 seeds done_line crashes verdict_text
    [ -x "$fuzzer" ] || die "$fuzzer is missing"
    # A fresh copy of the seed corpus, so every run starts from the same inputs and the source
    # tree is never written.
    cp -r "$ROOT/tests/fuzz/corpus" "$corpus"
    seeds=$(find "$corpus" -type f | wc -l)
    mkdir -p "$artifacts"
    crashes=$(find "$artifacts" -type f | wc -l)
    echo
    echo "== Challenge-parser fuzzer (libFuzzer, ASan + UBSan) for $FUZZ_SECONDS s from $seeds seeds"
    ASAN_OPTIONS=detect_leaks=1 "$fuzzer" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=5 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1 || rc=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
    crashes=$(( $(find "$artifacts" -type f | wc -l) - crashes ))
    printf '   %-24s %s
' "executions" "$(fuzz_stat "$log" number_of_executed_units)"
    printf '   %-24s %s
' "executions per second" "$(fuzz_stat "$log" average_exec_per_sec)"
    printf '   %-24s %s
' "coverage at the end" "$(echo "$done_line" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo '?')"
    printf '   %-24s %s -> %s (%s new)
' "corpus (inputs)" "$seeds" "$(find "$corpus" -type f | wc -l)" \
        "$(fuzz_stat "$log" new_units_added)"
    printf '   %-24s %s MB
' "peak RSS" "$(fuzz_stat "$log" peak_rss_mb)"
    printf '   %-24s %s
' "crashes" "$crashes"
    if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
        verdict_text=PASS
    else
        verdict_text=FAIL
        # The report (sanitizer stack, the input's bytes) and where the input was kept.
        grep -E 'ERROR|SUMMARY|Test unit written|artifact_prefix|==[0-9]+==' "$log" | head -20 | sed 's/^/   /'
    fi
    printf '   fuzzer exit status %s, no crash or sanitizer report expected  %s\n' "$rc" "$verdict_text"
    record_verdict "$verdict_text"
    return 0
}

want engine && run_engine
want startup && run_startup
want memory && run_memory
want argv && run_argv
want oauth && run_oauth
want large && run_large
want fuzz && run_fuzz

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" -ne 0 ]; then
    echo "RESULT: at least one target FAILED"
    exit 1
fi
echo "RESULT: all targets PASS"
