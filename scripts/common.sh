# Shared by scripts/run.sh and scripts/test.sh: install what is missing, then build.
# Safe to run again: installs only missing packages, reconfigures only when needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${AUTHSCOPE_BUILD_DIR:-$ROOT/build}"

BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools qtkeychain-qt6-dev
                libgl-dev libssl-dev libxkbcommon-dev zlib1g-dev qt6-svg-dev)
RUN_PACKAGES=(xvfb xauth gnome-keyring dbus dbus-x11 libqt6network6 qt6-qpa-plugins fonts-dejavu-core)
TEST_PACKAGES=(apache2 apache2-utils python3 python3-httpbin gunicorn nginx lighttpd openssl curl
               imagemagick clang libclang-rt-14-dev time librsvg2-bin)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "== installing: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# Node.js and npm come with this kind of machine; Debian's are the fallback on a bare Debian 12.
install_node() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        install_packages nodejs npm
    fi
}

# npm packages the tests and the OAuth benchmark use (validators, the oidc-provider authorization
# server), pinned in tests/npm-packages.txt; installed into BUILD_DIR/npm, again when the list changes.
install_npm_packages() {
    local npm_dir="$1/npm" npm_packages
    mapfile -t npm_packages < <(grep -v '^\s*#' "$ROOT/tests/npm-packages.txt" | grep -v '^\s*$' || true)
    [ ${#npm_packages[@]} -gt 0 ] || return 0
    local stamp="$npm_dir/.installed"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${npm_packages[*]}" ]; then
        mkdir -p "$npm_dir"
        npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "${npm_packages[@]}"
        echo "${npm_packages[*]}" > "$stamp"
    fi
}

build_authscope() {
    local extra=("$@")
    # Configure every time (cheap when nothing changed) so the options of this command win over
    # those of an earlier one, e.g. tests after run.sh built without them.
    local generator=()
    [ -f "$BUILD/CMakeCache.txt" ] || generator=(-G Ninja)
    cmake -S "$ROOT" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${extra[@]}" > /dev/null
    cmake --build "$BUILD" -j"$(nproc)"
}
