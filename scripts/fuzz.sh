#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in their own build directory and runs each
# for a bounded time from the committed seed corpus. Exits non-zero when any target crashes,
# leaks, times out or trips a sanitizer; the reproducer is left in $BUILD/fuzz-artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 20)
#
# Environment: TB_FUZZ_BUILD_DIR (default <repo>/build-fuzz), TB_FUZZ_JOBS (default 2),
# CXX (default clang++), TB_FUZZ_TARGETS (default: all three).
set -euo pipefail

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
    echo "usage: $0 [SECONDS_PER_TARGET]" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TB_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${TB_FUZZ_JOBS:-2}"
targets=(${TB_FUZZ_TARGETS:-fuzz-harvest-json fuzz-platform-json fuzz-http-headers})

generator=()
if command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
fi

# Only the parsers and the three targets are built: no tests, benches or UI.
cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTALENTBRIDGE_BUILD_FUZZERS=ON \
    -DTALENTBRIDGE_BUILD_TESTS=OFF \
    -DTALENTBRIDGE_BUILD_BENCH=OFF \
    -DTALENTBRIDGE_BUILD_UI=OFF >/dev/null
cmake --build "$build" --parallel "$jobs" --target "${targets[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for target in "${targets[@]}"; do
    seeds="$root/fuzz/corpus/$target"
    # New inputs go to a scratch corpus in the build dir; the committed seeds are only read.
    work="$build/fuzz-corpus/$target"
    artifacts="$build/fuzz-artifacts/$target"
    mkdir -p "$work" "$artifacts"
    case "$target" in
        fuzz-http-headers) dict="$root/fuzz/dict/headers.dict" ;;
        *) dict="$root/fuzz/dict/json.dict" ;;
    esac
    echo "== $target: ${seconds}s"
    if "$build/fuzz/$target" "$work" "$seeds" \
        -dict="$dict" \
        -max_total_time="$seconds" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -max_len=16384 \
        -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        >"$build/fuzz-$target.log" 2>&1; then
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)' "$build/fuzz-$target.log" || true
    else
        echo "!! $target failed; log: $build/fuzz-$target.log; reproducers:" >&2
        ls -1 "$artifacts" >&2 || true
        grep -E 'ERROR|runtime error|SUMMARY' "$build/fuzz-$target.log" | head -n 5 >&2 || true
        failed+=("$target")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzzing: no crash in ${targets[*]} (${seconds}s each)"
