#!/usr/bin/env bash
# Sets up mailaudit on Debian 12 (or later).
#   sudo scripts/setup.sh            what it needs to build and run, the test lab's servers, and the release build
#   sudo scripts/setup.sh --build    only what it needs to build and run, and the release build (no servers installed)
#   sudo scripts/setup.sh --lab      only the test lab's packages (NSD, unbound, Postfix, nginx, PostgreSQL, ...)
#   sudo scripts/setup.sh --package  only what packaging needs (dpkg-dev, mmdebstrap, lintian, podman, buildah)
#   sudo scripts/setup.sh --deps     every package, no build (CI)
# Swift 6.3 itself is not a Debian package: install the toolchain from swift.org first
# (see README.md) and have `swift` on PATH.
#
# It never stops, restarts or reconfigures a service: a package it installs does not start
# its daemon (a policy-rc.d answers "not now" while apt runs, unless the machine has its own),
# and the lab runs beside the host's services on addresses of its own (127.77.0.0/24).
# Tried on a working mail server, it must not be an outage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:-all}
case "$mode" in
    all | --build | --lab | --package | --deps) ;;
    *) echo "setup: unknown option $mode (use --build, --lab, --package or --deps; see the top of $0)" >&2; exit 2 ;;
esac

# Build and run: the C libraries and pkg-config (Package.swift finds ldns and OpenSSL through
# it). SQLite (GRDB links the system's) and zlib (compress-nio) for the run history. libunbound
# validates DNSSEC; dns-root-data holds the root's trust anchor it starts from.
BUILD_PACKAGES=(pkg-config libldns-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev zlib1g-dev ca-certificates publicsuffix
                libunbound-dev dns-root-data)
# Test lab: NSD and unbound (DNS), ldns tools (zone signing, drill), Postfix with Cyrus SASL
# (SMTP peers), nginx (MTA-STS policies), openssl (the lab CA); headless Chromium renders
# the HTML report in the tests; PostgreSQL and the sqlite3 shell for the run history's
# tests; promtool (prometheus) and xmllint (libxml2-utils) check the Prometheus and JUnit
# outputs as their consumers read them; delv (bind9-dnsutils) validates DNSSEC by itself, to
# compare mailaudit's verdicts with; ss (iproute2) tells the lab which host service holds a port;
# testssl.sh is the reference the acceptance scan is compared with (TestsslConformanceTests), and
# zonemaster-cli the reference of the name-server checks (ZonemasterConformanceTests).
LAB_PACKAGES=(nsd unbound ldnsutils bind9-dnsutils postfix sasl2-bin libsasl2-modules nginx-light openssl chromium fonts-dejavu-core
              postgresql sqlite3 prometheus libxml2-utils python3 python3-pip iproute2 testssl.sh zonemaster-cli)

# Packaging (scripts/package.sh, test-package.sh, build-image.sh): dpkg-deb and
# dpkg-shlibdeps (dpkg-dev), strip (binutils), git archive, man to check the page, lintian;
# mmdebstrap makes the clean Debian roots, podman and buildah turn one into an image, and
# runc runs it (crun refuses machines with cgroups v1 and v2 side by side).
PACKAGE_PACKAGES=(git dpkg-dev binutils man-db lintian mmdebstrap podman buildah runc)

case "$mode" in
    --build) packages=("${BUILD_PACKAGES[@]}") ;;
    --lab) packages=("${LAB_PACKAGES[@]}") ;;
    --package) packages=("${PACKAGE_PACKAGES[@]}") ;;
    *) packages=("${BUILD_PACKAGES[@]}" "${LAB_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}") ;;
esac

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (sudo scripts/setup.sh): it installs Debian packages" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The daemons of packages installed now do not start (invoke-rc.d and deb-systemd-invoke ask
# policy-rc.d; 101 is "not allowed"): the lab runs its own instances, and the host keeps what
# it had. A machine's own policy-rc.d is left as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# mailaudit setup.sh: no daemon starts while it installs packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi
if [[ " ${packages[*]} " == *" postfix "* ]]; then
    # Postfix must not configure itself as a system mailer: the lab runs its own instances.
    # (Only asked when Postfix is not configured yet; an installed Postfix keeps its answer.)
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
fi
apt-get update -qq
# --no-remove: a package the host runs that conflicts with one of these (exim4 with postfix,
# nginx-full with nginx-light) is never removed to make room; apt stops and says so instead.
apt-get install -y -qq --no-install-recommends --no-remove "${packages[@]}" >/dev/null
echo "setup: installed ${packages[*]}"
# Daemons may start again as usual from here on (the build and pip start none).
if [ "$(trap -p EXIT)" != "" ]; then rm -f "$policy"; trap - EXIT; fi
if [ "$mode" != --build ] && [ "$mode" != --package ]; then
    # pynag (Nagios' Python toolkit) parses the Nagios plugin output in the tests; kept apart
    # from the system's Python packages.
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages --upgrade --target /opt/mailaudit-test/python pynag==1.1.2
    echo "setup: installed pynag for the tests in /opt/mailaudit-test/python"
fi

if [ "$mode" = --deps ] || [ "$mode" = --lab ] || [ "$mode" = --package ]; then exit 0; fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: swift is not on PATH; install Swift 6.3 from swift.org (README.md), then run this again" >&2
    exit 1
fi
swift build -c release --product mailaudit
echo "setup: built $(pwd)/.build/release/mailaudit ($(.build/release/mailaudit --version))"
