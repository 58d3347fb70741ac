#!/usr/bin/env bash
# Installs what AuthScope needs, builds it and launches the GUI.
source "$(dirname "$0")/common.sh"

install_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}"
build_authscope -DAUTHSCOPE_BUILD_TESTS=OFF

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "== no display: starting AuthScope on a virtual X display (xvfb-run)."
    echo "   A screenshot is written to $BUILD/screenshots/launch.png after 5 seconds."
    mkdir -p "$BUILD/screenshots"
    exec xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
        "$0/bin/authscope" "$@" &
        app=$!
        sleep 5
        import -window root "$0/screenshots/launch.png" 2>/dev/null || true
        wait $app' "$BUILD" "$@"
fi
exec "$BUILD/bin/authscope" "$@"
