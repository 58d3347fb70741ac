#!/usr/bin/env bash
# Installs what AuthScope needs, builds it and launches the GUI onto the practice lab's Tour.
source "$(dirname "$0")/common.sh"

install_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}"
build_authscope -DAUTHSCOPE_BUILD_TESTS=OFF

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    shot="$BUILD/screenshots/launch.png"
    echo "== no display: starting AuthScope on the Tour on a virtual X display (xvfb-run);"
    echo "   it saves its own window to $shot once painted, then quits."
    rm -f "$shot"
    # The app grabs its own window (authscope --screenshot): no X screenshot tool is needed.
    xvfb-run -a -s "-screen 0 1280x900x24" \
        "$BUILD/bin/authscope" --tour --screenshot "$shot" --quit-after-screenshot "$@"
    [ -s "$shot" ] || { echo "== no screenshot was written" >&2; exit 1; }
    echo "== screenshot: $shot"
    exit 0
fi
exec "$BUILD/bin/authscope" --tour "$@"
