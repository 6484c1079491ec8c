#!/usr/bin/env bash
# A PostgreSQL server of the test lab, for the run history's tests: a throwaway cluster on
# loopback, started from nothing in seconds.
#   Tests/lab/postgres.sh start     (re)create and start the cluster
#   Tests/lab/postgres.sh stop      stop it
#   Tests/lab/postgres.sh url       print the URL of its "postgres" database
# Settings: MAILAUDIT_LAB_NET (default 127.77.0; the server listens on NET.60:5432),
# MAILAUDIT_LAB_DIR (default /tmp/mailaudit-lab; the cluster is in that path + "-postgres",
# beside the lab's state, which lab.sh start wipes).
# The cluster trusts connections from loopback (a test server: no password) but for the role
# password_user, which must give its password; it runs as the "postgres" user when started
# by root (PostgreSQL refuses to run as root).
set -euo pipefail

NET=${MAILAUDIT_LAB_NET:-127.77.0}
RUN=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}
DATA=$RUN-postgres
ADDR=$NET.60
PORT=5432

die() { echo "postgres-lab: $*" >&2; exit 1; }

bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$found" ] || die "PostgreSQL is not installed; install it with: sudo scripts/setup.sh --lab"
    echo "$found"
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
    local pg
    pg=$(bin)
    if [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$pg/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
}

start() {
    local pg
    pg=$(bin)
    stop
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
    as_owner "$pg/initdb" -D "$DATA" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >"$DATA.initdb.log" 2>&1 \
        || die "initdb failed: $(tail -3 "$DATA.initdb.log")"
    # One role must give a password (SCRAM), for the tests of where mailaudit takes a
    # password from (never the command line): the lines before initdb's trust lines.
    { echo "host all password_user 127.0.0.0/8 scram-sha-256"; cat "$DATA/pg_hba.conf"; } > "$DATA/pg_hba.conf.new"
    mv "$DATA/pg_hba.conf.new" "$DATA/pg_hba.conf"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA/pg_hba.conf"
    # Loopback only, a socket in the state folder, no fsync (a throwaway test cluster).
    cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '$ADDR'
port = $PORT
unix_socket_directories = '$DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
    as_owner "$pg/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 start >/dev/null \
        || die "the server did not start: $(tail -5 "$DATA/server.log" 2>/dev/null)"
    echo "postgres-lab: up on $ADDR:$PORT (cluster in $DATA)"
}

case "${1:-}" in
    start) start ;;
    stop) stop; echo "postgres-lab: stopped" ;;
    url) echo "postgres://postgres@$ADDR:$PORT/postgres?sslmode=disable" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
