#!/usr/bin/env bash
# Builds the Debian package dist/mailaudit_VERSION_ARCH.deb from the commit checked out:
#   scripts/package.sh            # build the binary and the package (about 10 minutes)
#   scripts/package.sh --no-build # package the binary the last run built
#
# What it does, in order (docs/packaging.md says why):
#  1. exports the commit (git archive HEAD, so nothing uncommitted is packaged) to
#     .build-package/src and records the commit there for `mailaudit --version`;
#  2. builds it optimised with the Swift runtime linked in (--static-swift-stdlib) and strips it;
#  3. generates the man page with swift-argument-parser's generate-manual (from the command
#     definitions; it must equal docs/man/mailaudit.1) and the bash, zsh and fish completions
#     with the binary's --generate-completion-script;
#  4. finds Depends with dpkg-shlibdeps, adds the data packages mailaudit reads;
#  5. lays out the file tree (packaging/ holds the units, /etc files and maintainer scripts)
#     and builds the .deb with dpkg-deb; runs lintian when it is installed.
# Needs: Swift 6.3 on PATH (or /opt/swift/usr/bin), git, dpkg-dev, binutils, gzip, and the
# -dev packages scripts/setup.sh --build installs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/opt/swift/usr/bin:$PATH"
root_dir=$PWD
build=1
[[ ${1:-} == --no-build ]] && build=0

say() { echo "package: $*" >&2; }
fail() { echo "package: $*" >&2; exit 1; }

for tool in git dpkg-deb dpkg-shlibdeps strip gzip; do
    command -v "$tool" >/dev/null || fail "$tool is missing: apt install git dpkg-dev binutils gzip"
done
[[ -d .git ]] || fail "not a git checkout: the package is built from a commit"

# 1. The version, from its one place; the commit, from git.
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/MailFacts/MailAuditVersion.swift)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no version found in Sources/MailFacts/MailAuditVersion.swift"
commit=$(git rev-parse --short=12 HEAD)
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then
    say "the working tree has uncommitted changes: they are not in the package (it is built from $commit)"
fi
arch=$(dpkg --print-architecture)
work=.build-package
src=$work/src
stage=$work/root
deb=dist/mailaudit_${version}_${arch}.deb

if (( build )); then
    say "exporting $commit"
    rm -rf "$src"
    mkdir -p "$src"
    git archive --format=tar HEAD | tar -x -C "$src"
    sed -i "s/public static let commit: String? = nil/public static let commit: String? = \"$commit\"/" \
        "$src/Sources/MailFacts/MailAuditVersion.swift"
    grep -q "\"$commit\"" "$src/Sources/MailFacts/MailAuditVersion.swift" || fail "could not record the commit in the export"
    say "building (release, --static-swift-stdlib)"
    started=$SECONDS
    # Debian's hardening: the C code (BoringSSL, libyaml, the shims) with _FORTIFY_SOURCE,
    # the binary linked with full RELRO and immediate binding (lintian: hardening-*).
    rm -f "$work/build/release/mailaudit"
    swift build --package-path "$src" --scratch-path "$root_dir/$work/build" -c release \
        --static-swift-stdlib --product mailaudit -Xcc -D_FORTIFY_SOURCE=2 \
        -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now \
        > "$work/build.log" 2>&1 || fail "the build failed: $(grep -m3 "error:" "$work/build.log" | tr '\n' ' ') (the whole log: $work/build.log)"
    # The static Foundation's own link warning (mktemp) is not ours; any other warning is shown.
    grep -E "warning: " "$work/build.log" | grep -v "the use of .mktemp. is dangerous" >&2 || true
    [[ -x $work/build/release/mailaudit ]] || fail "the build made no binary (the log: $work/build.log)"
    say "built in $(( SECONDS - started )) s"
fi
binary=$work/build/release/mailaudit
[[ -x $binary ]] || fail "no binary in $work/build/release: run without --no-build"
ldd "$binary" > "$work/ldd.txt"
if grep -q -i swift "$work/ldd.txt"; then
    fail "the binary links a Swift library dynamically: $(grep -i swift "$work/ldd.txt" | tr -s ' \n' ' ')"
fi

rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin"
install -m 0755 "$binary" "$stage/usr/bin/mailaudit"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/mailaudit"
"$stage/usr/bin/mailaudit" --version | grep -q "$version" || fail "the stripped binary does not run"
say "binary: $(( $(stat -c %s "$stage/usr/bin/mailaudit") / 1024 / 1024 )) MiB stripped ($(( $(stat -c %s "$binary") / 1024 / 1024 )) MiB before)"

# 3. The man page and the completions, from the command definitions.
# Every file below comes from the export of the commit, as the binary does.
[[ -d $src/packaging ]] || fail "no export in $src: run without --no-build"
released=$(sed -n 's/^## \[[0-9.]*\] - \([0-9-]*\)$/\1/p' "$src/CHANGELOG.md" | head -1)
scripts/manpage.sh "$stage/usr/bin/mailaudit" "$work/mailaudit.1" "$released"
if ! cmp -s "$work/mailaudit.1" "$src/docs/man/mailaudit.1"; then
    diff -u "$src/docs/man/mailaudit.1" "$work/mailaudit.1" | head -20 >&2 || true
    fail "docs/man/mailaudit.1 is not what the command definitions give: scripts/manpage.sh $binary docs/man/mailaudit.1 $released, and commit it"
fi
install -d "$stage/usr/share/man/man1"
gzip -9n < "$work/mailaudit.1" > "$stage/usr/share/man/man1/mailaudit.1.gz"
install -d "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" "$stage/usr/share/fish/vendor_completions.d"
# bash-completion sources the file: no #! line (lintian: bash-completion-with-hashbang).
"$stage/usr/bin/mailaudit" --generate-completion-script bash | sed '1{/^#!/d}' > "$stage/usr/share/bash-completion/completions/mailaudit"
"$stage/usr/bin/mailaudit" --generate-completion-script zsh > "$stage/usr/share/zsh/vendor-completions/_mailaudit"
"$stage/usr/bin/mailaudit" --generate-completion-script fish > "$stage/usr/share/fish/vendor_completions.d/mailaudit.fish"

# The rules and profiles (compiled in; here to read, copy and override with --rules DIR),
# the DNS lists' data and the report schema.
install -d "$stage/usr/share/mailaudit/rules/profiles" "$stage/usr/share/mailaudit/data"
install -m 0644 "$src"/rules/*.yaml "$stage/usr/share/mailaudit/rules/"
install -m 0644 "$src"/rules/profiles/*.yaml "$stage/usr/share/mailaudit/rules/profiles/"
install -m 0644 "$src"/data/dnsbl-lists.yaml "$src"/reports/report.schema.json "$stage/usr/share/mailaudit/data/"

# The units (installed, not enabled), the configuration and the maintainer scripts.
install -d "$stage/lib/systemd/system" "$stage/etc/mailaudit"
install -m 0644 "$src"/packaging/systemd/mailaudit.service "$src"/packaging/systemd/mailaudit.timer "$stage/lib/systemd/system/"
install -m 0644 "$src"/packaging/etc/mailaudit.yaml "$src"/packaging/etc/domains "$src"/packaging/etc/profile.yaml "$stage/etc/mailaudit/"
install -m 0644 "$src"/packaging/debian/conffiles "$stage/DEBIAN/"
install -m 0755 "$src"/packaging/debian/postinst "$src"/packaging/debian/prerm "$src"/packaging/debian/postrm "$stage/DEBIAN/"

# The documentation: copyright, the changelog (Debian's form, from CHANGELOG.md), the README.
doc=$stage/usr/share/doc/mailaudit
install -d "$doc" "$stage/usr/share/lintian/overrides"
install -m 0644 "$src"/packaging/debian/copyright "$doc/"
scripts/debian-changelog.py "$src/CHANGELOG.md" | gzip -9n > "$doc/changelog.gz"
gzip -9n < "$src/README.md" > "$doc/README.md.gz"
install -m 0644 "$src"/packaging/debian/lintian-overrides "$stage/usr/share/lintian/overrides/mailaudit"

# 4. Depends: the libraries the binary links, as dpkg-shlibdeps finds them, and the data
# it reads at run time: the root's trust anchor (dns-root-data), the Public Suffix List
# (publicsuffix), the CA certificates (ca-certificates); adduser for the postinst.
shlibs=$(mkdir -p "$work/shlibs/debian" && cd "$work/shlibs" \
    && printf 'Source: mailaudit\n\nPackage: mailaudit\nArchitecture: any\n' > debian/control \
    && dpkg-shlibdeps -O "$root_dir/$stage/usr/bin/mailaudit" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $shlibs ]] || fail "dpkg-shlibdeps found no libraries"
depends="$shlibs, adduser, ca-certificates, dns-root-data, publicsuffix"
say "Depends: $depends"

# 5. The control file and the package.
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$src"/packaging/debian/control.in > "$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | grep -v '^etc/' | sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control"
find "$stage" -type d -exec chmod 0755 {} +
mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
say "built $deb ($(( $(stat -c %s "$deb") / 1024 / 1024 )) MiB), version $version, commit $commit"
if command -v lintian >/dev/null; then
    say "lintian:"
    lintian --info --display-info "$deb" >&2 || true
fi
echo "$deb"
