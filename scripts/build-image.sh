#!/usr/bin/env bash
# The container image localhost/mailaudit:VERSION, built without any registry:
#  1. mmdebstrap makes a clean Debian root and installs the .deb there with apt (the
#     package's Depends come from the Debian archive, as on a server);
#  2. podman imports that root as localhost/mailaudit-root:VERSION;
#  3. buildah builds packaging/Containerfile on it (user, working folder, entry point; no
#     RUN step, so no container runs during the build);
#  4. with --test, the image runs `mailaudit audit` of a lab domain through the lab's
#     resolver (podman run --network=host; the lab must be running).
#   scripts/build-image.sh [--test] [dist/mailaudit_VERSION_ARCH.deb]
# Needs root, mmdebstrap, podman and buildah (apt install mmdebstrap podman buildah runc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
test_run=0
[[ ${1:-} == --test ]] && { test_run=1; shift; }
deb=${1:-$(ls -t dist/mailaudit_*.deb 2>/dev/null | head -1)}
[[ -f $deb ]] || { echo "build-image: no package: scripts/package.sh builds one" >&2; exit 1; }
for tool in mmdebstrap podman buildah; do
    command -v $tool >/dev/null || { echo "build-image: $tool is missing: apt install mmdebstrap podman buildah" >&2; exit 1; }
done
version=$(dpkg-deb -f "$deb" Version)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
work=$(mktemp -d /tmp/mailaudit-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$deb" "$work/mailaudit.deb"

echo "build-image: the root (Debian $suite, the package installed by apt)"
started=$SECONDS
# The hooks run outside the root with it at "$1": the .deb goes in, apt installs it, and the
# package lists and the copy go again. No documentation but the package's own is dropped.
mmdebstrap --quiet --variant=apt \
    --customize-hook="copy-in $work/mailaudit.deb /tmp" \
    --customize-hook='chroot "$1" apt-get install -y -qq /tmp/mailaudit.deb >/dev/null' \
    --customize-hook='rm -f "$1/tmp/mailaudit.deb"; chroot "$1" apt-get clean; rm -rf "$1"/var/lib/apt/lists/*' \
    "$suite" "$work/root.tar"
echo "build-image: root made in $(( SECONDS - started )) s ($(du -h "$work/root.tar" | cut -f1) as tar)"
podman import --quiet "$work/root.tar" "localhost/mailaudit-root:$version" >/dev/null
buildah build --quiet --build-arg "VERSION=$version" -f packaging/Containerfile -t "localhost/mailaudit:$version" packaging >/dev/null
podman tag "localhost/mailaudit:$version" localhost/mailaudit:latest
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' localhost/mailaudit
echo "build-image: user $(podman image inspect --format '{{.Config.User}}' "localhost/mailaudit:$version"), entry point $(podman image inspect --format '{{.Config.Entrypoint}}' "localhost/mailaudit:$version")"

if (( test_run )); then
    # How it runs here, and why (docs/packaging.md): runc, because crun refuses a machine
    # with cgroups v1 and v2 mounted side by side ("hybrid mode"); limits within this
    # machine's own hard limits, because podman cannot raise them (its default for root
    # asks more files than the hard limit allows, and podman lowers its own process limit
    # to pid_max before the runtime sets the container's).
    nproc=$(ulimit -Hu); pid_max=$(cat /proc/sys/kernel/pid_max)
    [[ $nproc == unlimited || $nproc -gt $pid_max ]] && nproc=$pid_max
    run=(podman)
    command -v runc >/dev/null && run+=(--runtime runc)
    run+=(run --rm --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=$nproc:$nproc")
    anchor=/tmp/mailaudit-lab/trust-anchor.ds
    [[ -f $anchor ]] || { echo "build-image: the lab is not running: Tests/lab/lab.sh start" >&2; exit 1; }
    echo "build-image: ${run[*]} --network=host ... audit good.test --resolver ${MAILAUDIT_LAB_RESOLVER:-127.77.0.54} --no-smtp"
    set +e
    "${run[@]}" --network=host -v "$anchor:/lab/anchor.ds:ro" -e MAILAUDIT_TRUST_ANCHOR=/lab/anchor.ds \
        "localhost/mailaudit:$version" audit good.test --resolver "${MAILAUDIT_LAB_RESOLVER:-127.77.0.54}" --no-smtp > "$work/audit.txt"
    status=$?
    set -e
    head -6 "$work/audit.txt"
    whoami=$("${run[@]}" --entrypoint /usr/bin/id "localhost/mailaudit:$version" -un)
    echo "build-image: the audit in the image exited $status; it runs as '$whoami'"
    [[ $status -le 2 && $whoami == mailaudit ]] || { echo "build-image: the image's test failed" >&2; exit 1; }
fi
