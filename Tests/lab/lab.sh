#!/usr/bin/env bash
# The mailaudit test lab: real servers on loopback, started from nothing in seconds.
#   Tests/lab/lab.sh start    (re)start the lab: sign the zones, run NSD and unbound
#   Tests/lab/lab.sh stop     stop every lab server
#   Tests/lab/lab.sh status   say what runs
#   Tests/lab/lab.sh env      print the lab's addresses as shell variables
#   Tests/lab/lab.sh rezone ZONE FILE   serve FILE as the unsigned child ZONE (edited.test, the drift test's)
# Settings (environment): MAILAUDIT_LAB_NET (first three octets of a /24 in 127/8,
# default 127.77.0), MAILAUDIT_LAB_DIR (state, default /tmp/mailaudit-lab).
# Addresses: NET.53 NSD "ns1.test" (authoritative for test. and the reverse zones),
#            NET.51 NSD "root-server.test", the lab's root zone ($RUN/root.hints names it for
#                   tools that resolve from the root: zonemaster-cli --hints),
#            NET.52 NSD "ns2.test" (authoritative for the children of test.), also at NET.57
#                   ("ns4.test") and at .52 of the next /24 ("ns5.test", diverse.test),
#            NET.54 unbound (validating resolver, trust anchor for test.),
#            NET.55 nothing listens (a dead server),
#            NET.25, NET.26 Postfix (mx1.good.test, mx2.good.test) on port 25 with a lab-CA
#                   certificate that the TLSA records match; NET.25 also [::1]:25, and
#                   submission on 587 (STARTTLS) and 465 (implicit TLS) with SASL,
#            NET.27-34 Postfix, one TLS case each (see start_postfix and zones/tls.test.zone),
#            NET.35 reserved for hostile peers that tests start themselves, NET.36-38 for
#                   Tests/lab/fake-smtp.py (busy, greylist and injection .tls.test),
#            NET.39 Postfix, an open relay (mynetworks 0.0.0.0/0, the classic mistake) that
#                   answers VRFY and names its version,
#            NET.40 Postfix refusing postmaster@,
#            NET.41 Postfix with TLS 1.0-1.3, an RSA key and its own cipher order,
#            NET.44 nginx on 443: MTA-STS policies (zones/sts.test.zone).
# The lab CA is $RUN/pki/ca.crt (tests pass it with --ca-file); the SASL test user is
# "tester" with the password in $RUN/lab.env (MAILAUDIT_LAB_SASL_PASSWORD).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NET=${MAILAUDIT_LAB_NET:-127.77.0}
RUN=${MAILAUDIT_LAB_DIR:-/tmp/mailaudit-lab}
NSD_ADDR=$NET.53
NSD_CHILD_ADDR=$NET.52
IFS=. read -r n1 n2 n3 <<<"$NET"
# The children's NSD also answers at NET.57 (ns4.test: every child has two NS) and in a
# second /24, NET2.52 (ns5.test: diverse.test's name servers sit on two networks).
NET2=$n1.$n2.$(( (n3 + 1) % 256 ))
NSD_CHILD_ADDR2=$NET.57
NSD_CHILD_ADDR3=$NET2.52
UNBOUND_ADDR=$NET.54
# Every lab zone on one NSD (asked directly, nothing validates on the way), and an unbound
# that resolves without validating (module-config "iterator"): mailaudit's own DNSSEC
# validation is tested through both.
NSD_ALL_ADDR=$NET.50
# The lab's root zone (zones/root.zone), for tools that resolve from the root.
ROOT_ADDR=$NET.51
PLAIN_UNBOUND_ADDR=$NET.56
DEAD_ADDR=$NET.55
IFS=. read -r o1 o2 o3 <<<"$NET"
REVERSE_ZONE="$o3.$o2.$o1.in-addr.arpa."
REVERSE6_ZONE="1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa."
NGINX_ADDR=$NET.44
PKI="$RUN/pki"
SASL_USER=tester
SASL_PASSWORD=Lab-Secret-7f3e9
SIGNED_CHILDREN=(good.test bogus.test dane.test expired.test future.test expiring.test sha1.test unknownalg.test optout.test mixed.test)
# Below a child, served only by the all-zones NSD (zones/insecure.optout.test.zone says why).
GRANDCHILDREN=(insecure.optout.test)
UNSIGNED_CHILDREN=(unsigned.test nomx.test nullmx.test cnamemx.test noaddr.test big.test chain.test bench.test spf.test dmarc.test records.test tls.test sts.test drift.test dnsbl.test edited.test
    lamens.test ghostns.test axfr.test diverse.test golive.test)
# Zones whose servers hand them out by AXFR to anyone (the ns.axfr case).
OPEN_AXFR_ZONES=(axfr.test)
# The zones a test may change while the lab runs (rezone): only these, so that a test that
# changes a zone cannot change what the tests beside it audit.
EDITABLE_ZONES=(edited.test)

die() { echo "lab: $*" >&2; exit 1; }

need() {
    local missing=()
    for tool in nsd unbound ldns-keygen ldns-signzone ldns-key2ds drill postfix nginx openssl saslpasswd2; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}; install the lab's packages with: sudo scripts/setup.sh --lab"
    [[ $NET =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "MAILAUDIT_LAB_NET=$NET is not the first three octets of a 127/8 network"
}

# The host's own services may run beside the lab: it listens only on NET.x. One that listens
# on all addresses (0.0.0.0, [::]) of a port the lab needs holds that port on the lab's
# addresses too (Linux refuses the narrower bind), and so does anything already on NET.x.
# The lab never stops a service it did not start: it names what is in the way, and how to
# move it, in one line.
check_ports() {
    command -v ss >/dev/null 2>&1 || return 0
    local net_pattern="${NET//./\.}\." held=() port proto line
    for port in tcp:25 tcp:465 tcp:587 tcp:443 tcp:53 udp:53; do
        proto=${port%%:*}
        line=$(ss -Hl"${proto:0:1}"np "sport = :${port#*:}" 2>/dev/null \
            | awk '{print $4 " " $6}' | grep -E "^(0\.0\.0\.0|\*|\[::\]|$net_pattern)" | head -1 || true)
        # The holder's name when ss can see it (another pid namespace hides it).
        [ -n "$line" ] && held+=("$port held by ${line%% *} ($( (grep -o '"[^"]*"' <<<"$line" || echo '"a process ss cannot name"') | head -1 | tr -d '"'))")
    done
    [ ${#held[@]} -eq 0 ] || die "$(IFS=';'; echo "${held[*]}"): the lab needs these ports on $NET.x and never stops a service it did not start; make that service listen on its own addresses (Postfix: inet_interfaces, NSD and unbound: interface, nginx: listen ADDRESS:443) or stop it yourself, or move the lab with MAILAUDIT_LAB_NET"
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
    stop_pidfiles "$RUN/unbound/unbound.pid" "$RUN/unbound-plain/unbound.pid" "$RUN/nsd/nsd.pid" "$RUN/nsd-child/nsd.pid" "$RUN/nsd-all/nsd.pid" "$RUN/nsd-root/nsd.pid" \
        "$RUN/postfix/queue/pid/master.pid" "$RUN/nginx/nginx.pid"
}

# Waits until a DNS server at $1 answers $2 $3 (each try bounded: drill itself waits
# long for a server that is not there), at most 10 s in all.
wait_dns() {
    local server=$1 name=$2 type=$3 log=$4 until=$((SECONDS + 10))
    while [ $SECONDS -lt $until ]; do
        if timeout 1 drill -Q @"$server" "$name" "$type" >/dev/null 2>&1; then return 0; fi
        sleep 0.05
    done
    echo "--- $log" >&2; tail -20 "$log" >&2 || true
    die "the server at $server did not answer $name $type within 10 s"
}

# The lab PKI (docs/lab.md): an EC P-256 CA and one leaf per TLS case. Each listener gets
# one PEM file holding its key, its certificate and the CA (Postfix's smtpd_tls_chain_files).
# `openssl ca` because only it sets dates in the past (the expired case) on OpenSSL 3.0.
make_pki() {
    mkdir -p "$PKI/ca"
    cd "$PKI"
    : >ca/index.txt
    echo 1000 >ca/serial
    cat >ca.cnf <<CNF
[ ca ]
default_ca = lab
[ lab ]
dir = $PKI/ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[ anything ]
commonName = supplied
[ req ]
distinguished_name = dn
[ dn ]
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
CNF
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
        -days 3650 -subj "/CN=mailaudit lab CA" -config ca.cnf \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    # leaf NAME KEYSPEC START END SAN...   (START/END as YYMMDDHHMMSSZ, or "" for now + 1 year)
    leaf() {
        local name=$1 keyspec=$2 start=$3 end=$4; shift 4
        local san="" host
        for host in "$@"; do san+="${san:+,}DNS:$host"; done
        if [ "$keyspec" = rsa1024 ]; then
            openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$name.key"
        elif [ "$keyspec" = rsa2048 ]; then
            openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key"
        else
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
        fi
        openssl req -new -key "$name.key" -subj "/CN=$1" -addext "subjectAltName=$san" -config ca.cnf -out "$name.csr"
        local dates=(-days 365)
        [ -n "$start" ] && dates=(-startdate "$start" -enddate "$end")
        openssl ca -batch -notext -config ca.cnf -extensions leaf -cert ca.crt -keyfile ca.key "${dates[@]}" \
            -in "$name.csr" -out "$name.crt"
        cat "$name.key" "$name.crt" ca.crt >"$name.pem"
    }
    leaf good ec "" "" mx1.good.test mx2.good.test smtp.good.test bad.dane.test ta.dane.test mx.authplain.tls.test mx.sni.tls.test \
        mx.relay.tls.test mx.nopostmaster.tls.test mx.busy.tls.test mx.greylist.tls.test mx.injection.tls.test
    leaf expired ec 200101000000Z 210101000000Z mx.expired.tls.test
    leaf soon ec "$(date -u -d '-30 days' +%y%m%d%H%M%SZ)" "$(date -u -d '+5 days' +%y%m%d%H%M%SZ)" mx.soon.tls.test
    leaf wrongname ec "" "" mail.elsewhere.invalid
    leaf weak rsa1024 "" "" mx.oldtls.tls.test
    leaf order rsa2048 "" "" mx.order.tls.test
    leaf nostarttls ec "" "" mx.nostarttls.tls.test
    leaf slow ec "" "" mx.slow.tls.test
    local sts_hosts=(mta-sts.good.test) case
    for case in enforce testing missing redirect ctype large uncovered; do sts_hosts+=("mta-sts.$case.sts.test"); done
    leaf mtasts ec "" "" "${sts_hosts[@]}"
    # Self-signed: no CA knows it.
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout selfsigned.key -out selfsigned.crt \
        -days 365 -subj "/CN=mx.selfsigned.tls.test" -addext "subjectAltName=DNS:mx.selfsigned.tls.test,DNS:mta-sts.badcert.sts.test"
    cat selfsigned.key selfsigned.crt >selfsigned.pem
    chmod 644 ./*.key ./*.pem
    # DANE (RFC 7672): 3 1 1 is the SHA-256 of the leaf's SubjectPublicKeyInfo, 2 0 1 of the CA certificate.
    TLSA_GOOD=$(openssl x509 -in good.crt -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
    TLSA_CA=$(openssl x509 -in ca.crt -outform DER | sha256sum | cut -d' ' -f1)
    TLSA_CA_SPKI=$(openssl x509 -in ca.crt -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
    cd - >/dev/null
}

prepare_zones() {
    local serial
    serial=$(date +%Y%m%d%H)
    mkdir -p "$RUN/zones" "$RUN/keys"
    # Without IPv6 loopback there is no [::1]:25 listener (start_postfix), so no AAAA ::1 is
    # published either: the tests expect the ::1 endpoint exactly when the machine has one.
    local no_v6=()
    grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null || no_v6=(-e '/AAAA ::1$/d')
    for f in "$HERE"/zones/*.zone; do
        sed -e "s/@NET@/$NET/g" -e "s/@NET2@/$NET2/g" -e "s/@RNET@/$o3.$o2.$o1/g" -e "s/@SERIAL@/$serial/g" -e "s/@REVERSE@/$REVERSE_ZONE/g" \
            -e "s/@TLSA_GOOD@/$TLSA_GOOD/g" -e "s/@TLSA_CA@/$TLSA_CA/g" -e "s/@TLSA_CA_SPKI@/$TLSA_CA_SPKI/g" "${no_v6[@]}" "$f" >"$RUN/zones/$(basename "$f")"
    done
    cd "$RUN/keys"
    # Children first: sign each, and collect the DS the parent must publish.
    local ds_lines=""
    # Signature dates (ldns-signzone -i/-e, UTC): the DNSSEC cases of docs/lab.md.
    local day=86400 now
    now=$(date -u +%s)
    stamp() { date -u -d "@$1" +%Y%m%d%H%M%S; }
    for zone in "${SIGNED_CHILDREN[@]}"; do
        local ksk zsk algorithm=ECDSAP256SHA256 options=(-n)
        case $zone in
            expired.test) options+=(-i "$(stamp $((now - 40 * day)))" -e "$(stamp $((now - 10 * day)))") ;;
            future.test) options+=(-i "$(stamp $((now + 10 * day)))" -e "$(stamp $((now + 40 * day)))") ;;
            expiring.test) options+=(-i "$(stamp $((now - 25 * day)))" -e "$(stamp $((now + 2 * day)))") ;;
            sha1.test) algorithm=RSASHA1; options=() ;;  # and NSEC, not NSEC3
            optout.test) options+=(-p) ;;  # NSEC3 opt-out: unsigned delegations get no NSEC3 of their own
        esac
        if [ "$algorithm" = RSASHA1 ]; then
            ksk=$(ldns-keygen -a "$algorithm" -b 2048 -k "$zone")
            zsk=$(ldns-keygen -a "$algorithm" -b 2048 "$zone")
        else
            ksk=$(ldns-keygen -a "$algorithm" -k "$zone")
            zsk=$(ldns-keygen -a "$algorithm" "$zone")
        fi
        ldns-signzone "${options[@]}" -f "$RUN/zones/$zone.zone.signed" "$RUN/zones/$zone.zone" "$zsk" "$ksk"
        case $zone in
            bogus.test)
                # Publish the DS of a key the zone never uses: the chain of trust breaks.
                local stray
                stray=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone")
                ds_lines+=$(ldns-key2ds -n -2 "$stray.key")$'\n' ;;
            unknownalg.test)
                # The DS names algorithm 253 (PRIVATEDNS): a validator supports none of the
                # zone's DS algorithms and treats it as unsigned (RFC 4035 §5.2).
                ds_lines+=$(ldns-key2ds -n -2 "$ksk.key" | awk '{ $6 = 253; print }')$'\n' ;;
            *) ds_lines+=$(ldns-key2ds -n -2 "$ksk.key")$'\n' ;;
        esac
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

# Starts one NSD instance: $1 its state folder name, $2 its addresses (space-separated),
# then the zone stanzas on standard input.
start_nsd() {
    local name=$1 addr=$2 dir="$RUN/$1" a
    mkdir -p "$dir"
    {
        echo "server:"
        for a in $addr; do echo "    ip-address: $a"; done
        cat <<CONF
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
        for zone in "${UNSIGNED_CHILDREN[@]}"; do
            printf 'zone:\n    name: %s\n    zonefile: %s.zone\n' "$zone" "$zone"
            if [[ " ${OPEN_AXFR_ZONES[*]} " == *" $zone "* ]]; then printf '    provide-xfr: 0.0.0.0/0 NOKEY\n'; fi
        done
    } | start_nsd nsd-child "$NSD_CHILD_ADDR $NSD_CHILD_ADDR2 $NSD_CHILD_ADDR3"
    {
        printf 'zone:\n    name: test.\n    zonefile: test.zone.signed\n'
        printf 'zone:\n    name: %s\n    zonefile: reverse.zone\n' "$REVERSE_ZONE"
        printf 'zone:\n    name: %s\n    zonefile: reverse6.zone\n' "$REVERSE6_ZONE"
        for zone in "${SIGNED_CHILDREN[@]}"; do printf 'zone:\n    name: %s\n    zonefile: %s.zone.signed\n' "$zone" "$zone"; done
        for zone in "${UNSIGNED_CHILDREN[@]}" "${GRANDCHILDREN[@]}"; do printf 'zone:\n    name: %s\n    zonefile: %s.zone\n' "$zone" "$zone"; done
    } | start_nsd nsd-all "$NSD_ALL_ADDR"
    # The lab's root zone on a server of its own (ns1.test must stay a server that refuses
    # what it does not serve): for tools that resolve from the root (zonemaster-cli --hints).
    printf 'zone:\n    name: .\n    zonefile: root.zone\n' | start_nsd nsd-root "$ROOT_ADDR"
    wait_dns "$ROOT_ADDR" . SOA "$RUN/nsd-root/nsd.log"
    wait_dns "$NSD_ADDR" test. SOA "$RUN/nsd/nsd.log"
    wait_dns "$NSD_CHILD_ADDR" good.test. SOA "$RUN/nsd-child/nsd.log"
    wait_dns "$NSD_ALL_ADDR" insecure.optout.test. SOA "$RUN/nsd-all/nsd.log"
}

# Starts one unbound: $1 its state folder name, $2 its address, $3 "validator iterator" (the
# lab's validating resolver, with the lab's trust anchor) or "iterator" (resolves, does not
# validate: answers never carry AD, bogus data is handed out).
start_unbound() {
    local name=$1 addr=$2 modules=$3 dir="$RUN/$1" anchor=""
    mkdir -p "$dir"
    [ "$modules" = iterator ] || anchor="trust-anchor-file: \"$RUN/trust-anchor.ds\""
    cat >"$dir/unbound.conf" <<CONF
server:
    interface: $addr
    port: 53
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    username: ""
    chroot: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    logfile: "$dir/unbound.log"
    use-syslog: no
    verbosity: 1
    val-log-level: 2
    # Extended DNS Errors (RFC 8914) on SERVFAIL: mailaudit tells "DNSSEC Bogus" from a
    # resolver that could not get an answer.
    ede: yes
    num-threads: 1
    do-not-query-localhost: no
    qname-minimisation: no
    module-config: "$modules"
    $anchor
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
    unbound-checkconf "$dir/unbound.conf" >/dev/null || die "$dir/unbound.conf is invalid"
    unbound -c "$dir/unbound.conf" </dev/null >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; tail -20 "$dir/unbound.log" >&2; die "unbound ($name) did not start"; }
    wait_dns "$addr" good.test. SOA "$dir/unbound.log"
}

# Postfix as the lab's mail servers (docs/lab.md, "Postfix"): its own config folder, one listener per
# TLS case (the addresses are in zones/tls.test.zone); mail is discarded. SASL (for AUTH)
# through Cyrus with a sasldb of one test user.
start_postfix() {
    local dir="$RUN/postfix"
    mkdir -p "$dir/conf/sasl" "$dir/queue" "$dir/data"
    chown postfix "$dir/data"
    local protocols=ipv4 v6_listener=""
    # IPv6 loopback where the machine has it: mx1.good.test also has AAAA ::1.
    if grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
        protocols=all
        v6_listener="[::1]:smtp inet n - n - - smtpd -o myhostname=mx1.good.test -o smtpd_tls_chain_files=$PKI/good.pem"
    fi
    cat >"$dir/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
myhostname = lab.mailaudit.test
inet_interfaces = loopback-only
inet_protocols = $protocols
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
# The probe must see what an outsider sees: no client is trusted by its address (with
# loopback in mynetworks every lab server would relay). The lab's domains are relay
# domains (their mail is discarded); relay.tls.test is local, so that VRFY can tell.
mynetworks =
relay_domains = test, .test
mydestination = relay.tls.test
local_recipient_maps = hash:$dir/conf/local-users
disable_vrfy_command = yes
alias_maps =
alias_database =
local_transport = discard
default_transport = discard
relay_transport = discard
maillog_file = /dev/stdout
maillog_file_prefixes = /dev, /var
smtpd_banner = \$myhostname ESMTP
smtpd_tls_security_level = may
smtpd_tls_chain_files = $PKI/good.pem
smtpd_tls_protocols = >=TLSv1.2
# No anonymous suites (Postfix allows them for opportunistic TLS; auditors rate them broken);
# the old-TLS listener keeps them, as a case of a server that accepts them.
smtpd_tls_exclude_ciphers = aNULL
smtpd_sasl_path = smtpd
smtpd_sasl_local_domain = lab.mailaudit.test
smtpd_tls_auth_only = yes
CONF
    cat >"$dir/conf/sasl/smtpd.conf" <<CONF
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $dir/sasldb2
mech_list: PLAIN LOGIN
CONF
    # SNI (RFC 6066 §3): the wrong-name listener serves mx1.good.test's certificate to a client
    # that asks for that name, so tests can see that the probe sends SNI; and to
    # mx.sni.tls.test, an MX name on the same address, so that each name is seen to be probed
    # with its own SNI (one session per address would judge it on the wrong name's chain).
    printf 'mx1.good.test %s\nmx.sni.tls.test %s\n' "$PKI/good.pem" "$PKI/good.pem" >"$dir/conf/sni"
    postmap -c "$dir/conf" -F "hash:$dir/conf/sni"
    # relay.tls.test's one local user; nopostmaster.tls.test's server refuses postmaster@.
    printf 'postmaster ok\n' >"$dir/conf/local-users"
    printf 'postmaster@ REJECT 5.1.1 no postmaster here\n' >"$dir/conf/nopostmaster"
    postmap -c "$dir/conf" "hash:$dir/conf/local-users" "hash:$dir/conf/nopostmaster"
    echo "$SASL_PASSWORD" | saslpasswd2 -p -c -f "$dir/sasldb2" -u lab.mailaudit.test "$SASL_USER"
    chown postfix "$dir/sasldb2"
    local sasl="-o smtpd_sasl_auth_enable=yes"
    # Debian's master.cf without its wildcard smtp listener, plus one listener per lab case.
    sed -e 's/^smtp      inet/#smtp      inet/' -e 's/^submission inet/#submission inet/' -e 's/^smtps     inet/#smtps     inet/' \
        /etc/postfix/master.cf >"$dir/conf/master.cf"
    cat >>"$dir/conf/master.cf" <<CONF
$NET.25:smtp inet n - n - - smtpd -o myhostname=mx1.good.test
$v6_listener
$NET.25:submission inet n - n - - smtpd -o myhostname=smtp.good.test -o smtpd_tls_security_level=encrypt $sasl
$NET.25:submissions inet n - n - - smtpd -o myhostname=smtp.good.test -o smtpd_tls_wrappermode=yes $sasl
$NET.26:smtp inet n - n - - smtpd -o myhostname=mx2.good.test
$NET.27:smtp inet n - n - - smtpd -o myhostname=mx.expired.tls.test -o smtpd_tls_chain_files=$PKI/expired.pem
$NET.28:smtp inet n - n - - smtpd -o myhostname=mx.selfsigned.tls.test -o smtpd_tls_chain_files=$PKI/selfsigned.pem
$NET.29:smtp inet n - n - - smtpd -o myhostname=mx.wrongname.tls.test -o smtpd_tls_chain_files=$PKI/wrongname.pem -o tls_server_sni_maps=hash:$dir/conf/sni
$NET.30:smtp inet n - n - - smtpd -o myhostname=mx.nostarttls.tls.test -o smtpd_tls_security_level=none
$NET.30:submission inet n - n - - smtpd -o myhostname=mx.nostarttls.tls.test -o smtpd_tls_security_level=none -o smtpd_tls_auth_only=no $sasl
$NET.31:smtp inet n - n - - smtpd -o myhostname=mx.authplain.tls.test -o smtpd_tls_auth_only=no $sasl
$NET.32:smtp inet n - n - - smtpd -o myhostname=mx.oldtls.tls.test -o smtpd_tls_chain_files=$PKI/weak.pem -o { smtpd_tls_protocols = >=TLSv1, <=TLSv1.1 } -o smtpd_tls_exclude_ciphers= -o smtpd_tls_ciphers=low -o { tls_low_cipherlist = ALL:@SECLEVEL=0 }
$NET.33:smtp inet n - n - - smtpd -o myhostname=mx.slow.tls.test -o smtpd_tls_chain_files=$PKI/slow.pem -o smtpd_delay_reject=no -o { smtpd_client_restrictions = sleep 6 }
$NET.34:smtp inet n - n - - smtpd -o myhostname=mx.soon.tls.test -o smtpd_tls_chain_files=$PKI/soon.pem
$NET.39:smtp inet n - n - - smtpd -o myhostname=mx.relay.tls.test -o mynetworks=0.0.0.0/0 -o disable_vrfy_command=no -o { smtpd_banner = \$myhostname ESMTP Postfix \$mail_version (Debian) }
$NET.41:smtp inet n - n - - smtpd -o myhostname=mx.order.tls.test -o { smtpd_tls_protocols = >=TLSv1 } -o tls_preempt_cipherlist=yes -o smtpd_tls_chain_files=$PKI/order.pem
$NET.40:smtp inet n - n - - smtpd -o myhostname=mx.nopostmaster.tls.test -o { smtpd_recipient_restrictions = check_recipient_access hash:$dir/conf/nopostmaster }
CONF
    cp /etc/postfix/dynamicmaps.cf "$dir/conf/" 2>/dev/null || true
    cp -r /etc/postfix/dynamicmaps.cf.d "$dir/conf/" 2>/dev/null || true
    # start-fg under setsid: Postfix reports fatal errors only to a tty or syslog otherwise.
    setsid postfix -c "$dir/conf" start-fg </dev/null >"$dir/postfix.log" 2>&1 &
    for _ in $(seq 1 100); do
        [ -f "$dir/queue/pid/master.pid" ] && (exec 3<>"/dev/tcp/$NET.41/25") 2>/dev/null && return 0
        sleep 0.05
    done
    tail -20 "$dir/postfix.log" >&2
    die "postfix did not start"
}

# nginx serves https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 §3.3) from
# $RUN/nginx/sts/<domain>/, one case per name of zones/sts.test.zone.
start_nginx() {
    local dir="$RUN/nginx" root="$RUN/nginx/sts"
    mkdir -p "$dir/logs" "$dir/tmp"
    local enforce="version: STSv1\nmode: enforce\nmx: mx1.good.test\nmx: *.good.test\nmax_age: 604800\n"
    local d
    for d in good.test enforce.sts.test testing.sts.test redirect.sts.test ctype.sts.test large.sts.test uncovered.sts.test badcert.sts.test; do
        mkdir -p "$root/$d/.well-known"
        printf "$enforce" >"$root/$d/.well-known/mta-sts.txt"
    done
    printf "version: STSv1\nmode: testing\nmx: mx1.good.test\nmax_age: 86400\n" >"$root/testing.sts.test/.well-known/mta-sts.txt"
    printf "version: STSv1\nmode: enforce\nmx: mail.elsewhere.invalid\nmax_age: 604800\n" >"$root/uncovered.sts.test/.well-known/mta-sts.txt"
    { printf "$enforce"; for _ in $(seq 1 1600); do echo "# padding padding padding padding padding padding"; done; } \
        >"$root/large.sts.test/.well-known/mta-sts.txt"
    mkdir -p "$root/missing.sts.test"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
daemon on;
events { worker_connections 256; }
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/tmp;
    proxy_temp_path $dir/tmp;
    fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp;
    scgi_temp_path $dir/tmp;
    types { text/plain txt; }
    default_type application/octet-stream;
    ssl_certificate $PKI/mtasts.crt;
    ssl_certificate_key $PKI/mtasts.key;
    server {
        listen $NGINX_ADDR:443 ssl default_server;
        server_name ~^mta-sts\.(?<d>.+)\$;
        root $root/\$d;
        location = /.well-known/mta-sts.txt { }
    }
    server {
        listen $NGINX_ADDR:443 ssl;
        server_name mta-sts.redirect.sts.test;
        location / { return 301 https://mta-sts.enforce.sts.test/.well-known/mta-sts.txt; }
    }
    server {
        listen $NGINX_ADDR:443 ssl;
        server_name mta-sts.ctype.sts.test;
        root $root/ctype.sts.test;
        location / { default_type text/html; types { } }
    }
    server {
        listen $NGINX_ADDR:443 ssl;
        server_name mta-sts.badcert.sts.test;
        ssl_certificate $PKI/selfsigned.crt;
        ssl_certificate_key $PKI/selfsigned.key;
        root $root/badcert.sts.test;
    }
}
CONF
    nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" </dev/null >"$dir/start.log" 2>&1 \
        || { cat "$dir/start.log" "$dir/logs/error.log" >&2; die "nginx did not start"; }
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/$NGINX_ADDR/443") 2>/dev/null && return 0
        sleep 0.05
    done
    die "nginx did not listen on $NGINX_ADDR:443"
}

# Offline routing data for route origin validation (--rpki-vrps, --route-origins), written
# fresh at each start: one VRP, NET.0/25 from AS64500 up to /32; routes NET.0/24 and NET.0/26
# from AS64500 (valid), NET.40/29 from AS64666 (invalid: the VRP names AS64500), and NET2.0/24
# from AS64501 (no VRP covers it: not found; ns5.test, so diverse.test spans two ASes). The
# same VRPs as rpki-client writes them, and a copy made 10 days ago (stale).
write_rpki() {
    local dir="$RUN/rpki" now stale
    mkdir -p "$dir"
    now=$(date -u +%s)
    stale=$((now - 10 * 86400))
    local roa="{\"asn\": \"AS64500\", \"prefix\": \"$NET.0/25\", \"maxLength\": 32, \"ta\": \"lab\"}"
    printf '{"metadata": {"generated": %s, "generatedTime": "%s"}, "roas": [%s]}\n' "$now" "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)" "$roa" >"$dir/vrps.json"
    printf '{"metadata": {"generated": %s, "generatedTime": "%s"}, "roas": [%s]}\n' "$stale" "$(date -u -d "@$stale" +%Y-%m-%dT%H:%M:%SZ)" "$roa" >"$dir/vrps-stale.json"
    printf '{"metadata": {"buildmachine": "lab", "buildtime": "%s", "roas": 1}, "roas": [{"asn": 64500, "prefix": "%s", "maxLength": 32, "ta": "lab", "expires": %s}]}\n' \
        "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)" "$NET.0/25" "$((now + 86400))" >"$dir/rpki-client.json"
    printf '%s\t24\t64500\n%s\t26\t64500\n%s\t29\t64666\n%s\t24\t64501\n' "$NET.0" "$NET.0" "$NET.40" "$NET2.0" >"$dir/pfx2as.txt"
}

write_env() {
    # Root hints for tools that resolve from the root (zonemaster-cli --hints): ns1.test
    # serves the lab's root zone (zones/root.zone).
    printf '.  3600000  NS  root-server.test.\nroot-server.test.  3600000  A  %s\n' "$ROOT_ADDR" >"$RUN/root.hints"
    cat >"$RUN/lab.env" <<ENV
MAILAUDIT_LAB_NET=$NET
MAILAUDIT_LAB_DIR=$RUN
MAILAUDIT_LAB_NSD=$NSD_ADDR
MAILAUDIT_LAB_NSD_CHILD=$NSD_CHILD_ADDR
MAILAUDIT_LAB_RESOLVER=$UNBOUND_ADDR
MAILAUDIT_LAB_NSD_ALL=$NSD_ALL_ADDR
MAILAUDIT_LAB_PLAIN_RESOLVER=$PLAIN_UNBOUND_ADDR
MAILAUDIT_LAB_TRUST_ANCHOR=$RUN/trust-anchor.ds
MAILAUDIT_LAB_DEAD=$DEAD_ADDR
MAILAUDIT_LAB_ROOT_HINTS=$RUN/root.hints
MAILAUDIT_LAB_RPKI=$RUN/rpki
MAILAUDIT_LAB_NGINX=$NGINX_ADDR
MAILAUDIT_LAB_CA=$PKI/ca.crt
MAILAUDIT_LAB_SASL_USER=$SASL_USER
MAILAUDIT_LAB_SASL_PASSWORD=$SASL_PASSWORD
ENV
}

start() {
    need
    stop
    check_ports
    rm -rf "$RUN"
    mkdir -p "$RUN"
    local began=$SECONDS
    make_pki >"$RUN/pki.log" 2>&1 || { cat "$RUN/pki.log" >&2; die "making the lab PKI failed"; }
    prepare_zones >"$RUN/prepare.log" 2>&1 || { cat "$RUN/prepare.log" >&2; die "preparing the zones failed"; }
    start_authoritatives
    start_unbound unbound "$UNBOUND_ADDR" "validator iterator"
    start_unbound unbound-plain "$PLAIN_UNBOUND_ADDR" iterator
    start_postfix
    start_nginx
    write_rpki
    write_env
    echo "lab: up in $((SECONDS - began)) s: NSD $NSD_ADDR, $NSD_CHILD_ADDR and $NSD_ALL_ADDR (all zones), unbound $UNBOUND_ADDR (validating) and $PLAIN_UNBOUND_ADDR (not), Postfix $NET.25-34 and .39-41, nginx $NGINX_ADDR (state in $RUN)"
}

status() {
    local up=0
    for svc in nsd nsd-child nsd-all nsd-root unbound unbound-plain; do
        local file="$RUN/$svc/${svc%-*}.pid"
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
    if [ -f "$RUN/nginx/nginx.pid" ] && alive "$(cat "$RUN/nginx/nginx.pid")"; then
        echo "nginx: running (pid $(cat "$RUN/nginx/nginx.pid"))"; up=$((up + 1))
    else
        echo "nginx: stopped"
    fi
    [ $up -eq 8 ]
}

# Replaces an unsigned child zone with FILE (the same @NET@ placeholders, a newer serial)
# and has NSD read it again (SIGHUP reloads changed zone files); returns once NSD serves
# the new serial. For tests of what changes between two audits (edited.test only).
rezone() {
    local zone=$1 file=$2 serial pid i
    [[ " ${EDITABLE_ZONES[*]} " == *" $zone "* ]] || die "rezone: $zone is not a zone tests may change (${EDITABLE_ZONES[*]}): other tests audit it as written"
    [ -f "$file" ] || die "rezone: no file $file"
    serial=$(date +%s)
    # Two changes within a second still get distinct, growing serials.
    if [ -f "$RUN/zones/$zone.serial" ] && [ "$(cat "$RUN/zones/$zone.serial")" -ge "$serial" ]; then
        serial=$(( $(cat "$RUN/zones/$zone.serial") + 1 ))
    fi
    echo "$serial" >"$RUN/zones/$zone.serial"
    sed -e "s/@NET@/$NET/g" -e "s/@RNET@/$o3.$o2.$o1/g" -e "s/@SERIAL@/$serial/g" "$file" >"$RUN/zones/$zone.zone.new"
    mv "$RUN/zones/$zone.zone.new" "$RUN/zones/$zone.zone"
    touch -d "@$serial" "$RUN/zones/$zone.zone"  # NSD reloads a file whose mtime changed
    pid=$(cat "$RUN/nsd-child/nsd.pid")
    kill -HUP "$pid"
    # The NSD of all zones too (absent in a lab started by an older lab.sh).
    [ -f "$RUN/nsd-all/nsd.pid" ] && kill -HUP "$(cat "$RUN/nsd-all/nsd.pid")" || true
    for i in $(seq 1 50); do
        drill -Q @"$NSD_CHILD_ADDR" "$zone" SOA 2>/dev/null | grep -q " $serial " && break
        [ "$i" -eq 50 ] && die "rezone: NSD did not load the new $zone (see $RUN/nsd-child/nsd.log)"
        sleep 0.1
    done
    if [ -f "$RUN/nsd-all/nsd.pid" ]; then
        for i in $(seq 1 50); do
            drill -Q @"$NSD_ALL_ADDR" "$zone" SOA 2>/dev/null | grep -q " $serial " && break
            [ "$i" -eq 50 ] && die "rezone: the NSD of all zones did not load the new $zone (see $RUN/nsd-all/nsd.log)"
            sleep 0.1
        done
    fi
    # The zone's TTLs are short: wait until unbound's cached copy has expired too.
    for i in $(seq 1 100); do
        if drill -Q @"$UNBOUND_ADDR" "$zone" SOA 2>/dev/null | grep -q " $serial "; then
            # The zone's other records, cached before, expire within their 1 s TTL (unbound
            # counts whole seconds: up to 2 s after they were cached).
            sleep 2.2
            echo "lab: $zone now at serial $serial"
            return 0
        fi
        sleep 0.1
    done
    die "rezone: unbound still answers the old $zone after 10 s"
}

case "${1:-}" in
    start) start ;;
    rezone) rezone "${2:?zone}" "$(cd "$(dirname "${3:?file}")" && pwd)/$(basename "$3")" ;;
    stop) stop; echo "lab: stopped" ;;
    status) status ;;
    env) [ -f "$RUN/lab.env" ] && cat "$RUN/lab.env" || die "the lab is not running (start it with $0 start)" ;;
    *) echo "usage: $0 start|stop|status|env|rezone ZONE FILE" >&2; exit 2 ;;
esac
