#!/usr/bin/env bash
# Regenerates reports/examples/ from the lab: the same audit in text, JSON and HTML.
#   sudo scripts/example-reports.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
Tests/lab/lab.sh start
# The same flags as the test command (README, "Test"), so its build is reused.
swift build -c release -Xswiftc -enable-testing --product mailaudit >/dev/null
bin=.build/release/mailaudit
resolver=${MAILAUDIT_LAB_NET:-127.77.0}.54
out=reports/examples
mkdir -p "$out"
ca=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}/pki/ca.crt
# The lab's own root: with its trust anchor mailaudit validates DNSSEC itself, as a user's
# run does from the root's (README, "The test lab by hand").
export MAILAUDIT_TRUST_ANCHOR=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}/trust-anchor.ds
# A domains file, as a scheduled job would keep it: good.test names its DKIM selector; a
# name that does not exist, a DNSSEC-bogus domain and a lame delegation show root causes.
list=$(mktemp)
trap 'rm -f "$list"' EXIT
cat >"$list" <<'LIST'
# the lab's domains
good.test   dkim=sel2048
unsigned.test
nomx.test
records.test
dmarc.test
dane.test
expired.tls.test
authplain.tls.test
uncovered.sts.test
bogus.test
nosuch.test      # a typo, or an expired registration
lame.test        # delegated to a server that does not serve it (SERVFAIL)
LIST
# The exit code says what the audit found (1 warnings, 2 failures); that is expected here.
NO_COLOR=1 $bin audit --domains-file "$list" --resolver "$resolver" --ca-file "$ca" --format text --output "$out/lab-audit.txt" || true
$bin audit --domains-file "$list" --resolver "$resolver" --ca-file "$ca" --format json --output "$out/lab-audit.json" || true
$bin audit --domains-file "$list" --resolver "$resolver" --ca-file "$ca" --format html --output "$out/lab-audit.html" || true
$bin audit nomx.test --resolver "$resolver" --ca-file "$ca" --profile go-live --format text --output "$out/nomx-go-live.txt" || true
MAILAUDIT_PW=Lab-Secret-7f3e9 $bin smtp smtp.good.test --port 587 --resolver "$resolver" --ca-file "$ca" \
    --auth-user tester --auth-password-env MAILAUDIT_PW --from probe@good.test --to postmaster@good.test >"$out/smtp-submission.txt" || true
echo "example-reports: wrote $(ls "$out" | tr '\n' ' ')"
