#!/usr/bin/env bash
# Install the current build into a temporary prefix, then build and run two
# consumers against it: one through pkg-config, one through the CMake
# package (find_package(rasgw CONFIG)). Both must print the project version.
#
# usage: run.sh BUILD_DIR CONSUMER_SRC_DIR VERSION LIBDIR C_COMPILER [SANITIZE]
# SANITIZE is the build's RASGW_SANITIZE: an instrumented library needs
# instrumented consumers.
set -euo pipefail

build=${1:?build dir}
here=${2:?consumer source dir}
version=${3:?expected version}
libdir=${4:?install libdir (relative)}
cc=${5:?C compiler}
sanitize=${6:-}
cflags="-std=c11 -Wall -Wextra -Werror"
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

step "cmake --install into a temporary prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; die "cmake --install failed"; }

# What must, and must not, be installed.
[[ -f "$prefix/include/rasgw/common.h" ]] || die "public headers not installed"
[[ -e "$prefix/$libdir/librasgw.so" ]] || die "$libdir/librasgw.so (dev symlink) not installed"
[[ -e "$prefix/$libdir/librasgw.so.${version%%.*}" ]] || die "SONAME link not installed"
[[ -f "$prefix/$libdir/pkgconfig/rasgw.pc" ]] || die "rasgw.pc not installed"
[[ -f "$prefix/$libdir/cmake/rasgw/rasgwConfig.cmake" ]] || die "rasgwConfig.cmake not installed"
[[ -f "$prefix/$libdir/cmake/rasgw/rasgwConfigVersion.cmake" ]] || die "rasgwConfigVersion.cmake not installed"
leaked=$(find "$prefix" \( -name '*.a' -o -name 'core.h' -o -name '*_int.h' \) -print)
[[ -z "$leaked" ]] || die "internal files installed: $leaked"

export LD_LIBRARY_PATH="$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

check_output() { # name binary
	local out
	out=$("$2") || die "$1 consumer exited with status $?"
	[[ "$out" == "$version" ]] || die "$1 consumer printed '$out', expected '$version'"
	# The binary must have run against the installed library, not the build tree.
	local lib
	lib=$(ldd "$2" | awk '/librasgw\.so/ { print $3 }')
	[[ "$lib" == "$prefix/"* ]] || die "$1 consumer loaded '$lib', not the installed library"
	echo "$1 consumer: $out (library $lib)"
}

step "pkg-config consumer"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
pc_version=$(pkg-config --modversion rasgw)
[[ "$pc_version" == "$version" ]] || die "pkg-config --modversion rasgw gave '$pc_version'"
flags=$(pkg-config --cflags --libs rasgw)
echo "pkg-config --cflags --libs rasgw: $flags"
# shellcheck disable=SC2086 # word splitting of the flags is intended
"$cc" $cflags "$here/pkgconfig/main.c" -o "$tmp/pc-consumer" $flags
check_output pkg-config "$tmp/pc-consumer"

step "CMake package consumer"
cmake -S "$here/cmake" -B "$tmp/cmake-build" \
	-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
	-DCMAKE_C_FLAGS="$cflags" >"$tmp/cmake.log" 2>&1 ||
	{ cat "$tmp/cmake.log" >&2; die "configuring the CMake consumer failed"; }
cmake --build "$tmp/cmake-build" >"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log" >&2; die "building the CMake consumer failed"; }
check_output cmake "$tmp/cmake-build/consumer"

echo "install.consumers: pkg-config and CMake consumers run against the installed librasgw $version"
