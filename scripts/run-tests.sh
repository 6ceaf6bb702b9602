#!/usr/bin/env bash
# Runs inside `dbus-run-session` (see bootstrap.sh): starts an unlocked gnome-keyring on the
# private session bus, then every CTest test; the time-zone sensitive ones run again under
# TZ=Asia/Kolkata. Tests labelled "xvfb" (the demo, whose screenshots must show the tray) run
# last, on QT_QPA_PLATFORM=xcb against a private Xvfb with openbox and a trayer tray host.
#   dbus-run-session -- scripts/run-tests.sh BUILD_DIR [CTEST_ARGS...]
# Extra arguments go to ctest, e.g. `-R credential` or `-L keychain`.
set -euo pipefail
build="$1"
shift

# The keyring must live on a private bus: the login keyring is unlocked with a throw-away password.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    exec dbus-run-session -- "$0" "$build" "$@"
fi
# shellcheck source=scripts/test-keyring.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-keyring.sh"

# A throw-away home for the keyring: $XDG_DATA_HOME/keyrings holds the (encrypted) login
# collection, which the keychain tests search for plaintext secrets.
keyring_home="$(mktemp -d)"
x_pids=()
cleanup() {
    # Tray host and window manager before the X server they are clients of.
    local pid
    for pid in "${x_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${x_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    tb_keyring_stop
    rm -rf "$keyring_home"
}
trap cleanup EXIT
tb_keyring_start run-tests.sh "$keyring_home"

status=0
ctest --test-dir "$build" --output-on-failure --timeout 600 -LE xvfb "$@" || status=$?
TZ=Asia/Kolkata ctest --test-dir "$build" --output-on-failure --timeout 600 -L timezone -LE xvfb "$@" || status=$?

# The xvfb tests, if any are selected: a virtual screen of our own on the first free display
# in :90..:99, a window manager, and a tray host, so QSystemTrayIcon has somewhere to live.
if ! ctest --test-dir "$build" -N -L xvfb "$@" | grep -q '^Total Tests: [1-9]'; then
    exit $status
fi
display=""
for n in $(seq 90 99); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
        display=":$n"
        break
    fi
done
if [ -z "$display" ]; then
    echo "run-tests.sh: no free X display in :90..:99 for the xvfb tests" >&2
    exit 1
fi
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
x_pids=("$!" "${x_pids[@]}")
for _ in $(seq 1 50); do
    xdpyinfo -display "$display" >/dev/null 2>&1 && break
    sleep 0.1
done
if ! xdpyinfo -display "$display" >/dev/null 2>&1; then
    echo "run-tests.sh: Xvfb did not start on $display" >&2
    exit 1
fi
DISPLAY="$display" openbox >/dev/null 2>&1 &
x_pids=("$!" "${x_pids[@]}")
DISPLAY="$display" trayer --edge bottom --align right --widthtype request --height 28 \
    --SetDockType true --transparent false --tint 0x2b2b2b >/dev/null 2>&1 &
x_pids=("$!" "${x_pids[@]}")
# The tray host owns the _NET_SYSTEM_TRAY_S0 selection once it is ready.
for _ in $(seq 1 50); do
    DISPLAY="$display" xprop -root _NET_SUPPORTING_WM_CHECK >/dev/null 2>&1 \
        && DISPLAY="$display" xdotool search --classname trayer >/dev/null 2>&1 && break
    sleep 0.1
done
echo "run-tests.sh: Xvfb on $display with openbox and trayer for the xvfb tests"
DISPLAY="$display" QT_QPA_PLATFORM=xcb ctest --test-dir "$build" --output-on-failure --timeout 600 -L xvfb "$@" \
    || status=$?
exit $status
