#!/usr/bin/env bash
# Build the Pulumi Python language host (pulumi-language-python) from the same pulumi source that
# ../shared/pulumi-engine/build.sh builds the CLI from, and install it next to the CLI. The engine
# layer needs it for one thing: `pulumi package add <plugin dir>` in a Python project generates the
# Python SDK through this host (test/engine/package.test.ts). build.sh does not build it.
#
#   build-python-host.sh            # PREFIX=/opt/pulumi, PULUMI_REV=v3.248.0 (build.sh's defaults)
#
# Needs: git, go (GOTOOLCHAIN=local; modules from the Go module proxy), tar, the bare mirror
# /work/.mirror/pulumi+pulumi/repo (build.sh's header says how it is fetched). ~1-3 min warm.
# Exits 0 without doing anything when the host is already installed.
set -euo pipefail

MIRROR_ROOT=${MIRROR_ROOT:-/work/.mirror}
PULUMI_MIRROR=${PULUMI_MIRROR:-$MIRROR_ROOT/pulumi+pulumi/repo}
PREFIX=${PREFIX:-/opt/pulumi}
WORK=${WORK:-/tmp/pulumi-python-host}
PULUMI_REV=${PULUMI_REV:-v3.248.0}
PULUMI_VERSION=${PULUMI_VERSION:-${PULUMI_REV#v}}
export GOTOOLCHAIN=local

if [ -x "$PREFIX/bin/pulumi-language-python" ] && [ "${FORCE:-0}" != 1 ]; then
    echo "pulumi-language-python already in $PREFIX/bin" >&2
    exit 0
fi
[ -d "$PULUMI_MIRROR" ] || { echo "pulumi mirror not found: $PULUMI_MIRROR" >&2; exit 1; }

# The host's go.mod replaces pulumi/sdk and pulumi/pkg with the tree's own folders: extract both.
# Blobs the mirror lacks (large test data) are left out, as build.sh does; none is needed to build.
src=$WORK/pulumi
rm -rf "$src"; mkdir -p "$src"
missing=$(git -C "$PULUMI_MIRROR" ls-tree -r "$PULUMI_REV" -- sdk pkg | awk '$2=="blob"{print $3}' \
    | git -C "$PULUMI_MIRROR" cat-file --batch-check | awk '$2=="missing"{print $1}' | tr '\n' ' ')
excl=()
if [ -n "${missing// /}" ]; then
    while IFS= read -r p; do
        echo "  leaving out (blob missing in mirror): $p" >&2
        excl+=(":(exclude,literal)$p")
    done < <(git -c core.quotePath=false -C "$PULUMI_MIRROR" ls-tree -r "$PULUMI_REV" -- sdk pkg | awk -F'\t' -v miss="$missing" '
        BEGIN { n = split(miss, a, " "); for (i = 1; i <= n; i++) M[a[i]] = 1 }
        { split($1, f, " "); if (f[3] in M) print $2 }')
fi
git -C "$PULUMI_MIRROR" archive --format=tar "$PULUMI_REV" -- sdk pkg "${excl[@]}" 2> >(grep -v '^error: invalid object' >&2) \
    | tar -x -C "$src"
echo "  extracted $(git -C "$PULUMI_MIRROR" rev-parse "$PULUMI_REV^{commit}") ($PULUMI_REV) sdk/ pkg/ -> $src" >&2

t0=$SECONDS
(cd "$src/sdk/python/cmd/pulumi-language-python" && nice -n 10 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$WORK/pulumi-language-python" .)
echo "  go build took $((SECONDS - t0)) s" >&2
mkdir -p "$PREFIX/bin"
# The host runs programs through pulumi-language-python-exec (a Python script) found next to it.
install -m 0755 "$WORK/pulumi-language-python" "$src/sdk/python/cmd/pulumi-language-python-exec" "$PREFIX/bin/"
echo "installed $PREFIX/bin/pulumi-language-python" >&2
