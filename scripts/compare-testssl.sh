#!/usr/bin/env bash
# The acceptance scan against testssl.sh on the lab's MX servers: time and handshakes.
#   scripts/compare-testssl.sh [MAILAUDIT]     (the lab must be up: Tests/lab/lab.sh start)
# For each lab domain with an MX that offers STARTTLS, runs `mailaudit facts` (the full scan
# of every MX endpoint) and `testssl -t smtp -p -E -P -f` on the same address, one after the
# other, and prints the seconds of each and mailaudit's handshakes; then the totals.
set -euo pipefail
BIN=${1:-.build/release/mailaudit}
NET=${MAILAUDIT_LAB_NET:-127.77.0}
RUN=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}
command -v testssl >/dev/null || { echo "compare-testssl: testssl.sh is not installed (scripts/setup.sh --lab)" >&2; exit 3; }
[ -x "$BIN" ] || { echo "compare-testssl: no $BIN; build it (swift build -c release) or name one" >&2; exit 3; }
cases=("good.test $NET.25" "expired.tls.test $NET.27" "selfsigned.tls.test $NET.28" "wrongname.tls.test $NET.29"
       "authplain.tls.test $NET.31" "oldtls.tls.test $NET.32" "soon.tls.test $NET.34" "relay.tls.test $NET.39"
       "nopostmaster.tls.test $NET.40" "order.tls.test $NET.41")
total_ours=0 total_theirs=0 total_handshakes=0
printf '%-24s %-14s %12s %11s %12s\n' domain address mailaudit handshakes testssl.sh
for item in "${cases[@]}"; do
    read -r domain address <<<"$item"
    start=$EPOCHREALTIME
    handshakes=$("$BIN" facts "$domain" --resolver "$NET.54" --ca-file "$RUN/pki/ca.crt" --tls-scan full 2>/dev/null |
        python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(e.get('tlsScan',{}).get('handshakes',0) for e in d['smtp']['endpoints'] if e['address']=='$address'))")
    ours=$(python3 -c "print($EPOCHREALTIME - $start)")
    start=$EPOCHREALTIME
    testssl -t smtp --quiet --color 0 --warnings off -p -E -P -f --ip one "$address:25" >/dev/null 2>&1 || true
    theirs=$(python3 -c "print($EPOCHREALTIME - $start)")
    printf '%-24s %-14s %10.1f s %11d %10.1f s\n' "$domain" "$address" "$ours" "$handshakes" "$theirs"
    total_ours=$(python3 -c "print($total_ours + $ours)"); total_theirs=$(python3 -c "print($total_theirs + $theirs)")
    total_handshakes=$((total_handshakes + handshakes))
done
printf '%-39s %10.1f s %11d %10.1f s\n' "all (one after the other)" "$total_ours" "$total_handshakes" "$total_theirs"
