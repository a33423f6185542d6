#!/usr/bin/env bash
# Every example builds from the install tree alone and runs (issue: examples
# are what integrators copy first). Installs the current build into a
# temporary prefix, compiles each example with `pkg-config rasgw` only, and
# runs it on the installed topologies and scenarios.
#
# usage: examples.sh BUILD_DIR SOURCE_DIR LIBDIR C_COMPILER
set -euo pipefail

build=${1:?build dir}
src=${2:?source dir}
libdir=${3:?install libdir (relative)}
cc=${4:?C compiler}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
bin="$tmp/bin"
mkdir -p "$bin"

die() {
	echo "FAIL: $*" >&2
	exit 1
}
step() { echo "== $*"; }

step "cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; die "cmake --install failed"; }
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
export LD_LIBRARY_PATH="$prefix/$libdir"
share="$prefix/share/rasgw"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror"

for f in "$src"/examples/rasgw-*.c; do
	name=$(basename "$f" .c)
	step "build $name against the install tree"
	# shellcheck disable=SC2046
	"$cc" $cflags $(pkg-config --cflags rasgw) "$f" -o "$bin/$name" $(pkg-config --libs rasgw) ||
		die "$name does not build from the install tree"
done
step "build rasgw-sim (examples/sim) against the install tree"
# shellcheck disable=SC2046
"$cc" $cflags $(pkg-config --cflags rasgw yaml-0.1) "$src"/examples/sim/*.c -o "$bin/rasgw-sim" \
	$(pkg-config --libs rasgw yaml-0.1) || die "rasgw-sim does not build from the install tree"

run() { # expected-fragment command...
	local want=$1
	shift
	local out
	out=$("$@" 2>&1) || { echo "$out" >&2; die "$(basename "$1") exited with status $?"; }
	grep -q -- "$want" <<<"$out" || { echo "$out" >&2; die "$(basename "$1"): no '$want' in its output"; }
	echo "ok: $(basename "$1") ${*:2}"
}

topo="$share/topologies/contoso-woodgrove.yaml"
[[ -f "$topo" ]] || die "example topologies not installed under $share/topologies"
run "ike-pool" "$bin/rasgw-summary" "$topo"
run "committed: northwind-branch now on" "$bin/rasgw-place" "$topo" northwind northwind-branch IPSec 100000 192.0.2.77
run "committed: gre-gw1 is Failed" "$bin/rasgw-failover" "$topo" gre-gw1
scenario="$share/scenarios/r7-l3-vlan-failover-contoso-woodgrove.yaml"
[[ -f "$scenario" ]] || die "example scenarios not installed under $share/scenarios"
run "l3-pool" "$bin/rasgw-sim" --check "$scenario"

# The Python example, with the installed package (when the binding was built).
pkg=$(find "$prefix" -type d -name rasgw -path '*-packages/rasgw' -print -quit)
if [[ -n "$pkg" ]] && /usr/bin/python3 -c 'import cffi' 2>/dev/null; then
	step "python example with the installed package"
	PYTHONPATH=$(dirname "$pkg") PYTHONDONTWRITEBYTECODE=1 \
		run "after" /usr/bin/python3 "$src/examples/python/run_failure.py" "$topo"
else
	echo "(python example skipped: the binding was not built or python3-cffi is missing)"
fi
echo "examples: all built from the install tree and ran"
