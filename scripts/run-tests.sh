#!/usr/bin/env bash
# Runs inside `dbus-run-session` (see bootstrap.sh): starts an unlocked gnome-keyring on the
# private session bus, then every CTest test; the time-zone sensitive ones run again under
# TZ=Asia/Kolkata.
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
cleanup() {
    tb_keyring_stop
    rm -rf "$keyring_home"
}
trap cleanup EXIT
tb_keyring_start run-tests.sh "$keyring_home"

status=0
ctest --test-dir "$build" --output-on-failure --timeout 600 "$@" || status=$?
TZ=Asia/Kolkata ctest --test-dir "$build" --output-on-failure --timeout 600 -L timezone "$@" || status=$?
exit $status
