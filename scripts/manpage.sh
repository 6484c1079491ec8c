#!/usr/bin/env bash
# mailaudit(1) from the command definitions: swift-argument-parser's own generate-manual,
# built from the package's checkout of swift-argument-parser (no network), reads the
# binary's --experimental-dump-help and writes mdoc. The page is never edited by hand.
#   scripts/manpage.sh BINARY OUTPUT [DATE]
#   scripts/manpage.sh .build/release/mailaudit docs/man/mailaudit.1 2026-12-06
# DATE (YYYY-MM-DD, default: the newest release in CHANGELOG.md) keeps the page the same
# for the same definitions. scripts/package.sh runs it and checks docs/man/mailaudit.1
# against it; a test checks docs/man/mailaudit.1 against `mailaudit --help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/opt/swift/usr/bin:$PATH"
binary=${1:?usage: scripts/manpage.sh BINARY OUTPUT [DATE]}
output=${2:?usage: scripts/manpage.sh BINARY OUTPUT [DATE]}
date=${3:-$(sed -n 's/^## \[[0-9.]*\] - \([0-9-]*\)$/\1/p' CHANGELOG.md | head -1)}

checkout=""
for candidate in .build-package/build/checkouts/swift-argument-parser .build/checkouts/swift-argument-parser; do
    [[ -f $candidate/Tools/generate-manual/GenerateManual.swift ]] && { checkout=$candidate; break; }
done
[[ -n $checkout ]] || { echo "manpage: no checkout of swift-argument-parser: run swift build first" >&2; exit 1; }
tool=.build-manual/release/generate-manual
if [[ ! -x $tool ]]; then
    echo "manpage: building generate-manual from $checkout" >&2
    swift build --package-path "$checkout" --scratch-path .build-manual -c release --product generate-manual >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tool" "$(realpath "$binary")" --date "$date" --section 1 --output-directory "$tmp"
mkdir -p "$(dirname "$output")"
mv "$tmp/mailaudit.1" "$output"
echo "manpage: wrote $output" >&2
