#!/usr/bin/env bash
# setup.sh and the test lab beside the host's own services (CI runs it, as root): with the
# host's nginx and PostgreSQL running, `scripts/setup.sh --deps` leaves them running, the same
# processes on the same ports; the lab starts beside them on its own addresses; and a host
# service that holds one of the lab's ports on all addresses makes `lab.sh start` stop with
# one line naming it, while that service keeps running. Services this script started, it
# stops again; ones that were running before, it leaves as they were.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ "$(id -u)" -eq 0 ] || { echo "check-setup: run as root" >&2; exit 1; }
fail() { echo "check-setup: FAIL: $*" >&2; exit 1; }

# The host process listening on a TCP port ("pid=N" of the first listener outside the lab's
# 127.77.0.0/24), or nothing.
holder() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -v ' 127\.77\.0\.' | grep -o 'pid=[0-9]*' | head -1 || true; }

started=()
for service in nginx postgresql; do
    if ! service "$service" status >/dev/null 2>&1; then
        service "$service" start >/dev/null
        started+=("$service")
    fi
done
cleanup() {
    [ -n "${listener:-}" ] && kill "$listener" 2>/dev/null || true
    for service in "${started[@]}"; do service "$service" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
sleep 1
nginx_before=$(holder 80); postgres_before=$(holder 5432)
[ -n "$nginx_before" ] && [ -n "$postgres_before" ] || fail "the host's nginx ($nginx_before) or PostgreSQL ($postgres_before) did not start"

scripts/setup.sh --deps >/dev/null 2>&1 || fail "setup.sh --deps failed"
[ "$(holder 80)" = "$nginx_before" ] || fail "nginx on :80 was $nginx_before before setup.sh, now '$(holder 80)'"
[ "$(holder 5432)" = "$postgres_before" ] || fail "PostgreSQL on :5432 was $postgres_before before setup.sh, now '$(holder 5432)'"
echo "check-setup: setup.sh --deps left the host's nginx ($nginx_before) and PostgreSQL ($postgres_before) running"

Tests/lab/lab.sh start >/dev/null || fail "the lab did not start beside the host's nginx and PostgreSQL"
Tests/lab/lab.sh stop >/dev/null
echo "check-setup: the lab starts beside them"

# A host service on all addresses of a port the lab needs (submission, 587).
python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 587)); s.listen(1); time.sleep(120)' &
listener=$!
sleep 1
if message=$(Tests/lab/lab.sh start 2>&1); then
    Tests/lab/lab.sh stop >/dev/null
    fail "the lab started although 0.0.0.0:587 was held"
fi
[ "$(printf '%s\n' "$message" | wc -l)" -eq 1 ] || fail "more than one line: $message"
[[ $message == *"tcp:587 held by 0.0.0.0:587 (python3)"* && $message == *"never stops a service it did not start"* ]] || fail "the message does not name the holder: $message"
kill -0 "$listener" || fail "the service holding 587 was stopped"
echo "check-setup: a host service on 0.0.0.0:587 stops the lab with: $message"
