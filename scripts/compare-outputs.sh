#!/usr/bin/env bash
# Every command's output from two mailaudit binaries, on the lab, compared after the parts
# that differ from run to run (times, durations, temporary paths) are masked. For refactors:
# nothing a user sees may change except what the change meant to change.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [FOLDER]
#   COMPARE_ONLY=1 scripts/compare-outputs.sh OLD NEW [FOLDER]   # compare the last outputs again
#
# Needs the lab (Tests/lab/lab.sh start). Writes FOLDER/old, FOLDER/new (default
# /tmp/mailaudit-compare) and prints a unified diff of each output that differs, then a count.
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY [FOLDER]" >&2
    exit 3
fi
old=$(realpath "$1"); new=$(realpath "$2"); folder=${3:-/tmp/mailaudit-compare}
net=${MAILAUDIT_LAB_NET:-127.77.0}
lab=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}
export MAILAUDIT_TRUST_ANCHOR=$lab/trust-anchor.ds
resolver=$net.54
domains=(good.test bogus.test unsigned.test nomx.test nullmx.test expired.test dane.test sts.test spf.test dmarc.test tls.test mixed.test)
common=(--resolver "$resolver" --ca-file "$lab/pki/ca.crt")

run_all() {
    local binary=$1 out=$2
    rm -rf "$out"; mkdir -p "$out"
    cd "$out" || exit 3
    local n=0
    step() {  # step NAME COMMAND...: stdout, stderr and exit code
        local name=$1; shift
        "$@" > "$name.out" 2> "$name.err"
        echo "exit $?" >> "$name.err"
    }
    step audit-text "$binary" audit "${domains[@]}" "${common[@]}"
    step audit-json "$binary" audit "${domains[@]}" "${common[@]}" --format json --facts full -o report.json
    for format in text json jsonl html nagios prometheus junit csv; do
        step "report-$format" "$binary" report report.json --format "$format"
    done
    step audit-verbose "$binary" audit good.test bogus.test "${common[@]}" --verbose
    step audit-nagios-no-smtp "$binary" audit good.test "${common[@]}" --no-smtp --format nagios
    step facts "$binary" facts good.test --resolver "$resolver" --no-smtp
    "$binary" facts bogus.test --resolver "$resolver" --no-smtp > facts-bogus.json 2>/dev/null
    step check "$binary" check --facts facts-bogus.json
    step spf "$binary" spf spf.test --ip 192.0.2.1 --resolver "$resolver"
    step smtp "$binary" smtp mx1.good.test --resolver "$resolver" --ca-file "$lab/pki/ca.crt"
    step rules-list "$binary" rules list
    step rules-show "$binary" rules show smtp.cert-expiring
    step rules-test "$binary" rules test
    step history-1 "$binary" audit good.test bogus.test unsigned.test "${common[@]}" --history history.db --format jsonl
    step history-2 "$binary" audit good.test bogus.test unsigned.test "${common[@]}" --no-smtp --history history.db
    step history-3 "$binary" audit good.test bogus.test unsigned.test "${common[@]}" --history history.db --quiet
    step history-list "$binary" history list --history history.db
    step history-list-domain "$binary" history list good.test --history history.db
    step history-show "$binary" history show --history history.db
    step history-show-nagios "$binary" history show --history history.db --format nagios
    step history-show-prometheus "$binary" history show --history history.db --format prometheus
    step diff "$binary" diff --from 1 --to 3 --history history.db
    step baseline "$binary" audit "${domains[@]}" "${common[@]}" --baseline report.json
    step stats "$binary" audit good.test signed.test --resolver "$resolver" --no-smtp --stats --no-progress --format jsonl -o stats.jsonl
    step qps "$binary" audit good.test signed.test --resolver "$resolver" --no-smtp --qps 100 --format jsonl
    step bad-resolver "$binary" audit good.test --resolver 127.0.0.1:9 --timeout 0.5 --retries 0 --no-smtp
    step help "$binary" audit --help
    cd - > /dev/null || exit 3
}

# Times, durations, run timings and temporary names: what differs between any two runs.
mask() {
    sed -E \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?/<TIME>/g' \
        -e 's/"([a-zA-Z]*(Milliseconds|Seconds)|seconds|milliseconds|duration_ms|ms|elapsed)" ?: ?[0-9.e-]+/"\1":<N>/g' \
        -e 's/(seconds|domains_per_second|duration_seconds|duration)=[0-9.]+/\1=<N>/g' \
        -e 's/[0-9]+(\.[0-9]+)? ?(ms|s|seconds)\b/<DUR>/g' \
        -e 's/mailaudit_[a-z_]*(seconds|timestamp)[a-z_]*(\{[^}]*\})? [0-9.e+-]+/<METRIC-TIME>/g' \
        -e 's#/tmp/[A-Za-z0-9._/-]*#<TMP>#g' \
        -e 's/"reused" ?: ?(true|false)/"reused":<WHICH-DOMAIN-PROBED-FIRST>/g' \
        -e 's/time="[^"]*"/time="<N>"/g' \
        "$1"
}

# COMPARE_ONLY=1: compare the outputs of an earlier call again (after changing the mask).
if [ -z "${COMPARE_ONLY:-}" ]; then
    run_all "$old" "$folder/old"
    run_all "$new" "$folder/new"
fi
differing=0
for file in "$folder"/old/*.out "$folder"/old/*.err; do
    name=$(basename "$file")
    if ! diff -q <(mask "$file") <(mask "$folder/new/$name") > /dev/null; then
        differing=$((differing + 1))
        echo "=== $name"
        diff -u <(mask "$file") <(mask "$folder/new/$name") | sed -n '3,60p'
    fi
done
echo "compare: $differing of $(ls "$folder"/old/*.out "$folder"/old/*.err | wc -l) outputs differ ($folder)"
