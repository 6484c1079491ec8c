#!/usr/bin/env bash
# The whole test suite under ThreadSanitizer and AddressSanitizer: the DNS client's worker
# threads, the answer cache, the probe scheduler and the deadline races are where data races
# hide; the C boundary (ldns, OpenSSL, libcurl) is where memory errors do.
#
#   sudo scripts/sanitizers.sh            both, thread first
#   sudo scripts/sanitizers.sh thread     one of them (thread | address)
#
# Each builds into its own folder (.build-thread, .build-address: a debug build with the
# sanitizer, about 11 minutes on 2 cores; the logs go there too) and runs the README's tests
# against the lab, which the tests start. A report stops the run (halt_on_error) and names the two accesses or the
# bad one; the exit status is non-zero when a pass fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

# Leak checking is off: LeakSanitizer cannot follow the pointers Swift keeps with enum tags
# in their spare bits, so it reports values held by statics as leaked (scripts/fuzz.sh, same).
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
# Tests that prove something does not hang stretch their bounds by this (Tests/LabSupport/TestTime.swift).
export MAILAUDIT_TEST_TIME_SCALE=4

run() {
    local sanitizer=$1 began=$SECONDS status=0
    local build_log=".build-$sanitizer/sanitizer-build.log" test_log=".build-$sanitizer/sanitizer-test.log"
    mkdir -p ".build-$sanitizer"
    echo "sanitizers: $sanitizer: building (.build-$sanitizer)"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" >"$build_log" 2>&1 \
        || { tail -30 "$build_log"; echo "sanitizers: $sanitizer: the build failed"; return 1; }
    echo "sanitizers: $sanitizer: testing"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" >"$test_log" 2>&1 || status=$?
    grep -E "^(WARNING|ERROR): (ThreadSanitizer|AddressSanitizer)|SUMMARY: |Test run with" "$test_log" | sort | uniq -c | sed 's/^/    /'
    echo "sanitizers: $sanitizer: exit $status after $((SECONDS - began)) s (log: $test_log)"
    return "$status"
}

failed=0
case "${1:-all}" in
    thread|address) run "$1" || failed=1 ;;
    all) run thread || failed=1; run address || failed=1 ;;
    *) echo "usage: scripts/sanitizers.sh [thread|address|all]" >&2; exit 2 ;;
esac
exit $failed
