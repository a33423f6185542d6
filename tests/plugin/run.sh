#!/usr/bin/env bash
# Install the build into a temporary prefix, then build examples/plugin (a
# logging backend plugin and a program that loads it) against the installed
# library alone, with its own Makefile and pkg-config, and run it: the plugin
# must see every operation of the plan, export nothing but its entry point,
# and so must the Linux plugins installed with the library.
#
# usage: run.sh BUILD_DIR EXAMPLE_DIR TOPOLOGY LIBDIR C_COMPILER [SANITIZE]
set -euo pipefail

build=${1:?build dir}
example=${2:?examples/plugin dir}
topology=${3:?topology}
libdir=${4:?install libdir (relative)}
cc=${5:?C compiler}
sanitize=${6:-}
cflags="-O2 -g -Werror"
if [[ -n "$sanitize" ]]; then
	cflags+=" -fsanitize=$sanitize"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

step() { echo "== $*"; }
die() {
	echo "FAIL: $*" >&2
	exit 1
}

exports_only_entry() { # file
	local syms
	syms=$(nm -D --defined-only "$1" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sort -u)
	[[ "$syms" == "rasgw_backend_plugin_init" ]] ||
		die "$1 exports more than rasgw_backend_plugin_init: $(echo $syms)"
}

step "cmake --install into a temporary prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; die "cmake --install failed"; }
[[ -f "$prefix/include/rasgw/sys/backend.h" ]] || die "rasgw/sys/backend.h not installed"

plugins=("$prefix/$libdir"/rasgw/plugins/*.so)
if [[ -e "${plugins[0]}" ]]; then
	for p in "${plugins[@]}"; do
		exports_only_entry "$p"
		echo "installed plugin $(basename "$p"): exports rasgw_backend_plugin_init only"
	done
else
	echo "no Linux plugins installed (libnftables-dev / libmnl-dev missing?)"
fi

step "make -C examples/plugin against the installed library"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
mkdir -p "$tmp/out"
make -s -C "$example" O="$tmp/out" CC="$cc" CFLAGS="$cflags" >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log" >&2; die "building examples/plugin failed"; }
exports_only_entry "$tmp/out/rasgw-log.so"
# Nothing from the build tree: headers and library come from the prefix.
grep -q "$build" "$tmp/make.log" && die "the example build referred to the build tree"

step "apply a failover plan through the plugin"
export LD_LIBRARY_PATH="$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
out=$("$tmp/out/apply-demo" "$topology" gw1 "$tmp/out/rasgw-log.so" "file=$tmp/ops.log") ||
	die "apply-demo failed: $out"
echo "$out"
lib=$(ldd "$tmp/out/apply-demo" | awk '/librasgw\.so/ { print $3 }')
[[ "$lib" == "$prefix/"* ]] || die "apply-demo loaded '$lib', not the installed library"
ops=$(sed -n 's/.*: \([0-9]*\) operations, \([0-9]*\) applied/\1 \2/p' <<<"$out")
read -r planned applied <<<"$ops"
[[ -n "$planned" && "$planned" -gt 0 && "$planned" == "$applied" ]] ||
	die "expected every planned operation applied, got '$out'"
logged=$(grep -c -E '^[a-z-]+ (slb|host|gateway|tor):' "$tmp/ops.log" || true)
[[ "$logged" == "$planned" ]] || { cat "$tmp/ops.log" >&2; die "the plugin logged $logged operations of $planned"; }
grep -q 'gateway.promote' "$tmp/ops.log" || die "no gateway.promote in the log"
grep -q '^commit$' "$tmp/ops.log" || die "commit was not called"

step "a bad config fails the load"
if "$tmp/out/apply-demo" "$topology" gw1 "$tmp/out/rasgw-log.so" "kinds=none" >/dev/null 2>&1; then
	die "kinds=none was accepted"
fi
# The Linux plugins refuse a bad config at load (no root needed to get there).
for bad in "rasgw-frr.so:transport=carrier-pigeon" "rasgw-netlink.so:rule_pref=first" \
	"rasgw-nft.so:colour=blue"; do
	so=${bad%%:*} config=${bad#*:}
	[[ -e "$prefix/$libdir/rasgw/plugins/$so" ]] || continue
	if "$tmp/out/apply-demo" "$topology" gw1 "$prefix/$libdir/rasgw/plugins/$so" "$config" \
		>/dev/null 2>"$tmp/err.log"; then
		die "$so accepted the config '$config'"
	fi
	grep -q "$config\|${config%%=*}" "$tmp/err.log" ||
		die "$so refused '$config' without saying why: $(cat "$tmp/err.log")"
	echo "$so refuses '$config': $(head -n 1 "$tmp/err.log")"
done
echo "install.plugin: examples/plugin builds against the installed librasgw and applies $planned operations"
