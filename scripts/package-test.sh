#!/usr/bin/env bash
# The Debian package the way a user gets it: built by CPack from a clean clone of the checked-out
# commit, installed with apt-get, run from /usr/bin (--version, then --demo on a virtual display
# with a window manager, a tray and an unlocked keyring), then purged, checking that nothing it
# installed stays behind.
#
#   scripts/package-test.sh [BUILD_DIR]      (default <repo>/build)
#
# Needs root or sudo (apt-get, dpkg) and Debian's xvfb, openbox, trayer, xdotool, imagemagick,
# dbus, gnome-keyring, libsecret-tools (scripts/bootstrap.sh installs them). Refuses to run when
# talentbridge is already installed. The .deb, the demo's screenshot and log go to
# BUILD_DIR/package-test/. Commit first: uncommitted changes are not in the clone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

step() { printf '\n== package-test: %s\n' "$*"; }
info() { printf 'package-test: %s\n' "$*"; }
fail() {
    printf 'package-test: FAILED: %s\n' "$*" >&2
    exit 1
}

# A child of this shell that has exited stays a zombie until it is waited for, and kill -0
# still succeeds on a zombie: look at its state instead.
running() {
    local state
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

# Stops a child: SIGTERM, SIGKILL if it still runs 10 s later, then reaps it. Fails when it
# needed SIGKILL.
stop_child() {
    local pid="$1" _
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        running "$pid" || break
        sleep 0.1
    done
    if running "$pid"; then
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        return 1
    fi
    wait "$pid" 2>/dev/null || true
}

# How long the demo must keep running with its window up before it counts as started.
demo_alive_seconds=5
demo_window_timeout=60

# ---------------------------------------------------------------------------------------------
# The demo, run inside `dbus-run-session` by the main part below:
#   package-test.sh --inside-session WORK_DIR SCREENSHOT LOG
if [ "${1:-}" = "--inside-session" ]; then
    work="$2" screenshot="$3" log="$4"
    # shellcheck source=scripts/test-keyring.sh
    source "$here/scripts/test-keyring.sh"

    pids=()
    demo=""
    cleanup_session() {
        local i
        if [ -n "$demo" ]; then
            stop_child "$demo" || true
        fi
        for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
            stop_child "${pids[i]}" || true
        done
        tb_keyring_stop
    }
    trap cleanup_session EXIT
    trap 'fail "interrupted"' INT TERM

    # A home of its own, so neither the demo nor the keyring touch a real profile; a temp
    # folder of its own for the single-instance socket, which SIGTERM leaves behind.
    export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
    export TMPDIR="$work/tmp"
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$TMPDIR"
    tb_keyring_start package-test "$work/home"

    # -displayfd: the server picks a free display number and writes it once it accepts clients.
    step "start Xvfb, openbox and trayer"
    : >"$work/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
    pids+=($!)
    for _ in $(seq 1 100); do
        [ -s "$work/display" ] && break
        running "${pids[0]}" || fail "Xvfb exited: $(cat "$work/xvfb.log")"
        sleep 0.1
    done
    [ -s "$work/display" ] || fail "Xvfb did not start within 10 s: $(cat "$work/xvfb.log")"
    display_number="$(tr -d '[:space:]' <"$work/display")"
    export DISPLAY=":$display_number"
    unset WAYLAND_DISPLAY QT_QPA_PLATFORM
    info "Xvfb on $DISPLAY"

    openbox >"$work/openbox.log" 2>&1 &
    pids+=($!)
    # trayer docks into the window manager's panel area: start it once openbox manages the
    # screen. On a loaded machine either may take a while, so the waits are generous.
    for _ in $(seq 1 200); do
        xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
        sleep 0.1
    done
    start_trayer() {
        trayer --edge top --align right --widthtype request --height 24 --SetDockType true \
            >>"$work/trayer.log" 2>&1 &
        trayer_pid=$!
        pids+=("$trayer_pid")
    }
    # The tray host must be there before the demo asks for one; a trayer that died early
    # (it gives up if the display is not ready for it) is started once more.
    start_trayer
    for attempt in 1 2; do
        for _ in $(seq 1 300); do
            xdotool search --classname trayer >/dev/null 2>&1 && break 2
            running "$trayer_pid" || break
            sleep 0.1
        done
        [ "$attempt" = 1 ] && { info "trayer did not come up; starting it again"; start_trayer; }
    done
    running "${pids[0]}" || fail "Xvfb on $DISPLAY exited early: $(cat "$work/xvfb.log")"
    xdotool search --classname trayer >/dev/null 2>&1 \
        || fail "trayer shows no window after two tries: $(cat "$work/trayer.log")"
    info "openbox and trayer are running"

    step "run the installed talentbridge --demo"
    /usr/bin/talentbridge --demo >"$log" 2>&1 &
    demo=$!
    info "talentbridge --demo started (pid $demo), output in $log"

    # The demo always opens the setup wizard over the main window. (xdotool search matches
    # any one condition unless told --all.)
    wizard_title='^Set up TalentBridge$'
    wizard_window() {
        xdotool search --all --onlyvisible --pid "$demo" --name "$wizard_title" 2>/dev/null | head -n 1 || true
    }
    window=""
    for _ in $(seq 1 $((demo_window_timeout * 2))); do
        running "$demo" || fail "talentbridge --demo exited before showing its setup wizard; its output:
$(cat "$log")"
        window="$(wizard_window)"
        [ -n "$window" ] && break
        sleep 0.5
    done
    [ -n "$window" ] || fail "no visible \"Set up TalentBridge\" window after ${demo_window_timeout} s; its output:
$(cat "$log")"
    info "setup wizard up: window $window \"$(xdotool getwindowname "$window")\""
    info "its windows: $(xdotool search --all --onlyvisible --pid "$demo" --name . getwindowname %@ 2>/dev/null \
        | paste -sd '|' | sed 's/|/, /g' || true)"

    sleep "$demo_alive_seconds"
    running "$demo" || fail "talentbridge --demo exited within ${demo_alive_seconds} s of showing its wizard; its output:
$(cat "$log")"
    [ -n "$(wizard_window)" ] || fail "the setup wizard went away within ${demo_alive_seconds} s"
    info "still running with its wizard up after ${demo_alive_seconds} s"

    # What the running program loaded, plugins included, for the dependency check below.
    awk '$6 ~ /\.so/ { print $6 }' "/proc/$demo/maps" | sort -u >"$work/demo-libraries.txt"

    timeout 30 import -window root "$screenshot" || fail "import could not take a screenshot of $DISPLAY"
    info "screenshot: $screenshot"

    stopped=yes
    stop_child "$demo" || stopped=""
    demo=""
    [ -n "$stopped" ] || fail "talentbridge --demo did not stop within 10 s of SIGTERM"
    info "demo stopped"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Absolute: apt-get takes a relative .deb path for a package name.
build="$(realpath -m "${1:-$here/build}")"
out="$build/package-test"
started=$SECONDS

step "preconditions"
for tool in git cmake cpack ninja dpkg-deb apt-get dbus-run-session gnome-keyring-daemon secret-tool \
    Xvfb openbox trayer xdotool import; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (scripts/bootstrap.sh test installs it)"
done
if dpkg -s talentbridge >/dev/null 2>&1; then
    fail "talentbridge is installed already; this test installs and purges it, so remove it first (apt-get purge talentbridge)"
fi
commit="$(git -C "$here" rev-parse HEAD)"
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
    info "note: uncommitted changes in $here are not in the package (it is built from $commit)"
fi
mkdir -p "$out"
rm -f "$out"/talentbridge_*.deb "$out/demo.png" "$out/demo.log"

work="$(mktemp -d -t talentbridge-package-test.XXXXXX)"
installed=""
cleanup() {
    local status=$?
    # A failed run must not leave the package on the machine.
    if [ -n "$installed" ] && dpkg -s talentbridge >/dev/null 2>&1; then
        echo "package-test: removing the package after the failure" >&2
        DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get purge -y talentbridge >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
    if [ "$status" -eq 0 ]; then
        info "PASSED in $((SECONDS - started)) s"
    fi
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

step "clone $commit"
timeout 300 git clone --quiet --no-checkout "$here" "$work/src" || fail "git clone of $here failed"
timeout 300 git -C "$work/src" -c advice.detachedHead=false checkout --quiet "$commit" \
    || fail "checkout of $commit in the clone failed"

step "configure a Release build (no tests, no benchmarks)"
# ccache: paths below the clone are hashed relative to it, so the next run's clone (another
# temporary folder) hits the cache this one filled.
export CCACHE_BASEDIR="$work/src"
timeout 600 cmake -S "$work/src" -B "$work/src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DTALENTBRIDGE_BUILD_TESTS=OFF -DTALENTBRIDGE_BUILD_BENCH=OFF >"$work/configure.log" 2>&1 \
    || fail "cmake configure failed:
$(tail -n 40 "$work/configure.log")"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$work/src/build/CMakeCache.txt")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in the clone's CMakeCache.txt"
info "project version $version"

step "build"
timeout 3600 cmake --build "$work/src/build" --parallel "$(nproc)" || fail "the Release build failed"

step "cpack -G DEB"
timeout 600 cpack --config "$work/src/build/CPackConfig.cmake" -G DEB -B "$work/package" \
    >"$work/cpack.log" 2>&1 || fail "cpack failed:
$(cat "$work/cpack.log")"
debs=("$work/package"/talentbridge_*.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single talentbridge_*.deb: $(ls "$work/package")"
cp "${debs[0]}" "$out/"
deb="$out/$(basename "${debs[0]}")"
deb_version="$(dpkg-deb --field "$deb" Version)"
[ "$deb_version" = "$version" ] || fail "the package's version is $deb_version, the project's $version"
info "$deb"
info "Depends: $(dpkg-deb --field "$deb" Depends)"

step "apt-get install $deb"
installed=yes
DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get install -y "$deb" >"$work/install.log" 2>&1 \
    || fail "apt-get install failed:
$(tail -n 40 "$work/install.log")"
dpkg -s talentbridge >/dev/null 2>&1 || fail "apt-get succeeded but dpkg does not know talentbridge"
mapfile -t files < <(dpkg -L talentbridge)
info "installed $(dpkg -s talentbridge | sed -n 's/^Version: //p'), ${#files[@]} paths"

step "talentbridge --version"
[ -x /usr/bin/talentbridge ] || fail "/usr/bin/talentbridge is not installed"
shown="$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 /usr/bin/talentbridge --version)" \
    || fail "talentbridge --version failed (exit status $?)"
info "prints: $shown"
[ "$shown" = "TalentBridge $version" ] || fail "talentbridge --version printed \"$shown\", expected \"TalentBridge $version\""

step "desktop entry and icons"
desktop=/usr/share/applications/talentbridge.desktop
[ -f "$desktop" ] || fail "$desktop is not installed"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
    info "desktop-file-validate accepts $desktop"
else
    info "desktop-file-validate not available (package desktop-file-utils); skipped"
fi
for icon in scalable/apps/talentbridge.svg 48x48/apps/talentbridge.png 256x256/apps/talentbridge.png; do
    [ -f "/usr/share/icons/hicolor/$icon" ] || fail "icon /usr/share/icons/hicolor/$icon is not installed"
done
info "hicolor icons: scalable, 48x48, 256x256"

# Inside a private D-Bus session: the keyring and the demo see nothing of a real desktop.
timeout 300 dbus-run-session -- "$0" --inside-session "$work" "$out/demo.png" "$out/demo.log" \
    || fail "the installed demo did not run (see above)"

# This machine has the build dependencies, so apt-get install finds everything present whatever
# the package declares. Instead: each library the demo had loaded must come from a package that
# talentbridge depends on, directly or not, as on a machine with only the base system.
step "every library the demo loaded comes from talentbridge's dependencies"
declare -A closure=()
while read -r name; do
    closure["$name"]=1
done < <(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances talentbridge | grep -v '^ ' | sed 's/:.*//')
[ "${#closure[@]}" -gt 1 ] || fail "apt-cache depends lists no dependencies of talentbridge"
mapfile -t libraries <"$work/demo-libraries.txt"
[ "${#libraries[@]}" -gt 0 ] || fail "no libraries recorded from the running demo"
# Qt's xcb plugin dlopen()s libXcursor (which needs libXrender) for themed cursors when it is
# there and draws core X cursors when it is not: optional, so no dependency of the package.
optional='/libX(cursor|render)\.so'
# One dpkg -S for all: "pkg[:arch][, pkg...]: path" per file it knows. Merged /usr: dpkg may
# know a file under /lib rather than /usr/lib, so what it does not know is asked again so.
declare -A owner_of=()
read_owners() {
    local line
    while IFS= read -r line; do
        [[ "$line" == diversion* ]] && continue
        owner_of["${line#*: }"]="$(sed 's/:[a-z0-9]*//g' <<<"${line%%: *}")"
    done < <(dpkg -S "$@" 2>/dev/null || true)
}
read_owners "${libraries[@]}"
unknown=()
for library in "${libraries[@]}"; do
    [ -n "${owner_of[$library]:-}" ] || unknown+=("${library#/usr}")
done
[ "${#unknown[@]}" -eq 0 ] || read_owners "${unknown[@]}"
undeclared=()
for library in "${libraries[@]}"; do
    [[ "$library" =~ $optional ]] && continue
    owners="${owner_of[$library]:-${owner_of[${library#/usr}]:-}}"
    found=""
    for owner in ${owners//,/ }; do
        [ -n "${closure[$owner]:-}" ] && found=yes
    done
    [ -n "$found" ] || undeclared+=("$library (${owners:-no package})")
done
[ "${#undeclared[@]}" -eq 0 ] || fail "the demo loaded libraries that the package's Depends do not bring:
$(printf '  %s\n' "${undeclared[@]}")"
info "all ${#libraries[@]} libraries come from the ${#closure[@]} packages talentbridge pulls in"

step "apt-get purge talentbridge"
DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get purge -y talentbridge >"$work/purge.log" 2>&1 \
    || fail "apt-get purge failed:
$(tail -n 40 "$work/purge.log")"
if dpkg -s talentbridge >/dev/null 2>&1; then
    fail "dpkg -s talentbridge still finds the package after the purge"
fi
installed=""
# Files must be gone; a folder may stay only while another package owns it.
left=()
for path in "${files[@]}"; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ -d "$path" ] && [ ! -L "$path" ] && dpkg -S "$path" >/dev/null 2>&1; then
        continue
    fi
    left+=("$path")
done
[ "${#left[@]}" -eq 0 ] || fail "left behind after the purge: ${left[*]}"
info "purged; none of its ${#files[@]} paths remain (folders other packages own excepted)"
