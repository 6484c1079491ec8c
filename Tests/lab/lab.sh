#!/usr/bin/env bash
# The mailaudit test lab: real servers on loopback, started from nothing in seconds.
#   Tests/lab/lab.sh start    (re)start the lab: sign the zones, run NSD and unbound
#   Tests/lab/lab.sh stop     stop every lab server
#   Tests/lab/lab.sh status   say what runs
#   Tests/lab/lab.sh env      print the lab's addresses as shell variables
# Settings (environment): MAILAUDIT_LAB_NET (first three octets of a /24 in 127/8,
# default 127.77.0), MAILAUDIT_LAB_DIR (state, default /tmp/mailaudit-lab).
# Addresses: NET.53 NSD "ns1.test" (authoritative for test. and the reverse zones),
#            NET.52 NSD "ns2.test" (authoritative for the children of test.),
#            NET.54 unbound (validating resolver, trust anchor for test.),
#            NET.55 nothing listens (a dead server),
#            NET.25, NET.26 Postfix (mx1.good.test, mx2.good.test) on port 25.
# Later issues add SMTP and HTTPS peers here: one function per service, started by
# `start` and stopped by pid files under $RUN.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NET=${MAILAUDIT_LAB_NET:-127.77.0}
RUN=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}
NSD_ADDR=$NET.53
NSD_CHILD_ADDR=$NET.52
UNBOUND_ADDR=$NET.54
DEAD_ADDR=$NET.55
IFS=. read -r o1 o2 o3 <<<"$NET"
REVERSE_ZONE="$o3.$o2.$o1.in-addr.arpa."
REVERSE6_ZONE="1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa."
SIGNED_CHILDREN=(good.test bogus.test)
UNSIGNED_CHILDREN=(unsigned.test nomx.test nullmx.test cnamemx.test noaddr.test big.test chain.test bench.test spf.test dmarc.test records.test)

die() { echo "lab: $*" >&2; exit 1; }

need() {
    local missing=()
    for tool in nsd unbound ldns-keygen ldns-signzone ldns-key2ds drill postfix; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}; install the lab's packages with: sudo scripts/install-deps.sh"
    [[ $NET =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "MAILAUDIT_LAB_NET=$NET is not the first three octets of a 127/8 network"
}

# True while a process runs; a zombie (exited, not yet reaped by PID 1) counts as gone.
alive() {
    local state
    # The state follows the last ')': the command name may itself hold spaces ("nsd: xfrd").
    state=$(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

# Stops the processes named in the given pid files, with their process groups (the daemons
# are group leaders; NSD's children then stop at once instead of one by one): TERM to all
# at once, then KILL what is left after 1 s (the lab keeps no state worth a clean stop).
stop_pidfiles() {
    local pids=() file pid
    for file in "$@"; do
        [ -f "$file" ] || continue
        pid=$(cat "$file" 2>/dev/null || true)
        if [ -n "$pid" ] && alive "$pid"; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
        rm -f "$file"
    done
    for _ in $(seq 1 50); do
        local left=0
        for pid in "${pids[@]}"; do alive "$pid" && left=1; done
        [ $left -eq 0 ] && return 0
        sleep 0.02
    done
    for pid in "${pids[@]}"; do alive "$pid" && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; }; done
    return 0
}

stop() {
    if [ -f "$RUN/postfix/conf/main.cf" ] && command -v postfix >/dev/null 2>&1; then
        postfix -c "$RUN/postfix/conf" stop >/dev/null 2>&1 || true
    fi
    stop_pidfiles "$RUN/unbound/unbound.pid" "$RUN/nsd/nsd.pid" "$RUN/nsd-child/nsd.pid" "$RUN/postfix/queue/pid/master.pid"
}

# Waits until a DNS server at $1 answers $2 $3.
wait_dns() {
    local server=$1 name=$2 type=$3 log=$4
    for _ in $(seq 1 100); do
        if drill -Q @"$server" "$name" "$type" >/dev/null 2>&1; then return 0; fi
        sleep 0.05
    done
    echo "--- $log" >&2; tail -20 "$log" >&2 || true
    die "the server at $server did not answer $name $type within 5 s"
}

prepare_zones() {
    local serial
    serial=$(date +%Y%m%d%H)
    mkdir -p "$RUN/zones" "$RUN/keys"
    for f in "$HERE"/zones/*.zone; do
        sed -e "s/@NET@/$NET/g" -e "s/@SERIAL@/$serial/g" -e "s/@REVERSE@/$REVERSE_ZONE/g" "$f" >"$RUN/zones/$(basename "$f")"
    done
    cd "$RUN/keys"
    # Children first: sign each, and collect the DS the parent must publish.
    local ds_lines=""
    for zone in "${SIGNED_CHILDREN[@]}"; do
        local ksk zsk
        ksk=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone")
        zsk=$(ldns-keygen -a ECDSAP256SHA256 "$zone")
        ldns-signzone -n -f "$RUN/zones/$zone.zone.signed" "$RUN/zones/$zone.zone" "$zsk" "$ksk"
        if [ "$zone" = bogus.test ]; then
            # Publish the DS of a key the zone never uses: the chain of trust breaks.
            local stray
            stray=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone")
            ds_lines+=$(ldns-key2ds -n -2 "$stray.key")$'\n'
        else
            ds_lines+=$(ldns-key2ds -n -2 "$ksk.key")$'\n'
        fi
        rm -f ./*.ds
    done
    printf '%s' "$ds_lines" >>"$RUN/zones/test.zone"
    local ksk zsk
    ksk=$(ldns-keygen -a ECDSAP256SHA256 -k test)
    zsk=$(ldns-keygen -a ECDSAP256SHA256 test)
    ldns-signzone -n -f "$RUN/zones/test.zone.signed" "$RUN/zones/test.zone" "$zsk" "$ksk"
    ldns-key2ds -n -2 "$ksk.key" >"$RUN/trust-anchor.ds"
    cd - >/dev/null
}

# Starts one NSD instance: $1 its state folder name, $2 its address, then the zone
# stanzas on standard input.
start_nsd() {
    local name=$1 addr=$2 dir="$RUN/$1"
    mkdir -p "$dir"
    {
        cat <<CONF
server:
    ip-address: $addr
    port: 53
    username: ""
    chroot: ""
    database: ""
    zonesdir: "$RUN/zones"
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    logfile: "$dir/nsd.log"
    server-count: 1
    verbosity: 1
    hide-version: yes
    zonefiles-check: yes
    # NSD rate-limits to 200 qps per /24 by default and would drop test traffic.
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
CONF
        cat
    } >"$dir/nsd.conf"
    nsd-checkconf "$dir/nsd.conf" || die "$dir/nsd.conf is invalid"
    # Daemons must not keep the caller's stdout/stderr open (a test harness reading them would wait forever).
    nsd -c "$dir/nsd.conf" </dev/null >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; tail -20 "$dir/nsd.log" >&2; die "nsd ($name) did not start"; }
}

start_authoritatives() {
    start_nsd nsd "$NSD_ADDR" <<CONF
zone:
    name: test.
    zonefile: test.zone.signed
zone:
    name: $REVERSE_ZONE
    zonefile: reverse.zone
zone:
    name: $REVERSE6_ZONE
    zonefile: reverse6.zone
CONF
    {
        for zone in "${SIGNED_CHILDREN[@]}"; do printf 'zone:\n    name: %s\n    zonefile: %s.zone.signed\n' "$zone" "$zone"; done
        for zone in "${UNSIGNED_CHILDREN[@]}"; do printf 'zone:\n    name: %s\n    zonefile: %s.zone\n' "$zone" "$zone"; done
    } | start_nsd nsd-child "$NSD_CHILD_ADDR"
    wait_dns "$NSD_ADDR" test. SOA "$RUN/nsd/nsd.log"
    wait_dns "$NSD_CHILD_ADDR" good.test. SOA "$RUN/nsd-child/nsd.log"
}

start_unbound() {
    mkdir -p "$RUN/unbound"
    cat >"$RUN/unbound/unbound.conf" <<CONF
server:
    interface: $UNBOUND_ADDR
    port: 53
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    username: ""
    chroot: ""
    directory: "$RUN/unbound"
    pidfile: "$RUN/unbound/unbound.pid"
    logfile: "$RUN/unbound/unbound.log"
    use-syslog: no
    verbosity: 1
    val-log-level: 2
    num-threads: 1
    do-not-query-localhost: no
    qname-minimisation: no
    module-config: "validator iterator"
    trust-anchor-file: "$RUN/trust-anchor.ds"
    # Only the lab's names are resolved; everything else is refused at once.
    local-zone: "." refuse
    local-zone: "test." transparent
    local-zone: "127.in-addr.arpa." transparent
    local-zone: "$REVERSE6_ZONE" transparent
    # A lame or dead delegation should fail fast in tests, yet a reply NSD drops while a test
    # floods it must be asked again (with 1 try, unrelated tests saw SERVFAIL now and then).
    infra-host-ttl: 5
    outbound-msg-retry: 2
stub-zone:
    name: "test."
    stub-addr: $NSD_ADDR
stub-zone:
    name: "$REVERSE_ZONE"
    stub-addr: $NSD_ADDR
stub-zone:
    name: "$REVERSE6_ZONE"
    stub-addr: $NSD_ADDR
remote-control:
    control-enable: no
CONF
    unbound-checkconf "$RUN/unbound/unbound.conf" >/dev/null || die "unbound.conf is invalid"
    unbound -c "$RUN/unbound/unbound.conf" </dev/null >"$RUN/unbound/start.log" 2>&1 || { cat "$RUN/unbound/start.log" >&2; tail -20 "$RUN/unbound/unbound.log" >&2; die "unbound did not start"; }
    wait_dns "$UNBOUND_ADDR" good.test. SOA "$RUN/unbound/unbound.log"
}

# Postfix as the lab's mail servers (LAB-NOTES.md): its own config folder, one listener per
# MX address; mail is discarded. TLS set-ups come with the STARTTLS part of the probe.
start_postfix() {
    local dir="$RUN/postfix"
    mkdir -p "$dir/conf" "$dir/queue" "$dir/data"
    chown postfix "$dir/data"
    cat >"$dir/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
myhostname = lab.mailaudit.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_transport = discard
default_transport = discard
relay_transport = discard
maillog_file = /dev/stdout
maillog_file_prefixes = /dev, /var
smtpd_banner = \$myhostname ESMTP
CONF
    # Debian's master.cf without its wildcard smtp listener, plus one listener per lab MX.
    sed -e 's/^smtp      inet/#smtp      inet/' /etc/postfix/master.cf >"$dir/conf/master.cf"
    cat >>"$dir/conf/master.cf" <<CONF
$NET.25:smtp inet n - n - - smtpd -o myhostname=mx1.good.test
$NET.26:smtp inet n - n - - smtpd -o myhostname=mx2.good.test
CONF
    cp /etc/postfix/dynamicmaps.cf "$dir/conf/" 2>/dev/null || true
    cp -r /etc/postfix/dynamicmaps.cf.d "$dir/conf/" 2>/dev/null || true
    # start-fg under setsid: Postfix reports fatal errors only to a tty or syslog otherwise.
    setsid postfix -c "$dir/conf" start-fg </dev/null >"$dir/postfix.log" 2>&1 &
    for _ in $(seq 1 100); do
        [ -f "$dir/queue/pid/master.pid" ] && (exec 3<>"/dev/tcp/$NET.25/25") 2>/dev/null && return 0
        sleep 0.05
    done
    tail -20 "$dir/postfix.log" >&2
    die "postfix did not start"
}

write_env() {
    cat >"$RUN/lab.env" <<ENV
MAILAUDIT_LAB_NET=$NET
MAILAUDIT_LAB_DIR=$RUN
MAILAUDIT_LAB_NSD=$NSD_ADDR
MAILAUDIT_LAB_NSD_CHILD=$NSD_CHILD_ADDR
MAILAUDIT_LAB_RESOLVER=$UNBOUND_ADDR
MAILAUDIT_LAB_DEAD=$DEAD_ADDR
ENV
}

start() {
    need
    stop
    rm -rf "$RUN"
    mkdir -p "$RUN"
    local began=$SECONDS
    prepare_zones >"$RUN/prepare.log" 2>&1 || { cat "$RUN/prepare.log" >&2; die "preparing the zones failed"; }
    start_authoritatives
    start_unbound
    start_postfix
    write_env
    echo "lab: up in $((SECONDS - began)) s: NSD $NSD_ADDR and $NSD_CHILD_ADDR, unbound $UNBOUND_ADDR (state in $RUN)"
}

status() {
    local up=0
    for svc in nsd nsd-child unbound; do
        local file="$RUN/$svc/${svc%-child}.pid"
        if [ -f "$file" ] && alive "$(cat "$file")"; then
            echo "$svc: running (pid $(cat "$file"))"; up=$((up + 1))
        else
            echo "$svc: stopped"
        fi
    done
    local master="$RUN/postfix/queue/pid/master.pid"
    if [ -f "$master" ] && alive "$(tr -d ' ' <"$master")"; then
        echo "postfix: running (pid $(tr -d ' ' <"$master"))"; up=$((up + 1))
    else
        echo "postfix: stopped"
    fi
    [ $up -eq 4 ]
}

case "${1:-}" in
    start) start ;;
    stop) stop; echo "lab: stopped" ;;
    status) status ;;
    env) [ -f "$RUN/lab.env" ] && cat "$RUN/lab.env" || die "the lab is not running (start it with $0 start)" ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
