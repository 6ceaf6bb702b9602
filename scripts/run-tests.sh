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

# Never touch the keyring of a real desktop session: this script unlocks (or creates) a login
# keyring with a throw-away password, so it needs a private bus with no Secret Service on it.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    exec dbus-run-session -- "$0" "$build" "$@"
fi
bus_call() {
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@"
}
if bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true; then
    echo "run-tests.sh: a Secret Service already runs on this bus; start me with dbus-run-session -- $0 $build" >&2
    exit 2
fi

# A throw-away home for the keyring: $XDG_DATA_HOME/keyrings holds the (encrypted) login
# collection, which the keychain tests search for plaintext secrets.
keyring_home="$(mktemp -d)"
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
keyring_pid=""
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
    if [ -n "$keyring_pid" ]; then
        kill "$keyring_pid" 2>/dev/null || true
    fi
    rm -rf "$keyring_home"
}
trap cleanup EXIT

# --unlock reads the password from stdin and creates the login collection, unlocked, which
# libsecret then uses as the default collection. The daemon forks and prints nothing here.
eval "$(printf 'talentbridge-ci\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}"

# Wait until it owns org.freedesktop.secrets: if a test asked first, D-Bus activation would
# start a second, locked daemon instead.
for _ in $(seq 1 50); do
    if bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true; then
        break
    fi
    sleep 0.1
done
keyring_pid="$(bus_call org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
    | awk '{print $NF}')"

# Smoke test: store, read back and clear one item in the default collection, so a broken
# keyring fails here with a clear message rather than as a dozen test failures.
probe="probe-$$-$RANDOM"
if ! printf '%s' "$probe" | timeout 20 secret-tool store --label='TalentBridge test probe' talentbridge-probe "$probe" \
    || [ "$(timeout 20 secret-tool lookup talentbridge-probe "$probe")" != "$probe" ]; then
    echo "run-tests.sh: gnome-keyring did not start with an unlocked default collection" >&2
    exit 1
fi
timeout 20 secret-tool clear talentbridge-probe "$probe"
echo "run-tests.sh: gnome-keyring (pid $keyring_pid) serves an unlocked login collection in $XDG_DATA_HOME/keyrings"

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
