#!/usr/bin/env bash
# Sets up mailaudit on Debian 12 (or later): installs the system packages it builds
# against and the servers of its test lab, then builds the release binary.
#   sudo scripts/setup.sh            packages + release build
#   sudo scripts/setup.sh --deps     packages only
# Swift 6.3 itself is not a Debian package: install the toolchain from swift.org first
# (see README.md) and have `swift` on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Build: the C libraries and pkg-config (Package.swift finds ldns and OpenSSL through it).
# SQLite (GRDB links the system's) and zlib (compress-nio) for the run history. libunbound
# validates DNSSEC; dns-root-data holds the root's trust anchor it starts from.
BUILD_PACKAGES=(pkg-config libldns-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev zlib1g-dev ca-certificates publicsuffix
                libunbound-dev dns-root-data)
# Test lab: NSD and unbound (DNS), ldns tools (zone signing, drill), Postfix with Cyrus SASL
# (SMTP peers), nginx (MTA-STS policies), openssl (the lab CA); headless Chromium renders
# the HTML report in the tests; PostgreSQL and the sqlite3 shell for the run history's
# tests; promtool (prometheus) and xmllint (libxml2-utils) check the Prometheus and JUnit
# outputs as their consumers read them; delv (bind9-dnsutils) validates DNSSEC by itself, to
# compare mailaudit's verdicts with.
LAB_PACKAGES=(nsd unbound ldnsutils bind9-dnsutils postfix sasl2-bin libsasl2-modules nginx-light openssl chromium fonts-dejavu-core
              postgresql sqlite3 prometheus libxml2-utils python3 python3-pip)

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (sudo scripts/setup.sh): it installs Debian packages" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix must not configure itself as a system mailer: the lab runs its own instances.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${BUILD_PACKAGES[@]}" "${LAB_PACKAGES[@]}" >/dev/null
echo "setup: installed ${BUILD_PACKAGES[*]} ${LAB_PACKAGES[*]}"
# pynag (Nagios' Python toolkit) parses the Nagios plugin output in the tests; kept apart from
# the system's Python packages.
python3 -m pip install --quiet --disable-pip-version-check --break-system-packages --upgrade --target /opt/mailaudit-test/python pynag==1.1.2
echo "setup: installed pynag for the tests in /opt/mailaudit-test/python"

# The packages' own services must not hold the lab's addresses; Debian's unbound listens
# on 127.0.0.1 only, but stop it anyway where a service manager started it.
for service in nsd unbound postfix nginx postgresql prometheus prometheus-node-exporter; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
        systemctl stop "$service" || true
    fi
done

[ "${1:-}" = "--deps" ] && exit 0

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: swift is not on PATH; install Swift 6.3 from swift.org (README.md), then run this again" >&2
    exit 1
fi
swift build -c release --product mailaudit
echo "setup: built $(pwd)/.build/release/mailaudit ($(.build/release/mailaudit --version))"
