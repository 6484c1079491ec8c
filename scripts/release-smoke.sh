#!/usr/bin/env bash
# Runs the release binary against the running lab: the optimised build must judge as the
# tested debug build does. (Once, a C handle freed after its last Swift use made DANE-TA
# fail in release builds only.) Needs the lab (Tests/lab/lab.sh start) and a release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=.build/release/mailaudit
resolver=${MAILAUDIT_LAB_NET:-127.77.0}.54
ca=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}/pki/ca.crt
fail() { echo "release-smoke: $*" >&2; exit 1; }

status=0
$bin audit good.test --resolver "$resolver" --ca-file "$ca" --format json --output /tmp/mailaudit-smoke.json || status=$?
[ $status -eq 0 ] || fail "audit good.test exited $status, expected 0"
facts=$($bin facts dane.test --resolver "$resolver" --ca-file "$ca" --no-common-selectors)
matches=$(grep -c '"status" : "match"' <<<"$facts" || true)
mismatches=$(grep -c '"status" : "mismatch"' <<<"$facts" || true)
[ "$matches" -eq 1 ] && [ "$mismatches" -eq 1 ] || fail "dane.test: $matches DANE matches and $mismatches mismatches, expected 1 and 1"
status=0
$bin audit expired.tls.test --resolver "$resolver" --ca-file "$ca" --format json --output /tmp/mailaudit-smoke.json || status=$?
grep -q '"ruleID" : "smtp.cert-expired"' /tmp/mailaudit-smoke.json || fail "expired.tls.test: no smtp.cert-expired finding"
[ $status -eq 2 ] || fail "audit expired.tls.test exited $status, expected 2"
echo "release-smoke: the release binary judges the lab as the tests expect"
