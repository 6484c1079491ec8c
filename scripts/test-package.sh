#!/usr/bin/env bash
# The package as a user meets it: installed by apt into a clean Debian root that has nothing
# of this project in it (made by mmdebstrap), run there, then removed and purged.
#   scripts/test-package.sh [dist/mailaudit_VERSION_ARCH.deb]
# Needs root (chroot, mounts), mmdebstrap, the Debian archive (apt resolves the package's
# Depends from it) and the test lab running (Tests/lab/lab.sh start): the root shares this
# machine's loopback, so the audit inside asks the lab's resolver. Prints a transcript of
# every step; exits non-zero at the first check that fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
deb=${1:-$(ls -t dist/mailaudit_*.deb 2>/dev/null | head -1)}
[[ -f $deb ]] || { echo "test-package: no package: scripts/package.sh builds dist/mailaudit_VERSION_ARCH.deb" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "test-package: mmdebstrap is missing: apt install mmdebstrap" >&2; exit 1; }
LAB_RESOLVER=${MAILAUDIT_LAB_RESOLVER:-127.77.0.54}
LAB_ANCHOR=/tmp/mailaudit-lab/trust-anchor.ds
[[ -f $LAB_ANCHOR ]] || { echo "test-package: the lab is not running: Tests/lab/lab.sh start" >&2; exit 1; }
version=$(dpkg-deb -f "$deb" Version)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
root=$(mktemp -d /tmp/mailaudit-cleanroot.XXXXXX)
mounted=()

cleanup() {
    for (( i=${#mounted[@]}-1; i>=0; i-- )); do umount -R -l "${mounted[$i]}" 2>/dev/null || true; done
    # --one-file-system: should a mount have stayed, its files (the host's /dev) are not touched.
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
step() { echo; echo "== $*"; }
check() { local what=$1; shift; if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; exit 1; fi; }
inroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb "$@"; }

step "a clean Debian $suite root (mmdebstrap --variant=apt, with man-db, systemd, bash-completion, zsh and fish for the checks)"
started=$SECONDS
mmdebstrap --quiet --variant=apt --include=man-db,systemd,bash-completion,zsh,fish "$suite" "$root" 2>&1 | tail -3
echo "made in $(( SECONDS - started )) s: $(du -sh "$root" | cut -f1)"
check "nothing of mailaudit in the clean root" test ! -e "$root/usr/bin/mailaudit" -a ! -e "$root/etc/mailaudit"
for fs in proc sys dev; do
    mkdir -p "$root/$fs"
    case $fs in
        proc) mount -t proc proc "$root/proc" ;;
        # Slaves, so that unmounting them never reaches the host's own mounts.
        sys) mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" ;;
        dev) mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" ;;
    esac
    mounted+=("$root/$fs")
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
cp "$LAB_ANCHOR" "$root/tmp/lab-trust-anchor.ds"

step "apt install ./$(basename "$deb") (its Depends from the archive)"
inroot apt-get update -qq
inroot apt-get install -y -qq "/tmp/$(basename "$deb")" 2>&1 | grep -E "^(Setting up|Unpacking|E:)" | sed 's/^/  /'
check "installed" inroot dpkg-query -W -f='${Status}\n' mailaudit
inroot dpkg-query -W -f='${Package} ${Version}\nDepends: ${Depends}\n' mailaudit
inroot dpkg -L mailaudit | sort > "$root/tmp/installed.txt"
echo "$(wc -l < "$root/tmp/installed.txt") paths installed"

step "mailaudit --version"
inroot mailaudit --version | tee "$root/tmp/version.txt"
check "the version, and the commit it was built from" grep -Eq "^$version \(commit [0-9a-f]{12}\)$" "$root/tmp/version.txt"
inroot ldd /usr/bin/mailaudit > "$root/tmp/ldd.txt"
check "no Swift library linked dynamically" test -z "$(grep -i swift "$root/tmp/ldd.txt")"
echo "binary: $(( $(stat -c %s "$root/usr/bin/mailaudit") / 1024 / 1024 )) MiB"

step "man mailaudit (rendered)"
inroot env MANWIDTH=100 man -P cat mailaudit > "$root/tmp/man.txt" 2>"$root/tmp/man.err"
head -12 "$root/tmp/man.txt"
echo "  ... ($(wc -l < "$root/tmp/man.txt") lines)"
check "man renders without warnings" test ! -s "$root/tmp/man.err"
# Every option of every command's --help is in the man page, and no option in the man page
# is unknown to --help: the two come from the same definitions.
commands="audit facts check report spf smtp rules diff history"
for sub in "" $commands; do
    inroot mailaudit $sub --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u > "$root/tmp/help-opts"
    missing=$(comm -23 "$root/tmp/help-opts" <(grep -oE -- '--[a-z][a-z0-9-]+' "$root/tmp/man.txt" | sort -u) | tr '\n' ' ')
    check "man page has every option of 'mailaudit $sub --help'" test -z "$missing"
done
grep -oE -- '--[a-z][a-z0-9-]+' "$root/tmp/man.txt" | sort -u > "$root/tmp/man-opts"
for sub in "" $commands; do inroot mailaudit $sub --help 2>/dev/null; done | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u > "$root/tmp/all-help-opts"
unknown=$(comm -23 "$root/tmp/man-opts" "$root/tmp/all-help-opts" | tr '\n' ' ')
# (Nested commands' options, such as history prune --keep-days, are in the man page too;
# the words here are those no top-level --help lists, printed for the transcript.)
echo "options of nested commands in the man page: ${unknown:-none}"

step "bash completion"
completion=$(inroot bash -c 'source /usr/share/bash-completion/bash_completion 2>/dev/null; source /usr/share/bash-completion/completions/mailaudit
    COMP_WORDS=(mailaudit au); COMP_CWORD=1; COMP_LINE="mailaudit au"; COMP_POINT=${#COMP_LINE}; _mailaudit mailaudit au mailaudit; echo "${COMPREPLY[*]}"
    COMPREPLY=(); COMP_WORDS=(mailaudit audit --resol); COMP_CWORD=2; COMP_LINE="mailaudit audit --resol"; COMP_POINT=${#COMP_LINE}; _mailaudit mailaudit --resol audit; echo "${COMPREPLY[*]}"')
echo "$completion" | sed 's/^/  /'
check "mailaudit au<TAB> completes to audit" grep -qw audit <<< "$(echo "$completion" | head -1)"
check "mailaudit audit --resol<TAB> completes to --resolver" grep -q -- "--resolver" <<< "$(echo "$completion" | tail -1)"
step "zsh and fish completions"
# zsh: compinit finds the function in Debian's vendor folder and binds it to mailaudit.
check "zsh binds _mailaudit to mailaudit" test "$(inroot zsh -f -c 'autoload -U compinit; compinit -u -d /tmp/zcompdump; print -r -- ${_comps[mailaudit]}')" = _mailaudit
check "the zsh completion parses" inroot zsh -n /usr/share/zsh/vendor-completions/_mailaudit
# fish loads it from its vendor folder by itself.
fish_out=$(inroot fish -c 'complete -C "mailaudit au"; complete -C "mailaudit audit --resol"')
echo "$fish_out" | cut -c1-100 | sed 's/^/  /'
check "fish: mailaudit au<TAB> and audit --resol<TAB>" test "$(echo "$fish_out" | grep -c -E '^(audit|--resolver)\b')" -eq 2

step "mailaudit audit good.test through the lab's resolver ($LAB_RESOLVER)"
set +e
inroot env MAILAUDIT_TRUST_ANCHOR=/tmp/lab-trust-anchor.ds mailaudit audit good.test --resolver "$LAB_RESOLVER" --no-smtp > "$root/tmp/audit.txt"
status=$?
set -e
head -8 "$root/tmp/audit.txt"
check "the audit ran and judged (exit $status: 0-2, not 3 'could not audit')" test "$status" -le 2
check "the report names the domain" grep -q "^good.test:" "$root/tmp/audit.txt"

step "the nightly job: as the user mailaudit, with the example configuration"
check "the system user mailaudit exists" inroot getent passwd mailaudit
check "/var/lib/mailaudit belongs to mailaudit, mode 0750" test "$(inroot stat -c '%U:%G %a' /var/lib/mailaudit)" = "mailaudit:mailaudit 750"
# The admin's edits: a domain, and the lab's resolver (this machine's is not the lab's).
echo "good.test" > "$root/etc/mailaudit/domains"
printf '\nresolver: [%s]\nno-smtp: true\n' "$LAB_RESOLVER" >> "$root/etc/mailaudit/mailaudit.yaml"
# The unit's own commands, as its user, in its folder, with its umask.
umask_value=$(sed -n 's/^UMask=//p' "$root/lib/systemd/system/mailaudit.service")
grep -E '^ExecStart(Post)?=' "$root/lib/systemd/system/mailaudit.service" | cut -d= -f2- > "$root/tmp/exec.txt"
check "the unit has its commands" test "$(wc -l < "$root/tmp/exec.txt")" -ge 2
while read -r command; do
    echo "\$ $command"
    set +e
    inroot runuser -u mailaudit -- env MAILAUDIT_TRUST_ANCHOR=/tmp/lab-trust-anchor.ds HOME=/var/lib/mailaudit \
        sh -c "cd /var/lib/mailaudit && umask $umask_value && $command" 2>&1 | sed 's/^/  /'
    status=${PIPESTATUS[0]}
    set -e
    check "exit $status: a success by the unit's SuccessExitStatus=1 2" test "$status" -le 2
done < "$root/tmp/exec.txt"
inroot ls -l /var/lib/mailaudit | sed 's/^/  /'
check "the HTML report (ExecStartPost) was written" grep -q "<html" "$root/var/lib/mailaudit/report.html"
check "the history database was written" test -s "$root/var/lib/mailaudit/history.db"
check "the history and report are not readable by others" test -z "$(find "$root/var/lib/mailaudit" -type f -perm /o=r)"
printf 'domains-file: domains\nformat: htlm\n' > "$root/tmp/bad.yaml"
set +e
inroot mailaudit audit --config /tmp/bad.yaml > /dev/null 2> "$root/tmp/bad.err"
status=$?
set -e
cat "$root/tmp/bad.err" | sed 's/^/  /'
check "a bad configuration: file:line and exit 3" test "$status" -eq 3 -a "$(grep -c '^mailaudit: /tmp/bad.yaml:2: ' "$root/tmp/bad.err")" -eq 1

step "systemd units"
inroot systemd-analyze verify /lib/systemd/system/mailaudit.service /lib/systemd/system/mailaudit.timer 2>&1 | sed 's/^/  /' | tee "$root/tmp/verify.txt"
check "systemd-analyze verify: no complaint" test ! -s "$root/tmp/verify.txt"
check "the timer is installed, not enabled" test ! -e "$root/etc/systemd/system/timers.target.wants/mailaudit.timer"
inroot systemd-analyze security --offline=true /lib/systemd/system/mailaudit.service 2>/dev/null | tail -1 | sed 's/^/  /'
echo "conffiles:"; inroot dpkg-query -W -f='${Conffiles}\n' mailaudit | sed 's/^/  /'

step "apt remove, then apt purge: nothing the package installed is left"
# As an admin would have it: the timer enabled (the link systemctl enable makes).
mkdir -p "$root/etc/systemd/system/timers.target.wants"
ln -s /lib/systemd/system/mailaudit.timer "$root/etc/systemd/system/timers.target.wants/mailaudit.timer"
inroot apt-get remove -y -qq mailaudit 2>&1 | grep -E "^(Removing|E:)" | sed 's/^/  /'
left=$(while read -r path; do if [[ -f $root$path && $path != /etc/* ]]; then echo "$path"; fi; done < "$root/tmp/installed.txt")
check "after remove, no installed file is left but the configuration" test -z "$left"
check "after remove, the configuration and the state are kept" test -f "$root/etc/mailaudit/mailaudit.yaml" -a -d "$root/var/lib/mailaudit"
inroot apt-get purge -y -qq mailaudit 2>&1 | grep -E "^(Purging|E:)" | sed 's/^/  /'
left=$(while read -r path; do if [[ -e $root$path && ! -d $root$path ]]; then echo "$path"; fi; done < "$root/tmp/installed.txt")
check "after purge, no file the package installed is left" test -z "$left"
check "after purge, /etc/mailaudit and /var/lib/mailaudit are gone" test ! -e "$root/etc/mailaudit" -a ! -e "$root/var/lib/mailaudit"
check "after purge, the enabled timer's link is gone" test ! -L "$root/etc/systemd/system/timers.target.wants/mailaudit.timer"
check "after purge, the user mailaudit is gone" bash -c "! chroot '$root' getent passwd mailaudit"
echo
echo "test-package: every check passed for $(basename "$deb") in a clean $suite root"
