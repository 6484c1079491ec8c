#!/usr/bin/env bash
# The test command (README, CI): one optimised build, with testing enabled, serves the whole
# test suite and the release smoke test, so the suite runs on the code users run (an
# optimised build once freed a C handle early where a debug build did not) and CI builds
# the packages once, not twice. Needs root for the lab (see README, "Test").
# For quick iterations while developing, `swift test` (a debug build) runs the same tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/opt/swift/usr/bin:$PATH"
flags=(-c release -Xswiftc -enable-testing)

# A clean build has no warnings (the brief's standard); count them on our own sources.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build "${flags[@]}" --build-tests 2>&1 | tee "$log"
if grep -E "^/.*(Sources|Tests)/.*warning:" "$log"; then
    echo "test: the build has warnings" >&2
    exit 1
fi

status=0
swift test "${flags[@]}" --skip-build || status=$?
# The optimised binary against the lab: it must judge as the tests expect.
if [ "$(id -u)" -eq 0 ] || [ "${CI:-}" = true ]; then
    Tests/lab/lab.sh start >/dev/null && scripts/release-smoke.sh || status=1
fi
exit $status
