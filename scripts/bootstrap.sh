#!/usr/bin/env bash
# The README's two set-up commands, for a fresh Debian 12 machine:
#   scripts/bootstrap.sh demo   install what is needed, build, start TalentBridge in demo mode
#   scripts/bootstrap.sh test   install what is needed, build, run every test
# Runs apt-get through sudo unless already root. Build output goes to build/ (override with BUILD_DIR).
set -euo pipefail

mode="${1:-}"
case "$mode" in
    demo|test) ;;
    *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$here/build}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(
    cmake ninja-build g++ pkg-config ccache
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    qtkeychain-qt6-dev libqt6sql6-sqlite qt6-qpa-plugins libqt6svg6
    gnome-keyring dbus dbus-x11 libsecret-tools
    xvfb xauth openbox trayer imagemagick fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
    zip file x11-utils xdotool
)
# The fuzz targets need clang and its libFuzzer/sanitizer runtimes; scripts/package-test.sh
# clones the repository and finds the demo's window with xdotool. Only the tests use them.
if [ "$mode" = test ]; then
    packages+=(clang libclang-rt-14-dev git desktop-file-utils)
fi
if [ -z "${TALENTBRIDGE_SKIP_APT:-}" ]; then
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${packages[@]}"
fi

build_type=RelWithDebInfo
werror=OFF
[ "$mode" = test ] && werror=ON
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DTALENTBRIDGE_WERROR="$werror"
cmake --build "$build" --parallel "$(nproc)"

if [ "$mode" = demo ]; then
    # A keychain is needed even in demo mode: the wizard stores the sandbox secrets there.
    # On a desktop session the running Secret Service is used as it is.
    exec "$build/app/talentbridge" --demo
fi

# The Debian package from a clean clone: built, installed, run from /usr/bin, purged. It needs
# root (apt-get); TALENTBRIDGE_SKIP_PACKAGE_TEST=1 skips it on a machine where that is unwanted.
if [ -z "${TALENTBRIDGE_SKIP_PACKAGE_TEST:-}" ]; then
    "$here/scripts/package-test.sh" "$build"
fi

# Every parser of remote data under libFuzzer (clang, ASan + UBSan), bounded in time; a crash
# fails the run before the test suite does.
"$here/scripts/fuzz.sh" "${TB_FUZZ_SECONDS:-30}"

# Tests: a private D-Bus session with a real, unlocked gnome-keyring for the keychain tests;
# widget tests offscreen, the demo test on a private Xvfb with a window manager and a tray host.
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export TALENTBRIDGE_SCREENSHOT_DIR="${TALENTBRIDGE_SCREENSHOT_DIR:-$build/screenshots}"
mkdir -p "$TALENTBRIDGE_SCREENSHOT_DIR"
exec dbus-run-session -- "$here/scripts/run-tests.sh" "$build"
