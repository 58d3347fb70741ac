#!/usr/bin/env bash
# Installs everything the tests need (build tools, the real test servers, a Secret Service),
# builds AuthScope with its tests and runs them all with CTest. Exits non-zero when a test fails.
source "$(dirname "$0")/common.sh"

install_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
install_node
build_authscope -DAUTHSCOPE_BUILD_TESTS=ON

# npm packages the tests use (validators, later an OAuth provider), pinned in tests/npm-packages.txt.
mapfile -t npm_packages < <(grep -v '^\s*#' "$ROOT/tests/npm-packages.txt" | grep -v '^\s*$' || true)
if [ ${#npm_packages[@]} -gt 0 ]; then
    stamp="$BUILD/npm/.installed"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${npm_packages[*]}" ]; then
        mkdir -p "$BUILD/npm"
        npm install --prefix "$BUILD/npm" --no-audit --no-fund --loglevel=error "${npm_packages[@]}"
        echo "${npm_packages[*]}" > "$stamp"
    fi
fi

# A throwaway home: the keyring, settings and caches of the test run never touch the machine's.
sandbox="$(mktemp -d /tmp/authscope-test-home.XXXXXX)"
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox"/{home,config,data,cache,runtime}
chmod 700 "$sandbox/runtime"

export HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" \
       XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
export AUTHSCOPE_TEST_SANDBOX="$sandbox"

# One X server for the tests that render real windows; a private D-Bus session with an unlocked
# gnome-keyring Secret Service for the keychain tests.
xvfb-run -a -s "-screen 0 1280x900x24" \
    dbus-run-session -- bash "$ROOT/scripts/with-keyring.sh" \
    ctest --test-dir "$BUILD" --output-on-failure --timeout 600 "$@"
