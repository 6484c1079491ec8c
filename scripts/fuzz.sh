#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of every parser of outside input.
#
#   scripts/fuzz.sh                     every target, 60 s each
#   scripts/fuzz.sh TARGET [SECONDS]    one target (default 60 s)
#   scripts/fuzz.sh all SECONDS         every target, SECONDS each
#   scripts/fuzz.sh --campaign          every target until 600 s or 1,000,000 executions,
#                                       whichever comes first (the figure the notes give)
#   scripts/fuzz.sh TARGET|all SECONDS RUNS   stop a target after RUNS executions too
#   scripts/fuzz.sh --smoke             every target for 3 s, built unoptimised: they build and run (CI)
#   scripts/fuzz.sh --minimise          merge what was found into the kept corpora
#   scripts/fuzz.sh --list              the targets
#
# Corpora: Tests/fuzz/corpus/TARGET (kept in git: seeds from the conformance suites, the
# lab's zones and the rule files, Tests/fuzz/make-seeds.py, plus what fuzzing found,
# minimised). New inputs go to .build-fuzz/corpus/TARGET; a crash is written to
# .build-fuzz/crashes/TARGET-crash-* and reproduces with
#   .build/debug/mailaudit-fuzz TARGET FILE     (or the fuzz binary given the file)
# and becomes a file in Tests/fuzz/regressions/TARGET/, which `swift test` runs.
# Each run prints one line per target: executions, coverage, findings.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

SCRATCH=.build-fuzz
# Optimised for fuzzing; the smoke (CI: do the targets build and run?) builds unoptimised,
# which takes a fraction of the time.
CONFIG=release
[ "${1:-}" = --smoke ] && CONFIG=debug
BIN="$SCRATCH/$CONFIG/mailaudit-fuzz"
KEPT=Tests/fuzz/corpus

build() {
    # Every module instrumented for coverage and checked by ASan; -DFUZZING leaves out the
    # program's own main (libFuzzer brings one).
    swift build -c "$CONFIG" --product mailaudit-fuzz --scratch-path "$SCRATCH" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library >&2
}

# The target names, as the binary lists them (it exits 2 when asked for no target).
targets() {
    local names
    names=$({ MAILAUDIT_FUZZ_TARGET=none ASAN_OPTIONS=detect_leaks=0 "$BIN" -runs=0 2>&1 || true; } | sed -n 's/.*one of //p' | tr -d ',')
    [ -n "$names" ] || { echo "fuzz: $BIN lists no targets" >&2; exit 1; }
    echo "$names"
}

run_target() {
    local target=$1 seconds=$2 runs_cap=${3:--1}
    mkdir -p "$SCRATCH/corpus/$target" "$SCRATCH/crashes" "$KEPT/$target"
    local log="$SCRATCH/$target.log"
    local status=0
    # -rss_limit_mb/-malloc_limit_mb: unbounded memory is a finding; -timeout: a hang (5 s per
    # input) is one. -detect_leaks=0: LeakSanitizer cannot follow the pointers Swift keeps with
    # enum tags in their spare bits, so it reports values held by statics as leaked.
    MAILAUDIT_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$BIN" "$SCRATCH/corpus/$target" "$KEPT/$target" \
        -max_total_time="$seconds" -runs="$runs_cap" -timeout=5 -rss_limit_mb=1024 -malloc_limit_mb=512 -max_len=8192 -detect_leaks=0 \
        -artifact_prefix="$SCRATCH/crashes/$target-" -print_final_stats=1 >"$log" 2>&1 || status=$?
    local runs cov elapsed
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $target: FINDING after ${runs:-?} executions (exit $status); see $log and $SCRATCH/crashes/$target-*"
        grep -m3 -E 'ERROR: |invariant broken|Fatal error' "$log" | sed 's/^/    /'
        return 1
    fi
    echo "fuzz: $target: ${runs:-0} executions in ${elapsed:-$seconds} s, coverage ${cov:-?} edges, peak RSS $(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1) MB, no findings"
}

minimise() {
    local names
    names=$(targets)
    for target in $names; do
        [ -d "$SCRATCH/corpus/$target" ] || continue
        local merged="$SCRATCH/merged/$target"
        rm -rf "$merged"; mkdir -p "$merged"
        MAILAUDIT_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$BIN" -merge=1 -max_len=8192 -detect_leaks=0 \
            "$merged" "$KEPT/$target" "$SCRATCH/corpus/$target" >/dev/null 2>&1
        rm -rf "${KEPT:?}/$target"; mv "$merged" "$KEPT/$target"
        echo "fuzz: $target: $(ls "$KEPT/$target" | wc -l) inputs kept"
    done
}

case "${1:-all}" in
    --list) build; targets | tr ' ' '\n' | sed '/^$/d'; exit 0 ;;
    --minimise) build; minimise; exit 0 ;;
    --smoke) selected=all; seconds=${2:-3}; runs_cap=-1 ;;
    --campaign) selected=all; seconds=600; runs_cap=1000000 ;;
    all) selected=all; seconds=${2:-60}; runs_cap=${3:--1} ;;
    *) selected=$1; seconds=${2:-60}; runs_cap=${3:--1} ;;
esac

build
[ -d "$KEPT" ] || python3 Tests/fuzz/make-seeds.py "$KEPT" >/dev/null
failed=0
if [ "$selected" = all ]; then
    names=$(targets)
    for target in $names; do run_target "$target" "$seconds" "$runs_cap" || failed=1; done
else
    run_target "$selected" "$seconds" "$runs_cap" || failed=1
fi
exit $failed
