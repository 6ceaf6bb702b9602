#!/usr/bin/env bash
# Runs inside `dbus-run-session` (see bootstrap.sh): starts an unlocked gnome-keyring on the
# private session bus, then every CTest test; the time-zone sensitive ones run again under
# TZ=Asia/Kolkata.
set -euo pipefail
build="$1"

keyring_home="$(mktemp -d)"
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'talentbridge-ci\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

status=0
ctest --test-dir "$build" --output-on-failure --timeout 600 || status=$?
TZ=Asia/Kolkata ctest --test-dir "$build" --output-on-failure --timeout 600 -L timezone || status=$?
exit $status
