#!/usr/bin/env bash
# Installs everything the tests need (build tools, the real test servers, a Secret Service),
# builds AuthScope with its tests and runs them all with CTest. Exits non-zero when a test fails.
source "$(dirname "$0")/common.sh"

install_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
install_node
# -g1 (line tables, enough for a crash's stack) instead of -g: a fifth less compile time, which on
# 2 cores is two minutes of CI's 20.
build_authscope -DAUTHSCOPE_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"

install_npm_packages "$BUILD"

# Runs ctest on a build directory in a throwaway home: the keyring, settings and caches of the test
# run never touch the machine's. One X server for the tests that render real windows; a private
# D-Bus session with an unlocked gnome-keyring Secret Service for the keychain tests.
run_ctest() {
    local build="$1"
    shift
    local sandbox
    sandbox="$(mktemp -d /tmp/authscope-test-home.XXXXXX)"
    mkdir -p "$sandbox"/{home,config,data,cache,runtime}
    chmod 700 "$sandbox/runtime"
    local status=0
    HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" \
    XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime" AUTHSCOPE_TEST_SANDBOX="$sandbox" \
        xvfb-run -a -s "-screen 0 1280x900x24" \
        dbus-run-session -- bash "$ROOT/scripts/with-keyring.sh" \
        ctest --test-dir "$build" --output-on-failure --timeout 600 "$@" || status=$?
    rm -rf "$sandbox"
    return $status
}

# The engine, auth and lab suites again under AddressSanitizer + UBSan (AUTHSCOPE_SANITIZE) in a
# build directory of their own: the code that reads what hostile servers and clients send (the
# engine's responses, challenges, the lab's request parser). The OAuth suite left them for the lab's
# (its build and run took CI past 21 minutes); AUTHSCOPE_SANITIZED_SUITES="oauth" runs it (all but
# tst_oidcserver, which tests the node test server), "" skips this part. Their build runs at
# low priority while the main tests run (those mostly wait on servers), which keeps CI near 17
# minutes instead of 21 on 2 cores; its output is shown when it is waited for.
suites="${AUTHSCOPE_SANITIZED_SUITES-http auth lab}"
asan_build="$BUILD/asan"
asan_log="$BUILD/asan-build.log"
asan_pid=""
if [ -n "$suites" ]; then
    targets=()
    for suite in $suites; do targets+=("authscope_suite_$suite"); done
    echo "== AddressSanitizer + UBSan: building ${targets[*]} in $asan_build (beside the main tests; log $asan_log)"
    asan_start=$SECONDS
    generator=()
    [ -f "$asan_build/CMakeCache.txt" ] || generator=(-G Ninja)
    # -O0 -g1: line numbers in the sanitizers' stacks, and the shortest build (on 2 cores: 4 min
    # here); the tests wait on servers, not the CPU.
    (
        nice -n 15 cmake -S "$ROOT" -B "$asan_build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
              -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1 -DNDEBUG" -DAUTHSCOPE_BUILD_TESTS=ON -DAUTHSCOPE_SANITIZE=ON &&
        nice -n 15 cmake --build "$asan_build" -j"$(nproc)" --target "${targets[@]}"
    ) > "$asan_log" 2>&1 &
    asan_pid=$!
fi

status=0
run_ctest "$BUILD" "$@" || status=$?

if [ -n "$asan_pid" ]; then
    asan_status=0
    wait "$asan_pid" || asan_status=$?
    tail -n 5 "$asan_log"
    if [ $asan_status -ne 0 ]; then
        cat "$asan_log"
        echo "== AddressSanitizer + UBSan: the build failed"
        exit 1
    fi
    # The same pinned npm packages as the main build.
    [ -e "$asan_build/npm" ] || ln -s "$BUILD/npm" "$asan_build/npm"
    echo "== AddressSanitizer + UBSan: built in $((SECONDS - asan_start)) s (beside the main tests); running the ${suites// /, } suites"
    # Any report fails its test: ASan stops at the first error, UBSan too (the build does not
    # recover either), both with the stack. Leaks are checked at exit; tests/sanitizers/lsan.supp
    # says which are accepted and why.
    run_start=$SECONDS
    ASAN_OPTIONS="halt_on_error=1:print_stacktrace=1:detect_leaks=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0" \
        run_ctest "$asan_build" -L "^($(echo $suites | tr ' ' '|'))\$" -E '^tst_oidcserver$' || status=$?
    echo "== AddressSanitizer + UBSan: ran in $((SECONDS - run_start)) s"
fi
exit $status
