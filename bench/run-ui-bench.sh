#!/usr/bin/env bash
# Runs bench-startup (the real talentbridge started with a 100,000-row profile: time to tray,
# idle RSS, idle wake-ups) where it can measure: on a private D-Bus session with a throw-away
# unlocked gnome-keyring (the app reads its secrets from the keychain), and, when there is no
# DISPLAY, on a private Xvfb with openbox and a trayer tray host, as scripts/run-tests.sh does.
#
#   bench/run-ui-bench.sh [BUILD_DIR] [ledgerRows] [starts] [idleSeconds]     (default build)
#
# Needs Xvfb, openbox, trayer, xdotool, dbus, gnome-keyring, libsecret-tools
# (scripts/bootstrap.sh test installs them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(realpath -m "${1:-$here/build}")"
shift || true
bench="$build/bench/bench-startup"
[ -x "$bench" ] || { echo "run-ui-bench.sh: $bench is not built" >&2; exit 1; }

# The keyring must live on a private bus, never a real desktop's.
if [ "${TB_UI_BENCH_INSIDE:-}" != 1 ]; then
    TB_UI_BENCH_INSIDE=1 exec dbus-run-session -- "$0" "$build" "$@"
fi
# shellcheck source=scripts/test-keyring.sh
source "$here/scripts/test-keyring.sh"

work="$(mktemp -d -t talentbridge-ui-bench.XXXXXX)"
pids=()
cleanup() {
    local i
    # Tray host and window manager before the X server they are clients of.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    tb_keyring_stop
    rm -rf "$work"
}
trap cleanup EXIT
tb_keyring_start run-ui-bench.sh "$work" >&2

if [ -z "${DISPLAY:-}" ]; then
    # -displayfd: the server picks a free display and writes its number once it accepts clients.
    : >"$work/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
    pids+=($!)
    for _ in $(seq 1 100); do
        [ -s "$work/display" ] && break
        sleep 0.1
    done
    [ -s "$work/display" ] || { echo "run-ui-bench.sh: Xvfb did not start: $(cat "$work/xvfb.log")" >&2; exit 1; }
    DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
    export DISPLAY
    openbox >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 1 200); do
        xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
        sleep 0.1
    done
    trayer --edge bottom --align right --widthtype request --height 28 --SetDockType true >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 1 300); do
        xdotool search --classname trayer >/dev/null 2>&1 && break
        sleep 0.1
    done
    xdotool search --classname trayer >/dev/null 2>&1 || { echo "run-ui-bench.sh: trayer did not start" >&2; exit 1; }
    echo "run-ui-bench.sh: Xvfb on $DISPLAY with openbox and trayer" >&2
fi
unset WAYLAND_DISPLAY QT_QPA_PLATFORM
"$bench" "$@"
