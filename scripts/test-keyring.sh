# shellcheck shell=bash
# Sourced, not run: a throw-away, unlocked gnome-keyring on a private D-Bus session bus, for
# scripts/run-tests.sh (the keychain tests) and scripts/package-test.sh (the installed demo).
#
#   source scripts/test-keyring.sh
#   tb_keyring_start NAME DIR    # inside `dbus-run-session`; DIR is a fresh, private folder
#   ...
#   tb_keyring_stop
#
# tb_keyring_start exports XDG_DATA_HOME and XDG_RUNTIME_DIR below DIR, so the keyring's files
# ($XDG_DATA_HOME/keyrings) stay there, and sets TB_KEYRING_PID. NAME prefixes its messages.
# It returns non-zero with a message on stderr when the keyring does not work.

tb_bus_call() {
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@"
}

tb_secret_service_running() {
    tb_bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true
}

TB_KEYRING_PID=""

tb_keyring_start() {
    local name="$1" dir="$2"

    # Never touch the keyring of a real desktop session: the login keyring is unlocked (or
    # created) with a throw-away password, so the bus must be a private one with no Secret
    # Service on it.
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
        echo "$name: no D-Bus session bus; run me inside dbus-run-session" >&2
        return 2
    fi
    if tb_secret_service_running; then
        echo "$name: a Secret Service already runs on this bus; start me with dbus-run-session" >&2
        return 2
    fi

    export XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run"
    mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"

    # --unlock reads the password from stdin and creates the login collection, unlocked, which
    # libsecret then uses as the default collection. The daemon forks and prints nothing here.
    eval "$(printf 'talentbridge-ci\n' | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}"

    # Wait until it owns org.freedesktop.secrets: if a client asked first, D-Bus activation
    # would start a second, locked daemon instead.
    local _
    for _ in $(seq 1 50); do
        tb_secret_service_running && break
        sleep 0.1
    done
    TB_KEYRING_PID="$(tb_bus_call org.freedesktop.DBus.GetConnectionUnixProcessID \
        string:org.freedesktop.secrets | awk '{print $NF}')"

    # Smoke test: store, read back and clear one item in the default collection, so a broken
    # keyring fails here with a clear message rather than later as a puzzling failure.
    local probe="probe-$$-$RANDOM"
    if ! printf '%s' "$probe" \
            | timeout 20 secret-tool store --label='TalentBridge test probe' talentbridge-probe "$probe" \
        || [ "$(timeout 20 secret-tool lookup talentbridge-probe "$probe")" != "$probe" ]; then
        echo "$name: gnome-keyring did not start with an unlocked default collection" >&2
        return 1
    fi
    timeout 20 secret-tool clear talentbridge-probe "$probe"
    echo "$name: gnome-keyring (pid $TB_KEYRING_PID) serves an unlocked login collection in $XDG_DATA_HOME/keyrings"
}

tb_keyring_stop() {
    if [ -n "$TB_KEYRING_PID" ]; then
        kill "$TB_KEYRING_PID" 2>/dev/null || true
        TB_KEYRING_PID=""
    fi
}
